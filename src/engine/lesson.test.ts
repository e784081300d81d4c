import { describe, expect, it } from 'vitest';
import { defineGuide, type GuideSpec } from './lesson.ts';
import type { ParamSchema } from './params.ts';

const guideWithDrift = (min: number, max: number): GuideSpec<ParamSchema> => ({
  id: 'drifting',
  title: 'Drifting',
  summary: '',
  principle: '',
  part: 1,
  order: 1,
  minutes: 1,
  params: {
    driftPpm: { kind: 'number', label: 'Drift', description: '', unit: 'ppm', min, max, step: 1, default: 0 },
  },
  nodeNames: () => ['a'],
  durationMs: 1000,
  defaultSeed: 1,
  interventions: [],
  steps: [],
});

describe('defineGuide', () => {
  it('refuses a drift setting whose range goes beyond what a clock may be set to', () => {
    expect(() => defineGuide(guideWithDrift(-1_000_000, 0))).toThrow(
      /parameter driftPpm: a clock's drift must be between -100,000 and 100,000 ppm, not -1,000,000/,
    );
    expect(() => defineGuide(guideWithDrift(0, 200_000))).toThrow(/not 200,000/);
  });

  it('accepts a drift setting within the range', () => {
    expect(defineGuide(guideWithDrift(-100_000, 100_000)).id).toBe('drifting');
  });

  it('refuses a former parameter name that is a current name or the former name of another', () => {
    const base = guideWithDrift(0, 0);
    const flag = { kind: 'boolean', label: 'Flag', description: '', default: false } as const;
    const clash = {
      ...base,
      params: { ...base.params, skew: flag, other: { ...flag, formerNames: ['skew'] } },
    };
    expect(() => defineGuide<ParamSchema>(clash)).toThrow(/former parameter name "skew" is in use/);
    const twice: GuideSpec<ParamSchema> = {
      ...base,
      params: { a: { ...flag, formerNames: ['old'] }, b: { ...flag, formerNames: ['old'] } },
    };
    expect(() => defineGuide<ParamSchema>(twice)).toThrow(/former parameter name "old" is in use/);
  });
});
