import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeClock, monoAt } from './clock.ts';
import { parseInterventions } from './interventions.ts';
import type { ParamSchema } from './params.ts';
import { outsideName } from './testing/arbitraries.ts';
import { checkProperty } from './testing/property.ts';

const NODES = ['client', 'server'];
const SCHEMA: ParamSchema = {
  deadline: {
    kind: 'number',
    label: 'Deadline',
    description: '',
    unit: 'ms',
    min: 100,
    max: 5000,
    step: 100,
    default: 1000,
  },
  fix: { kind: 'boolean', label: 'Fix', description: '', default: false },
};

const ok = (json: unknown, schema?: ParamSchema) => {
  const r = parseInterventions(json, NODES, schema);
  if (!r.ok) throw new Error(r.error);
  return r.interventions;
};
const error = (json: unknown, schema?: ParamSchema) => {
  const r = parseInterventions(json, NODES, schema);
  if (r.ok) throw new Error(`accepted ${JSON.stringify(json)}`);
  expect(r.error).not.toMatch(/\n/);
  return r.error;
};

describe('parseInterventions', () => {
  it('accepts every kind, from JSON text or data, and one object as a list of one', () => {
    const all = [
      { at: 0, kind: 'crash', node: 'server' },
      { at: 1, kind: 'recover', node: 'server' },
      { at: 2, kind: 'pause', node: 'client' },
      { at: 3, kind: 'resume', node: 'client' },
      { at: 4, kind: 'slow', node: 'server', factor: 2.5 },
      { at: 5, kind: 'partition', from: 'client', to: 'server', oneWay: true },
      { at: 6, kind: 'heal', from: 'client', to: 'server' },
      { at: 7, kind: 'drop-next', from: 'server', to: 'client' },
      { at: 8, kind: 'skew', node: 'client', offsetMs: -50, driftPpm: 100 },
      { at: 9, kind: 'set-param', name: 'deadline', value: 500 },
      { at: 10, kind: 'signal', node: 'client', signal: 'pay' },
      { at: 11, kind: 'isolate', node: 'server' },
      { at: 12, kind: 'rejoin', node: 'server', with: 'client' },
    ];
    expect(ok(all)).toEqual(all);
    expect(ok(JSON.stringify(all))).toEqual(all);
    expect(ok({ at: 1, kind: 'crash', node: 'server' })).toEqual([{ at: 1, kind: 'crash', node: 'server' }]);
    expect(ok([])).toEqual([]);
  });

  it('isolates a group of two different nodes, named', () => {
    expect(error([{ at: 0, kind: 'isolate', node: 'server', with: 'server' }])).toMatch(/two different/);
    expect(error([{ at: 0, kind: 'rejoin', node: 'server', with: 'zed' }])).toMatch(/"with" must be one of/);
  });

  it('rebuilds each intervention in a fixed field order', () => {
    const [iv] = ok([{ node: 'server', kind: 'crash', at: 5 }]);
    expect(Object.keys(iv!)).toEqual(['at', 'kind', 'node']);
  });

  it('parses set-param values through the schema when it has one', () => {
    expect(ok([{ at: 0, kind: 'set-param', name: 'fix', value: 'on' }], SCHEMA)).toEqual([
      { at: 0, kind: 'set-param', name: 'fix', value: true },
    ]);
    expect(error([{ at: 0, kind: 'set-param', name: 'deadline', value: 99 }], SCHEMA)).toMatch(
      /deadline must be a number from 100 to 5000/,
    );
    expect(error([{ at: 0, kind: 'set-param', name: 'nope', value: 1 }], SCHEMA)).toMatch(
      /unknown parameter "nope"/,
    );
  });

  it('says which intervention is wrong, what was wrong and what is accepted', () => {
    expect(error('[{')).toMatch(/not valid JSON/);
    expect(error([42])).toMatch(/^intervention 1: expected an object/);
    expect(
      error([
        { at: 0, kind: 'crash', node: 'server' },
        { at: 0, kind: 'explode' },
      ]),
    ).toMatch(/^intervention 2: "kind" must be one of crash, .*signal, not "explode"$/);
    expect(error([{ at: -1, kind: 'crash', node: 'server' }])).toMatch(/"at" must be .* ≥ 0, not -1/);
    expect(error([{ at: '5', kind: 'crash', node: 'server' }])).toMatch(/"at" must be/);
    expect(error([{ kind: 'crash', node: 'server' }])).toMatch(/"at" must be .*not missing/);
    expect(error([{ at: 0, kind: 'crash', node: 'srv' }])).toMatch(
      /"node" must be one of client, server, not "srv"/,
    );
    expect(error([{ at: 0, kind: 'crash' }])).toMatch(/crash needs "node"/);
    expect(error([{ at: 0, kind: 'crash', node: 'server', nodes: 'x' }])).toMatch(/unknown field "nodes"/);
    expect(error([{ at: 0, kind: 'drop-next', from: 'server', to: 'server' }])).toMatch(
      /two different nodes/,
    );
    expect(error([{ at: 0, kind: 'partition', from: 'client', to: 'server', oneWay: 'yes' }])).toMatch(
      /"oneWay" must be true or false/,
    );
    expect(error([{ at: 0, kind: 'slow', node: 'server', factor: 0 }])).toMatch(
      /"factor" must be a number > 0/,
    );
    expect(error([{ at: 0, kind: 'skew', node: 'server' }])).toMatch(/skew needs/);
    expect(error([{ at: 0, kind: 'signal', node: 'server', signal: '' }])).toMatch(
      /"signal" must be a non-empty string/,
    );
    expect(error([{ at: 0, kind: 'set-param', name: 'x', value: null }])).toMatch(/"value" must be/);
    expect(error(null)).toMatch(/expected an object/);
  });
});

