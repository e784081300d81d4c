/**
 * One parameter schema drives the controls, the URL, the embed code and the command-line runner.
 * Each lesson declares its parameters here; everything that reads a value from outside parses it
 * through `parseParam`, which says what was wrong and what is accepted.
 */
import type { ParamValue, Params } from './types.ts';

/** 'GB' is memory or data (10^9 bytes); 'per second' a rate (requests a second). */
export type ParamUnit = 'ms' | 'probability' | 'count' | 'ppm' | 'factor' | 'GB' | 'per second';

/** What every parameter has, whatever its kind. */
interface ParamCommon {
  label: string;
  description: string;
  /**
   * Names this parameter had before (a rename to carry its unit, `deadline` → `deadlineMs`). Links,
   * scenario files, embed commands and the command line that use an old name still work; everything
   * written from now on uses the current one.
   */
  formerNames?: readonly string[];
}

export type ParamSpec =
  | (ParamCommon & {
      kind: 'number';
      unit: ParamUnit;
      min: number;
      max: number;
      step: number;
      default: number;
    })
  | (ParamCommon & { kind: 'boolean'; default: boolean })
  | (ParamCommon & { kind: 'choice'; options: readonly string[]; default: string });

export type ParamSchema = Readonly<Record<string, ParamSpec>>;

/** The value one spec holds: a number, a boolean, or one of a choice's options. */
export type ParamValueOf<P extends ParamSpec> = P extends { kind: 'number' }
  ? number
  : P extends { kind: 'boolean' }
    ? boolean
    : P extends { options: readonly (infer O extends string)[] }
      ? O
      : never;

/** A lesson's parameters, typed from its schema: `params.deadlineMs` is a number, a boolean a boolean. */
export type ParamsOf<S extends ParamSchema> = { readonly [K in keyof S]: ParamValueOf<S[K]> };

/** The names of a schema's boolean parameters (what a fix may switch on); any name for a schema not known. */
export type BooleanParamOf<S extends ParamSchema> = string extends keyof S
  ? string
  : { [K in keyof S]: S[K] extends { kind: 'boolean' } ? K : never }[keyof S] & string;

/** `base` with the values `over` sets (a value left out, even as undefined, keeps the base's). */
export function withParams<P extends Readonly<Record<string, ParamValue>>>(
  base: P,
  over: { readonly [K in keyof P]?: P[K] } | undefined,
): P {
  const out: Record<string, ParamValue> = { ...base };
  for (const [name, value] of Object.entries(over ?? {})) if (value !== undefined) out[name] = value;
  return out as P;
}

/** The defaults, as a fresh object the caller may change. */
export function defaultParams<S extends ParamSchema>(
  schema: S,
): { -readonly [K in keyof S]: ParamValueOf<S[K]> } {
  // Each spec's default is of its own kind, so the object is the schema's params.
  return Object.fromEntries(Object.entries(schema).map(([name, spec]) => [name, spec.default])) as {
    -readonly [K in keyof S]: ParamValueOf<S[K]>;
  };
}

/** What a parameter accepts, in words, for error messages and help text. */
export function describeAccepted(spec: ParamSpec): string {
  switch (spec.kind) {
    case 'number':
      return `a number from ${spec.min} to ${spec.max}${spec.unit === 'probability' ? ' (a probability)' : ` ${spec.unit}`}`;
    case 'boolean':
      return 'true or false';
    case 'choice':
      return `one of ${spec.options.join(', ')}`;
  }
}

/** At most this much of a value from outside is quoted back in a message. */
export const MAX_QUOTED_CHARS = 100;

/** Text from outside, cut to MAX_QUOTED_CHARS for quoting in a message (a message never echoes a megabyte). */
export function clip(text: string, max: number = MAX_QUOTED_CHARS): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `name` is the parameter's current name, also when the value came under a former one. */
export type ParseResult = { ok: true; name: string; value: ParamValue } | { ok: false; error: string };

/** The current name of a parameter called `name` now or before; undefined when the schema has none. */
export function currentParamName(schema: ParamSchema, name: string): string | undefined {
  // An own-property check: a name like "constructor" must not find Object.prototype's.
  if (Object.hasOwn(schema, name)) return name;
  return Object.keys(schema).find((current) => schema[current]!.formerNames?.includes(name));
}

/** Parses one value (a string from a URL or command line, or a value from JSON) against its spec. */
export function parseParam(schema: ParamSchema, givenName: string, raw: unknown): ParseResult {
  const name = currentParamName(schema, givenName);
  const spec = name === undefined ? undefined : schema[name];
  if (name === undefined || !spec) {
    const known = Object.keys(schema);
    return {
      ok: false,
      error: `unknown parameter "${clip(givenName)}"; this lesson accepts ${known.length ? known.join(', ') : 'no parameters'}`,
    };
  }
  const accepted = `${name} must be ${describeAccepted(spec)}`;
  switch (spec.kind) {
    case 'number': {
      const value =
        typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(value)) return { ok: false, error: `${accepted}, not "${clip(String(raw))}"` };
      if (value < spec.min || value > spec.max) return { ok: false, error: `${accepted}, not ${value}` };
      return { ok: true, name, value };
    }
    case 'boolean': {
      if (raw === true || raw === 'true' || raw === '1' || raw === 'on')
        return { ok: true, name, value: true };
      if (raw === false || raw === 'false' || raw === '0' || raw === 'off')
        return { ok: true, name, value: false };
      return { ok: false, error: `${accepted}, not "${clip(String(raw))}"` };
    }
    case 'choice': {
      if (typeof raw === 'string' && spec.options.includes(raw)) return { ok: true, name, value: raw };
      return { ok: false, error: `${accepted}, not "${clip(String(raw))}"` };
    }
  }
}

/** Parses a whole set of values over the defaults; the first problem is reported. */
export function parseParams(
  schema: ParamSchema,
  raw: Readonly<Record<string, unknown>>,
): { ok: true; params: Params } | { ok: false; error: string } {
  const params = defaultParams(schema);
  for (const [name, value] of Object.entries(raw)) {
    const parsed = parseParam(schema, name, value);
    if (!parsed.ok) return parsed;
    params[parsed.name] = parsed.value;
  }
  return { ok: true, params };
}
