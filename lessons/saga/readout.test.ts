import { describe, expect, it } from 'vitest';
import lesson, { sagaMachine } from './lesson.ts';
import { STATE_PLACE, sagaCalls, sagaPath, summarize } from './readout.tsx';
import { runLesson } from '../../tests/support/lesson-runs.ts';

const loseReply = [{ at: 0, kind: 'drop-next', from: 'payment', to: 'orders' } as const];
const problems = (h: ReturnType<typeof summarize>) =>
  h.find((x) => x.label === 'problems with the end state')!;

describe('saga readout', () => {
  it('without the fix: the unheard charge is undone by releasing, and the order ends charged but cancelled', () => {
    const { events } = runLesson(lesson, { interventions: [...loseReply] });
    const path = sagaPath(events, events.length);
    expect(path.current).toBe('cancelled');
    expect(path.edges).toEqual(
      new Set(['created>reserving', 'reserving>charging', 'charging>releasing', 'releasing>cancelled']),
    );
    expect(path.compensations).toBe(1);
    expect(sagaCalls(events, events.length).map((c) => `${c.step}:${c.result}`)).toEqual([
      'reserve:success',
      'charge:unknown',
      'release:success',
    ]);
    expect(problems(summarize(events, events.length))).toMatchObject({ value: 1, good: false });
  });

  it('with the fix: asks again, completes, nothing to undo', () => {
    const { events } = runLesson(lesson, { params: { resolveUnknown: true }, interventions: [...loseReply] });
    const path = sagaPath(events, events.length);
    expect(path.current).toBe('completed');
    expect(path.loops).toEqual(new Set(['charging']));
    expect(path.compensations).toBe(0);
    expect(problems(summarize(events, events.length))).toMatchObject({ value: 0, good: true });
  });

  it('places every state of the machine on the diagram', () => {
    type Node = { key: string; states: Record<string, Node> };
    const leaves = (node: Node, prefix: string): string[] =>
      Object.values(node.states).flatMap((child) => {
        const label = prefix ? `${prefix}.${child.key}` : child.key;
        return Object.keys(child.states).length ? leaves(child, label) : [label];
      });
    const labels = leaves(sagaMachine.root as unknown as Node, '');
    expect(labels).toContain('compensating.refundRetry');
    expect(labels.filter((l) => !STATE_PLACE[l])).toEqual([]);
  });
});
