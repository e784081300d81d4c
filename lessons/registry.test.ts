import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lessonFolders, loadLessons } from '../src/cli/load-lessons.ts';
import { defaultParams, type ParamSpec, type Params } from '../src/engine/index.ts';
import { lessonIds, loadAllGuides, loadGuide, loadedGuide } from './registry.ts';

/** Any value of a parameter its schema accepts. */
function paramValue(spec: ParamSpec): fc.Arbitrary<Params[string]> {
  if (spec.kind === 'boolean') return fc.boolean();
  if (spec.kind === 'choice') return fc.constantFrom(...spec.options);
  return fc
    .integer({ min: 0, max: Math.round((spec.max - spec.min) / spec.step) })
    .map((i) => spec.min + i * spec.step);
}

describe('lesson registry', () => {
  it('finds every lesson folder, and loads their guides in catalog order (part, then order)', async () => {
    expect([...lessonIds]).toEqual(lessonFolders());
    const guides = await loadAllGuides();
    expect(guides.map((g) => g.id).sort()).toEqual([...lessonIds]);
    const keys = guides.map((g) => [g.part, g.order]);
    expect(keys).toEqual([...keys].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!));
  });

  it('loads a guide by id, keeps it, and knows no other lessons', async () => {
    const guide = await loadGuide('three-outcomes');
    expect(guide?.title).toBeTruthy();
    expect(loadedGuide('three-outcomes')).toBe(guide);
    expect(await loadGuide('no-such-lesson')).toBeUndefined();
    expect(await loadGuide('../registry')).toBeUndefined();
  });

  it('each whole lesson is its guide plus a scenario whose nodes are the ones the guide names', async () => {
    const whole = await loadLessons();
    expect(whole.map((l) => l.id)).toEqual((await loadAllGuides()).map((g) => g.id));
    for (const lesson of whole) {
      const guide = (await loadGuide(lesson.id))!;
      const { scenario, ...rest } = lesson;
      expect(rest).toEqual({ ...guide });
      expect(rest.steps).toBe(guide.steps); // the same guide, not a copy that could drift
      fc.assert(
        fc.property(
          fc.record(Object.fromEntries(Object.entries(guide.params).map(([k, s]) => [k, paramValue(s)]))),
          (picked) => {
            const params = { ...defaultParams(guide.params), ...picked };
            expect(scenario(params).nodes.map((n) => n.name)).toEqual([...guide.nodeNames(params)]);
          },
        ),
        { numRuns: 25 },
      );
    }
  });

  it('every step of every lesson has speaker notes for a presenter (workshops)', async () => {
    for (const guide of await loadAllGuides()) {
      for (const step of guide.steps) {
        expect(
          step.notes?.trim().length ?? 0,
          `${guide.id} step ${step.id} has no speaker notes`,
        ).toBeGreaterThan(80);
      }
    }
  });
});
