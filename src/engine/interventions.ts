/**
 * Checks interventions that come from outside (a file, the command line, a URL, an imported run)
 * before they reach a Simulation, which would otherwise throw mid-run on a bad node name. The result
 * is rebuilt field by field in a fixed order, so equal inputs give equal objects (and equal traces).
 */
import { driftProblem, offsetProblem } from './clock.ts';
import { parseParam, type ParamSchema } from './params.ts';
import type { Intervention, InterventionKind } from './types.ts';

export type InterventionsResult = { ok: true; interventions: Intervention[] } | { ok: false; error: string };

/** Each kind and the fields it takes besides `kind` and `at`; `?` marks an optional field. */
const FIELDS: Record<InterventionKind, readonly string[]> = {
  crash: ['node'],
  recover: ['node'],
  pause: ['node'],
  resume: ['node'],
  slow: ['node', 'factor'],
  partition: ['from', 'to', 'oneWay?'],
  heal: ['from', 'to', 'oneWay?'],
  'drop-next': ['from', 'to'],
  isolate: ['node', 'with?'],
  rejoin: ['node', 'with?'],
  skew: ['node', 'offsetMs?', 'driftPpm?'],
  'set-param': ['name', 'value'],
  signal: ['node', 'signal'],
};
export const INTERVENTION_KINDS = Object.keys(FIELDS) as InterventionKind[];

class Invalid extends Error {}

/**
 * Parses a list of interventions (a JSON string, or already-parsed data; one object is taken as a
 * list of one) against the scenario's node names and, when given, the lesson's parameter schema.
 * The first problem is reported in one line: which intervention, what was wrong, what is accepted.
 */
export function parseInterventions(
  json: unknown,
  nodeNames: readonly string[],
  schema?: ParamSchema,
): InterventionsResult {
  let data = json;
  if (typeof json === 'string') {
    try {
      data = JSON.parse(json) as unknown;
    } catch (e) {
      return { ok: false, error: `interventions are not valid JSON (${oneLine((e as Error).message)})` };
    }
  }
  const list = Array.isArray(data) ? data : [data];
  const out: Intervention[] = [];
  for (let k = 0; k < list.length; k++) {
    try {
      out.push(parseOne(list[k], nodeNames, schema));
    } catch (e) {
      if (!(e instanceof Invalid)) throw e;
      return { ok: false, error: `intervention ${k + 1}: ${e.message}` };
    }
  }
  return { ok: true, interventions: out };
}

