import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getLesson } from '../../tests/support/lessons.ts';
import { defaultParams } from '../engine/params.ts';
import { outsideName } from '../engine/testing/arbitraries.ts';
import { checkProperty } from '../engine/testing/property.ts';
import type { SimClient } from '../store/sim-client.ts';
import { createAppStore } from '../store/store.ts';
import { connectHost } from './host-api.ts';
import { DEFAULT_OPTIONS, type EmbedOptions } from './options.ts';

const lesson = getLesson('three-outcomes')!;
const HOST = 'https://blog.example';

/** A client that runs nothing: these tests look at what the host API accepts, not at runs. */
const idleClient = (): SimClient => ({
  load: () => 1,
  extend: () => {},
  intervene: () => {},
  requestPositions: () => {},
  crashTest: () => {},
  generation: 1,
});

/** An embed in a frame: a fake window whose parent records what the embed posts. */
function framedEmbed(options: Partial<EmbedOptions> = {}) {
  const app = createAppStore(idleClient, idleClient, null);
  app.setState({
    lesson,
    run: { lessonId: lesson.id, seed: 1, params: defaultParams(lesson.params), interventions: [] },
    status: 'ready',
  });
  const listeners = new Set<(e: MessageEvent) => void>();
  const posted: { type: string; message?: string; command?: string }[] = [];
  const parent = { postMessage: (data: (typeof posted)[number]) => void posted.push(data) };
  const win = {
    parent,
    addEventListener: (_: string, fn: (e: MessageEvent) => void) => void listeners.add(fn),
    removeEventListener: (_: string, fn: (e: MessageEvent) => void) => void listeners.delete(fn),
  } as unknown as Window;
  connectHost(app, { ...DEFAULT_OPTIONS, ...options }, win);
  const send = (data: unknown, from: { source?: unknown; origin?: string } = {}) => {
    const event = {
      data,
      source: 'source' in from ? from.source : parent,
      origin: from.origin ?? HOST,
    } as MessageEvent;
    for (const l of listeners) l(event);
  };
  const errors = () => posted.filter((p) => p.type === 'roundtrip:error');
  return { app, send, errors };
}

beforeEach(() => void vi.spyOn(console, 'warn').mockImplementation(() => {}));
afterEach(() => vi.restoreAllMocks());

describe('the embed host API', () => {
  it('setParam with a name like "constructor" answers a clear error and changes nothing', () => {
    checkProperty(
      fc.property(outsideName, fc.oneof(fc.string(), fc.integer(), fc.boolean()), (name, value) => {
        fc.pre(!Object.hasOwn(lesson.params, name));
        const { app, send, errors } = framedEmbed();
        const before = app.getState().run;
        send({ type: 'roundtrip:setParam', name, value });
        expect(app.getState().run).toBe(before);
        if (name === '') return; // refused by the schema: minLength(1)
        expect(errors()).toEqual([
          {
            type: 'roundtrip:error',
            command: 'roundtrip:setParam',
            message: expect.stringContaining(`unknown parameter "${name}"; this lesson accepts requestLoss`),
          },
        ]);
      }),
      { file: 'src/embed/host-api.test.ts', test: 'setParam with a name like' },
    );
  });

  it('takes commands from the parent window only, whatever the message says', () => {
    const { app, send, errors } = framedEmbed();
    const setDeadline = { type: 'roundtrip:setParam', name: 'deadlineMs', value: 500 };
    send(setDeadline, { source: {} }); // another frame or a popup
    send({ type: 'roundtrip:nope' }, { source: null });
    expect(app.getState().run?.params.deadlineMs).toBe(lesson.params.deadlineMs!.default);
    expect(errors()).toEqual([]);
    send(setDeadline);
    expect(app.getState().run?.params.deadlineMs).toBe(500);
  });

  it('with allowedOrigins, takes commands from those origins only', () => {
    const { app, send } = framedEmbed({ allowedOrigins: [HOST] });
    send({ type: 'roundtrip:setParam', name: 'deadlineMs', value: 500 }, { origin: 'https://evil.example' });
    expect(app.getState().run?.params.deadlineMs).toBe(lesson.params.deadlineMs!.default);
    send({ type: 'roundtrip:setParam', name: 'deadline', value: 600 }, { origin: HOST });
    expect(app.getState().run?.params.deadlineMs).toBe(600);
  });

  it('quotes at most 100 characters of what was sent in an error', () => {
    const { send, errors } = framedEmbed();
    const long = 'x'.repeat(5000);
    send({ type: `roundtrip:${long}` });
    send({ type: 'roundtrip:setParam', name: long, value: 1 });
    send({ type: 'roundtrip:setParam', name: 'deadline', value: long });
    send({ type: 'roundtrip:seek', t: long });
    send({ type: 'roundtrip:play', [long]: 1 });
    send({ type: 'roundtrip:intervene', intervention: { kind: long } });
    send({ type: 'roundtrip:intervene', intervention: { kind: 'crash', node: long } });
    expect(errors()).toHaveLength(7);
    for (const e of errors()) {
      expect(e.message).not.toMatch(/x{101}/);
      expect(e.command?.length ?? 0).toBeLessThanOrEqual(100);
    }
  });
});
