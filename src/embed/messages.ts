/**
 * The host-page API of an embedded Roundtrip (postMessage), version 1: one valibot schema per
 * message. Every message is a plain object whose `type` begins with `roundtrip:`. Commands go from
 * the host page to the embed; events go from the embed to the host. docs/embedding.md documents it.
 */
import * as v from 'valibot';
import { clip } from '../engine/params.ts';

export const API_VERSION = 1;
export const PREFIX = 'roundtrip:';

const time = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(86_400_000));
const paramValue = v.union([v.pipe(v.number(), v.finite()), v.boolean(), v.string()]);

/** Commands, host → embed. Unknown extra fields are refused, so a typo is noticed, not ignored. */
export const commandSchemas = {
  'roundtrip:play': v.strictObject({ type: v.literal('roundtrip:play') }),
  'roundtrip:pause': v.strictObject({ type: v.literal('roundtrip:pause') }),
  'roundtrip:reset': v.strictObject({ type: v.literal('roundtrip:reset') }),
  'roundtrip:seek': v.strictObject({ type: v.literal('roundtrip:seek'), t: time }),
  'roundtrip:setParam': v.strictObject({
    type: v.literal('roundtrip:setParam'),
    name: v.pipe(v.string(), v.minLength(1)),
    value: paramValue,
  }),
  // The intervention itself is checked against the lesson's nodes and parameters by parseInterventions;
  // `at` may be left out (it defaults to the moment shown).
  'roundtrip:intervene': v.strictObject({
    type: v.literal('roundtrip:intervene'),
    intervention: v.looseObject({ kind: v.string() }),
  }),
} as const;

export type CommandType = keyof typeof commandSchemas;
export type Command = { [K in CommandType]: v.InferOutput<(typeof commandSchemas)[K]> }[CommandType];
export const COMMAND_TYPES = Object.keys(commandSchemas) as CommandType[];

const outcomeResult = v.picklist(['success', 'failure', 'unknown']);

/** Events, embed → host. Every event carries `id` when the embed was given one (data-id / ?id=). */
export const eventSchemas = {
  'roundtrip:ready': v.object({
    type: v.literal('roundtrip:ready'),
    version: v.literal(API_VERSION),
    lesson: v.string(),
    title: v.string(),
    seed: v.number(),
    params: v.record(v.string(), paramValue),
    nodes: v.array(v.string()),
    steps: v.array(v.object({ id: v.string(), title: v.string() })),
    commands: v.array(v.string()),
    id: v.optional(v.string()),
  }),
  'roundtrip:outcome': v.object({
    type: v.literal('roundtrip:outcome'),
    t: v.number(),
    call: v.number(),
    request: v.number(),
    from: v.string(),
    to: v.string(),
    op: v.string(),
    result: outcomeResult,
    reason: v.string(),
    /** Ground truth as of the outcome: the server applied this attempt. */
    applied: v.boolean(),
    /** Ground truth as of the outcome: some attempt of the same logical request was applied. */
    requestApplied: v.boolean(),
    id: v.optional(v.string()),
  }),
  'roundtrip:challenge': v.object({
    type: v.literal('roundtrip:challenge'),
    t: v.number(),
    step: v.string(),
    index: v.number(),
    title: v.string(),
    detail: v.optional(v.string()),
    evidence: v.array(v.number()),
    id: v.optional(v.string()),
  }),
  'roundtrip:resize': v.object({
    type: v.literal('roundtrip:resize'),
    height: v.number(),
    id: v.optional(v.string()),
  }),
  'roundtrip:error': v.object({
    type: v.literal('roundtrip:error'),
    message: v.string(),
    command: v.optional(v.string()),
    id: v.optional(v.string()),
  }),
} as const;

export type EventType = keyof typeof eventSchemas;
export type RoundtripEvent = { [K in EventType]: v.InferOutput<(typeof eventSchemas)[K]> }[EventType];

export type ParsedCommand =
  | { ok: true; command: Command }
  /** Not addressed to Roundtrip at all (no `roundtrip:` type): ignore quietly. */
  | { ok: false; ours: false }
  | { ok: false; ours: true; error: string };

function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
      if (issue.kind === 'schema' && issue.type === 'strict_object' && issue.input !== undefined && path) {
        return `unknown field "${clip(path)}"`;
      }
      // What the host sent is quoted, cut short: an error never echoes a whole message back.
      return `${path ? `"${clip(path)}" ` : ''}${issue.expected ? `expected ${issue.expected}, ` : ''}got ${clip(issue.received)}`;
    })
    .join('; ');
}

/** Checks a message from a host page; never throws. */
export function parseCommand(data: unknown): ParsedCommand {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { ok: false, ours: false };
  const type = (data as { type?: unknown }).type;
  if (typeof type !== 'string' || !type.startsWith(PREFIX)) return { ok: false, ours: false };
  if (!Object.hasOwn(commandSchemas, type)) {
    return {
      ok: false,
      ours: true,
      error: `"${clip(type)}" is not a command; the commands are ${COMMAND_TYPES.join(', ')}`,
    };
  }
  const result = v.safeParse(commandSchemas[type as CommandType], data);
  if (!result.success) return { ok: false, ours: true, error: `${type}: ${describeIssues(result.issues)}` };
  return { ok: true, command: result.output as Command };
}

/** Checks an event before it is posted (a wrong event is a bug here, not the host's). */
export function checkEvent(event: RoundtripEvent): string | null {
  const result = v.safeParse(eventSchemas[event.type], event);
  return result.success ? null : `${event.type}: ${describeIssues(result.issues)}`;
}

/**
 * The `allowedOrigins` URL parameter: a comma-separated list of origins ("https://blog.example")
 * allowed to send commands. Absent: the parent window may, whatever its origin (no other window ever
 * may). Entries that are not origins are reported.
 */
export function parseAllowedOrigins(raw: string | null): { origins: string[] | null; problems: string[] } {
  if (raw === null || raw.trim() === '') return { origins: null, problems: [] };
  const origins: string[] = [];
  const problems: string[] = [];
  for (const part of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (part === 'null') {
      origins.push('null');
      continue;
    }
    try {
      const origin = new URL(part).origin;
      if (origin === 'null') throw new Error('opaque');
      origins.push(origin);
    } catch {
      problems.push(
        `"${part}" in allowedOrigins is not an origin like https://blog.example; it was left out.`,
      );
    }
  }
  return { origins, problems };
}