function parseOne(raw: unknown, nodeNames: readonly string[], schema: ParamSchema | undefined): Intervention {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new Invalid(
      `expected an object like {"at": 1000, "kind": "crash", "node": "${nodeNames[0] ?? 'server'}"}, not ${show(raw)}`,
    );
  }
  const o = raw as Record<string, unknown>;
  const kind = o.kind;
  // Own properties only: `"constructor" in FIELDS` is true.
  if (typeof kind !== 'string' || !Object.hasOwn(FIELDS, kind)) {
    throw new Invalid(`"kind" must be one of ${INTERVENTION_KINDS.join(', ')}, not ${show(kind)}`);
  }
  const fields = FIELDS[kind as InterventionKind];
  const allowed = new Set(['at', 'kind', ...fields.map((f) => f.replace('?', ''))]);
  for (const key of Object.keys(o)) {
    if (!allowed.has(key))
      throw new Invalid(`${kind} takes ${[...allowed].join(', ')}; unknown field "${key}"`);
  }
  for (const f of fields) {
    if (!f.endsWith('?') && o[f] === undefined)
      throw new Invalid(`${kind} needs "${f}" (it takes ${[...allowed].join(', ')})`);
  }
  const at = o.at;
  if (typeof at !== 'number' || !Number.isFinite(at) || at < 0) {
    throw new Invalid(`"at" must be a time in ms, a number ≥ 0, not ${show(at)}`);
  }
  const node = (field: string): string => {
    const v = o[field];
    if (typeof v !== 'string' || !nodeNames.includes(v)) {
      throw new Invalid(`"${field}" must be one of ${nodeNames.join(', ')}, not ${show(v)}`);
    }
    return v;
  };
  const finite = (field: string, positive = false): number => {
    const v = o[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || (positive && v <= 0)) {
      throw new Invalid(`"${field}" must be a number${positive ? ' > 0' : ''}, not ${show(v)}`);
    }
    return v;
  };
  /** A clock setting within its documented range (clock.ts), or a refusal that names the range. */
  const bounded = (v: number, problem: (v: number) => string | undefined): number => {
    const why = problem(v);
    if (why) throw new Invalid(why);
    return v;
  };
  const link = (): { from: string; to: string } => {
    const from = node('from');
    const to = node('to');
    if (from === to) throw new Invalid(`"from" and "to" must be two different nodes, not both "${from}"`);
    return { from, to };
  };

  switch (kind as InterventionKind) {
    case 'crash':
    case 'recover':
    case 'pause':
    case 'resume':
      return { at, kind: kind as 'crash', node: node('node') };
    case 'slow':
      return { at, kind: 'slow', node: node('node'), factor: finite('factor', true) };
    case 'partition':
    case 'heal': {
      const iv: Extract<Intervention, { kind: 'partition' | 'heal' }> = {
        at,
        kind: kind as 'partition',
        ...link(),
      };
      if (o.oneWay !== undefined) {
        if (typeof o.oneWay !== 'boolean')
          throw new Invalid(`"oneWay" must be true or false, not ${show(o.oneWay)}`);
        iv.oneWay = o.oneWay;
      }
      return iv;
    }
    case 'drop-next':
      return { at, kind: 'drop-next', ...link() };
    case 'isolate':
    case 'rejoin': {
      const iv: Extract<Intervention, { kind: 'isolate' | 'rejoin' }> = {
        at,
        kind: kind as 'isolate',
        node: node('node'),
      };
      if (o.with !== undefined) {
        iv.with = node('with');
        if (iv.with === iv.node)
          throw new Invalid(`"node" and "with" must be two different nodes, not both "${iv.node}"`);
      }
      return iv;
    }
    case 'skew': {
      const iv: Extract<Intervention, { kind: 'skew' }> = { at, kind: 'skew', node: node('node') };
      if (o.offsetMs !== undefined) iv.offsetMs = bounded(finite('offsetMs'), offsetProblem);
      if (o.driftPpm !== undefined) iv.driftPpm = bounded(finite('driftPpm'), driftProblem);
      if (iv.offsetMs === undefined && iv.driftPpm === undefined)
        throw new Invalid('skew needs "offsetMs", "driftPpm" or both');
      return iv;
    }
    case 'set-param': {
      const name = o.name;
      if (typeof name !== 'string' || name === '')
        throw new Invalid(`"name" must be a parameter name, not ${show(name)}`);
      const value = o.value;
      if (typeof value !== 'number' && typeof value !== 'boolean' && typeof value !== 'string') {
        throw new Invalid(`"value" must be a number, true/false or a string, not ${show(value)}`);
      }
      if (!schema) return { at, kind: 'set-param', name, value };
      const parsed = parseParam(schema, name, value);
      if (!parsed.ok) throw new Invalid(parsed.error);
      return { at, kind: 'set-param', name: parsed.name, value: parsed.value };
    }
    case 'signal': {
      const signal = o.signal;
      if (typeof signal !== 'string' || signal === '')
        throw new Invalid(`"signal" must be a non-empty string, not ${show(signal)}`);
      return { at, kind: 'signal', node: node('node'), signal };
    }
  }
}

function show(v: unknown): string {
  if (v === undefined) return 'missing';
  const text = JSON.stringify(v) ?? String(v);
  return oneLine(text.length > 40 ? `${text.slice(0, 37)}...` : text);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
