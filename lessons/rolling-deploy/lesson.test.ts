import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stepSolutionOf, type Script } from '../../src/engine/index.ts';
import { itMeetsEachStepOnlyByItsSolution, runLesson } from '../../tests/support/lesson-runs.ts';
import lesson from './lesson.ts';
import { answers, failures, sideBySide, versionSpans, versionsNow, SERVERS } from './guide.ts';

const run = (script: Script) => runLesson(lesson, script);
/** A step's solution on top of its start, as "Show me" plays it. */
const solved = (id: string): Script =>
  stepSolutionOf(
    lesson,
    lesson.steps.findIndex((s) => s.id === id),
  );
const deployAt = (at: number) => ({ at, kind: 'signal' as const, node: 'balancer', signal: 'deploy' });

describe('rolling-deploy', () => {
  it('has the fix and the pacing as its parameters', () => {
    expect(Object.keys(lesson.params)).toEqual(['expandContract', 'deployEveryMs']);
    expect(lesson.fix?.param).toBe('expandContract');
  });

  it('doing nothing: every server stays on v1 and every request is served, all run long', () => {
    const { trace } = run({ interventions: [] });
    const all = answers(trace);
    expect(all.length).toBeGreaterThan(100);
    expect(all.every((a) => a.ok && a.version === 'v1')).toBe(true);
    expect(all.at(-1)!.t).toBeGreaterThan(lesson.durationMs - 500);
    expect(
      trace
        .ofType('outcome')
        .filter((o) => o.node === 'balancer' && o.op === 'update' && o.result !== 'success'),
    ).toEqual([]);
  });

  itMeetsEachStepOnlyByItsSolution(lesson);

  it('the plain deploy moves the servers one by one to v2, and v1 fails on format 2', () => {
    const { trace } = run({ interventions: [deployAt(1000)] });
    expect(versionsNow(trace)).toEqual({ s1: 'v2', s2: 'v2', s3: 'v2', s4: 'v2' });
    const upgrades = trace.ofType('upgraded');
    expect(upgrades.map((u) => u.server)).toEqual([...SERVERS]);
    expect(trace.ofType('deploy-done')).toHaveLength(1);
    const failed = failures(trace);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((f) => f.version === 'v1' && f.format === 2)).toBe(true);
    expect(sideBySide(trace)).toBeDefined();
  });

  it('the fix removes the failures on the same seed, and goes through v1.5 on every server first', () => {
    const without = run({ interventions: [deployAt(1000)] }).trace;
    const withFix = run({ params: { expandContract: true }, interventions: [deployAt(1000)] }).trace;
    expect(failures(without).length).toBeGreaterThan(0);
    expect(failures(withFix)).toEqual([]);
    const ups = withFix.ofType('upgraded');
    expect(ups.map((u) => u.to)).toEqual(['v1.5', 'v1.5', 'v1.5', 'v1.5', 'v2', 'v2', 'v2', 'v2']);
    const lastV1 = Math.max(
      ...versionSpans(withFix)
        .filter((s) => s.version === 'v1')
        .map((s) => s.end),
    );
    const firstV2 = Math.min(
      ...versionSpans(withFix)
        .filter((s) => s.version === 'v2')
        .map((s) => s.start),
    );
    expect(firstV2).toBeGreaterThan(lastV1);
    expect(versionsNow(withFix)).toEqual({ s1: 'v2', s2: 'v2', s3: 'v2', s4: 'v2' });
  });

  it('a failed request reaches the client as a failure naming the format', () => {
    const { trace } = run({ interventions: [deployAt(1000)] });
    const bad = trace
      .ofType('outcome')
      .filter((o) => o.node === 'balancer' && o.op === 'update' && o.result !== 'success');
    expect(bad.length).toBe(failures(trace).length);
    expect(bad.every((o) => /cannot read format 2/.test(String(o.reason)))).toBe(true);
  });

  it('is deterministic: the same script gives the same trace', () => {
    const a = run(solved('plain-deploy')).events;
    const b = run(solved('plain-deploy')).events;
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('property: expand/contract never fails a request on a format; the plain change fails only v1 reading format 2', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 3, max: 30 }).map((n) => n * 100),
        fc.integer({ min: 0, max: 4000 }),
        (seed, deployEveryMs, at) => {
          const fixed = run({
            seed,
            params: { expandContract: true, deployEveryMs },
            interventions: [deployAt(at)],
          });
          expect(failures(fixed.trace)).toEqual([]);
          const plain = run({ seed, params: { deployEveryMs }, interventions: [deployAt(at)] }).trace;
          const spans = versionSpans(plain);
          for (const f of failures(plain)) {
            expect(f.version).toBe('v1');
            expect(f.format).toBe(2);
            // Both versions were running when it failed.
            expect(spans.some((s) => s.version === 'v2' && s.start <= f.t)).toBe(true);
          }
          const bad = plain
            .ofType('outcome')
            .filter((o) => o.node === 'balancer' && o.op === 'update' && o.result !== 'success');
          expect(bad.every((o) => /cannot read format 2/.test(String(o.reason)))).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });
});
