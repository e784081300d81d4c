/**
 * The worker adapter, driven as the page drives it, with the slices of work run by hand: replies of a
 * superseded run are never mixed into the new one, and a branch says `truncated` before the chunks
 * of its new events.
 */
import { describe, expect, it } from 'vitest';
import { loadLesson } from '../cli/load-lessons.ts';
import { defaultParams } from '../engine/params.ts';
import type { RunSpec } from '../engine/run-spec.ts';
import { createWorkerAdapter } from './adapter.ts';
import type { FromWorker } from './protocol.ts';

async function harness() {
  const posted: FromWorker[] = [];
  const pending: (() => void)[] = [];
  const handle = createWorkerAdapter({
    post: (m) => void posted.push(m),
    loadLesson: async (id) => (id === 'three-outcomes' ? loadLesson(id) : undefined),
    defer: (work) => void pending.push(work),
  });
  /** Runs the deferred slices of work until there is none left. */
  const drain = () => {
    while (pending.length > 0) pending.shift()!();
  };
  const lesson = await loadLesson('three-outcomes');
  const run = (seed: number): RunSpec => ({
    lessonId: 'three-outcomes',
    seed,
    params: { ...defaultParams(lesson.params) },
    interventions: [],
  });
  return { posted, handle, drain, run };
}

/** The chunks of a generation must follow on from one another (or from a truncation). */
function expectContiguous(messages: FromWorker[]): void {
  let length = 0;
  for (const m of messages) {
    if (m.type === 'truncated') {
      expect(m.length).toBeLessThanOrEqual(length);
      length = m.length;
    } else if (m.type === 'chunk') {
      expect(m.fromSeq).toBe(length);
      m.events.forEach((e, i) => expect(e.seq).toBe(m.fromSeq + i));
      length += m.events.length;
    }
  }
}

describe('the worker adapter', () => {
  it('loads a run and streams its trace in order, ending with where it got to', async () => {
    const { posted, handle, drain, run } = await harness();
    await handle({ type: 'load', generation: 1, run: run(1), untilMs: 5000 });
    drain();
    expect(posted[0]).toMatchObject({ type: 'loaded', generation: 1 });
    const chunks = posted.filter((m) => m.type === 'chunk');
    expect(chunks.length).toBeGreaterThan(0);
    expectContiguous(posted);
    expect(chunks[chunks.length - 1]).toMatchObject({ simulatedUntil: 5000 });
  });

  it('a superseded run posts nothing more, and its late commands are ignored', async () => {
    const { posted, handle, drain, run } = await harness();
    await handle({ type: 'load', generation: 1, run: run(1), untilMs: 5000 });
    // The page reloads before the first run's work has been done.
    await handle({ type: 'load', generation: 2, run: run(2), untilMs: 5000 });
    const reloadedAt = posted.length;
    await handle({
      type: 'intervene',
      generation: 1,
      intervention: { at: 0, kind: 'crash', node: 'server' },
      untilMs: 9000,
    });
    await handle({ type: 'extend', generation: 1, untilMs: 20_000 });
    drain();
    const after = posted.slice(reloadedAt);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((m) => 'generation' in m && m.generation === 2)).toBe(true);
    expect(after.some((m) => m.type === 'truncated')).toBe(false);
    // Generation 2's stream starts from the beginning, and the stale extend did not move it on.
    expectContiguous(after);
    const last = after.filter((m) => m.type === 'chunk').pop();
    expect(last).toMatchObject({ simulatedUntil: 5000 });
  });

  it('an intervention in the past says truncated before the chunks of the new branch', async () => {
    const { posted, handle, drain, run } = await harness();
    await handle({ type: 'load', generation: 1, run: run(1), untilMs: 6000 });
    drain();
    const before = posted.length;
    await handle({
      type: 'intervene',
      generation: 1,
      intervention: { at: 1000, kind: 'crash', node: 'server' },
      untilMs: 6000,
    });
    drain();
    const branch = posted.slice(before);
    expect(branch[0]).toMatchObject({ type: 'truncated', generation: 1 });
    expect(branch.slice(1).every((m) => m.type === 'chunk')).toBe(true);
    expectContiguous(posted);
    const crash = branch.flatMap((m) => (m.type === 'chunk' ? m.events : [])).find((e) => e.type === 'crash');
    expect(crash).toMatchObject({ node: 'server', t: 1000 });
  });

  it('a lesson that does not exist fails its run with a message, and the next run still works', async () => {
    const { posted, handle, drain, run } = await harness();
    await handle({
      type: 'load',
      generation: 1,
      run: { ...run(1), lessonId: 'no-such-lesson' },
      untilMs: 1000,
    });
    expect(posted).toEqual([
      expect.objectContaining({
        type: 'error',
        generation: 1,
        message: expect.stringMatching(/no-such-lesson/),
      }),
    ]);
    await handle({ type: 'load', generation: 2, run: run(1), untilMs: 1000 });
    drain();
    expect(posted[1]).toMatchObject({ type: 'loaded', generation: 2 });
  });
});
