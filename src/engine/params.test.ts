import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultParams, describeAccepted, parseParam, parseParams, type ParamSchema } from './params.ts';
import { outsideName, PROTOTYPE_NAMES } from './testing/arbitraries.ts';
import { checkProperty } from './testing/property.ts';

const schema: ParamSchema = {
  loss: {
    kind: 'number',
    label: 'Loss',
    description: 'Probability that a message is lost.',
    unit: 'probability',
    min: 0,
    max: 1,
    step: 0.01,
    default: 0.1,
  },
  deadlineMs: {
    kind: 'number',
    label: 'Deadline',
    description: 'How long the client waits.',
    unit: 'ms',
    min: 10,
    max: 5000,
    step: 10,
    default: 500,
    formerNames: ['deadline'],
  },
  idempotent: { kind: 'boolean', label: 'Idempotency keys', description: 'The fix.', default: false },
  mode: {
    kind: 'choice',
    label: 'Mode',
    description: 'Retry policy.',
    options: ['none', 'fixed', 'backoff'],
    default: 'none',
  },
};

describe('parseParam', () => {
  it('reads a value given under a former name as the current parameter, and names it so', () => {
    expect(parseParam(schema, 'deadline', '300')).toEqual({ ok: true, name: 'deadlineMs', value: 300 });
    expect(parseParam(schema, 'deadline', 1)).toEqual({
      ok: false,
      error: 'deadlineMs must be a number from 10 to 5000 ms, not 1',
    });
    expect(parseParams(schema, { deadline: 300 })).toEqual({
      ok: true,
      params: { ...defaultParams(schema), deadlineMs: 300 },
    });
  });

  it('names the unknown parameter and lists the accepted ones', () => {
    expect(parseParam(schema, 'los', '0.2')).toEqual({
      ok: false,
      error: 'unknown parameter "los"; this lesson accepts loss, deadlineMs, idempotent, mode',
    });
    expect(parseParam({}, 'x', 1)).toEqual({
      ok: false,
      error: 'unknown parameter "x"; this lesson accepts no parameters',
    });
  });

  it('accepts numbers from strings and from JSON, at the bounds included', () => {
    expect(parseParam(schema, 'loss', '0.25')).toEqual({ ok: true, name: 'loss', value: 0.25 });
    expect(parseParam(schema, 'loss', 0)).toEqual({ ok: true, name: 'loss', value: 0 });
    expect(parseParam(schema, 'loss', '1')).toEqual({ ok: true, name: 'loss', value: 1 });
    expect(parseParam(schema, 'deadlineMs', ' 250 ')).toEqual({ ok: true, name: 'deadlineMs', value: 250 });
  });

  it('says what range is accepted, with the unit, when a number is out of range', () => {
    expect(parseParam(schema, 'loss', '1.5')).toEqual({
      ok: false,
      error: 'loss must be a number from 0 to 1 (a probability), not 1.5',
    });
    expect(parseParam(schema, 'deadlineMs', -3)).toEqual({
      ok: false,
      error: 'deadlineMs must be a number from 10 to 5000 ms, not -3',
    });
  });

  it('quotes a malformed value', () => {
    for (const raw of ['abc', '', '  ', '0.1.2', 'NaN', 'Infinity', NaN, Infinity, null, undefined, true]) {
      const result = parseParam(schema, 'loss', raw);
      expect(result, String(raw)).toEqual({
        ok: false,
        error: `loss must be a number from 0 to 1 (a probability), not "${String(raw)}"`,
      });
    }
  });

  it('reads booleans in their usual spellings and rejects the rest', () => {
    for (const raw of [true, 'true', '1', 'on'])
      expect(parseParam(schema, 'idempotent', raw)).toEqual({ ok: true, name: 'idempotent', value: true });
    for (const raw of [false, 'false', '0', 'off']) {
      expect(parseParam(schema, 'idempotent', raw)).toEqual({ ok: true, name: 'idempotent', value: false });
    }
    expect(parseParam(schema, 'idempotent', 'yes')).toEqual({
      ok: false,
      error: 'idempotent must be true or false, not "yes"',
    });
  });

  it('accepts only the listed choices, case and all', () => {
    expect(parseParam(schema, 'mode', 'backoff')).toEqual({ ok: true, name: 'mode', value: 'backoff' });
    expect(parseParam(schema, 'mode', 'Backoff')).toEqual({
      ok: false,
      error: 'mode must be one of none, fixed, backoff, not "Backoff"',
    });
  });
});

describe('parseParams', () => {
  it('fills in defaults and overrides the given values', () => {
    expect(parseParams(schema, { loss: '0.3', mode: 'fixed' })).toEqual({
      ok: true,
      params: { loss: 0.3, deadlineMs: 500, idempotent: false, mode: 'fixed' },
    });
    expect(parseParams(schema, {})).toEqual({ ok: true, params: defaultParams(schema) });
  });

  it('reports the first problem', () => {
    expect(parseParams(schema, { loss: '0.3', deadlineMs: 'soon', mode: 'x' })).toEqual({
      ok: false,
      error: 'deadlineMs must be a number from 10 to 5000 ms, not "soon"',
    });
    expect(parseParams(schema, { retries: 3 })).toMatchObject({
      ok: false,
      error: expect.stringContaining('"retries"'),
    });
  });

  it('describes what each kind accepts, for help text', () => {
    expect(describeAccepted(schema.deadlineMs!)).toBe('a number from 10 to 5000 ms');
    expect(describeAccepted(schema.idempotent!)).toBe('true or false');
    expect(describeAccepted(schema.mode!)).toBe('one of none, fixed, backoff');
  });

  it('names the units of data and of rates: GB, and per second', () => {
    const common = {
      kind: 'number',
      label: 'x',
      description: 'x',
      min: 1,
      max: 100,
      step: 1,
      default: 1,
    } as const;
    const sized: ParamSchema = {
      workingSetGb: { ...common, unit: 'GB' },
      requestsPerSecond: { ...common, unit: 'per second' },
    };
    expect(describeAccepted(sized.workingSetGb!)).toBe('a number from 1 to 100 GB');
    expect(describeAccepted(sized.requestsPerSecond!)).toBe('a number from 1 to 100 per second');
    expect(parseParam(sized, 'workingSetGb', '0')).toEqual({
      ok: false,
      error: 'workingSetGb must be a number from 1 to 100 GB, not 0',
    });
  });
});

describe('names from outside', () => {
  it('a name is a parameter only when the schema has it as its own: "constructor" is unknown, not a crash', () => {
    checkProperty(
      fc.property(outsideName, fc.oneof(fc.string(), fc.double(), fc.boolean()), (name, raw) => {
        const one = parseParam(schema, name, raw);
        const all = parseParams(schema, Object.fromEntries([[name, raw]]));
        if (Object.hasOwn(schema, name)) return;
        expect(one).toEqual({ ok: false, error: expect.stringContaining(`unknown parameter "${name}"`) });
        expect(all).toEqual(one);
      }),
      { file: 'src/engine/params.test.ts', test: 'names from outside' },
    );
    for (const name of PROTOTYPE_NAMES) expect(parseParam(schema, name, '1').ok).toBe(false);
  });
});