describe('names from outside', () => {
  it('kinds, node names and parameter names count only as own names: "constructor" is refused, not a crash', () => {
    checkProperty(
      fc.property(outsideName, outsideName, outsideName, (kind, node, name) => {
        for (const raw of [
          { at: 1, kind, node },
          { at: 1, kind: 'crash', node },
          { at: 1, kind: 'set-param', name, value: 1 },
          JSON.parse(`{"at":1,"kind":"crash","node":"server",${JSON.stringify(name)}:1}`) as unknown,
        ]) {
          const r = parseInterventions([raw], NODES, SCHEMA);
          if (r.ok) {
            for (const iv of r.interventions) {
              if ('node' in iv) expect(NODES).toContain(iv.node);
              if (iv.kind === 'set-param') expect(Object.hasOwn(SCHEMA, iv.name)).toBe(true);
            }
          } else expect(r.error).toMatch(/^intervention 1: /);
        }
      }),
      { file: 'src/engine/interventions.test.ts', test: 'names from outside' },
    );
  });
});

describe('clock bounds', () => {
  it('refuses a drift that would stop a clock or run it backwards, naming the range', () => {
    for (const driftPpm of [-1_000_000, -2_000_000, 100_001, -100_001]) {
      expect(error([{ at: 0, kind: 'skew', node: 'server', driftPpm }])).toMatch(
        /drift must be between -100,000 and 100,000 ppm/,
      );
    }
  });

  it('refuses an offset step beyond an hour, naming the range', () => {
    expect(error([{ at: 0, kind: 'skew', node: 'server', offsetMs: 3_600_001 }])).toMatch(
      /offset must be between -3,600,000 and 3,600,000 ms/,
    );
  });

  it('accepts the bounds themselves', () => {
    expect(
      ok([{ at: 0, kind: 'skew', node: 'server', driftPpm: -100_000, offsetMs: 3_600_000 }]),
    ).toHaveLength(1);
  });

  it('no accepted skew gives a clock that stands still or runs backwards', () => {
    checkProperty(
      fc.property(fc.double({ min: -3e6, max: 3e6, noNaN: true }), (driftPpm) => {
        const r = parseInterventions([{ at: 0, kind: 'skew', node: 'server', driftPpm }], NODES);
        if (!r.ok) return;
        const skew = r.interventions[0]!;
        if (skew.kind !== 'skew') throw new Error('not a skew');
        const clock = makeClock(0, skew.driftPpm!);
        expect(clock.rate).toBeGreaterThan(0);
        expect(monoAt(clock, 1000)).toBeGreaterThan(monoAt(clock, 0));
      }),
      {
        file: 'src/engine/interventions.test.ts',
        test: 'no accepted skew gives a clock that stands still or runs backwards',
      },
    );
  });
});
