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
});
