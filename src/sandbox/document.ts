/**
 * A sandbox scenario as data: the nodes on the canvas (each a library behaviour with its settings,
 * its clock and its place), the links between them and the interventions on the timeline. It is
 * what undo, the URL and the scenario file keep, and what compile.ts turns into an engine scenario.
 *
 * Reading one never throws: anything from outside goes through parseSandboxDoc, which keeps nothing
 * it cannot check and says, in one line, what it refused.
 */
import * as v from 'valibot';
import { driftProblem, offsetProblem } from '../engine/clock.ts';
import { parseInterventions } from '../engine/interventions.ts';
import { clip, parseParam } from '../engine/params.ts';
import type { Intervention, LinkProps, ParamValue } from '../engine/types.ts';
import { libraryEntry } from './library.ts';

export const SANDBOX_VERSION = 1;
export const MAX_SANDBOX_NODES = 24;
export const MAX_SANDBOX_INTERVENTIONS = 200;
export const SANDBOX_DURATION_MAX_MS = 600_000;

export interface SandboxNode {
  name: string;
  /** A library entry's id. */
  behaviour: string;
  settings: Record<string, ParamValue>;
  clock: { offsetMs: number; driftPpm: number };
  /** Place on the canvas, in [0, 1] × [0, 1]. */
  x: number;
  y: number;
}

/** One direction of a link: a message from `from` to `to` travels it. */
export interface SandboxLink extends LinkProps {
  from: string;
  to: string;
}

export interface SandboxDoc {
  version: typeof SANDBOX_VERSION;
  seed: number;
  durationMs: number;
  nodes: SandboxNode[];
  links: SandboxLink[];
  interventions: Intervention[];
}

export const DEFAULT_LINK: LinkProps = { latencyMs: 20, jitterMs: 10, loss: 0, duplicate: 0 };

export function emptyDoc(): SandboxDoc {
  return { version: SANDBOX_VERSION, seed: 1, durationMs: 10_000, nodes: [], links: [], interventions: [] };
}

/** A node name: short, readable in a label, and never a name objects already have. */
export const NODE_NAME = /^[a-z][a-z0-9-]{0,15}$/;

export function nodeNameProblem(name: string, taken: readonly string[]): string | undefined {
  if (!NODE_NAME.test(name))
    return `"${clip(name, 20)}" is not a node name: use a lowercase letter, then up to 15 letters, digits or dashes`;
  if (taken.includes(name)) return `there is already a node called ${name}`;
  return undefined;
}

const unit = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1));
const ms = (max: number) => v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(max));

const Shape = v.object({
  version: v.number(),
  seed: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(0xffffffff)),
  durationMs: v.pipe(ms(SANDBOX_DURATION_MAX_MS), v.minValue(100)),
  nodes: v.pipe(
    v.array(
      v.object({
        name: v.string(),
        behaviour: v.string(),
        settings: v.optional(v.record(v.string(), v.union([v.number(), v.boolean(), v.string()])), {}),
        clock: v.optional(
          v.object({
            offsetMs: v.pipe(v.number(), v.finite()),
            driftPpm: v.pipe(v.number(), v.finite()),
          }),
          { offsetMs: 0, driftPpm: 0 },
        ),
        x: unit,
        y: unit,
      }),
    ),
    v.maxLength(MAX_SANDBOX_NODES),
  ),
  links: v.array(
    v.object({
      from: v.string(),
      to: v.string(),
      latencyMs: ms(60_000),
      jitterMs: ms(60_000),
      loss: unit,
      duplicate: unit,
    }),
  ),
  interventions: v.pipe(v.array(v.unknown()), v.maxLength(MAX_SANDBOX_INTERVENTIONS)),
});

export type SandboxDocResult = { ok: true; doc: SandboxDoc } | { ok: false; error: string };

/** Checks data from a link, a file or the embed; the first problem is the message. */
export function parseSandboxDoc(data: unknown): SandboxDocResult {
  const no = (error: string): SandboxDocResult => ({ ok: false, error });
  if (typeof data === 'object' && data !== null && 'version' in data) {
    const version = (data as { version: unknown }).version;
    if (typeof version === 'number' && version > SANDBOX_VERSION)
      return no(
        `this sandbox was saved by a newer Roundtrip (format ${version}); this one reads format ${SANDBOX_VERSION}`,
      );
  }
  const shaped = v.safeParse(Shape, data);
  if (!shaped.success) {
    const issue = shaped.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    return no(`the sandbox is damaged${path ? ` at ${clip(path, 60)}` : ''}: ${clip(issue.message, 100)}`);
  }
  const raw = shaped.output;
  if (raw.version !== SANDBOX_VERSION) return no(`unknown sandbox format ${raw.version}`);

  const nodes: SandboxNode[] = [];
  for (const n of raw.nodes) {
    const why = nodeNameProblem(
      n.name,
      nodes.map((m) => m.name),
    );
    if (why) return no(why);
    const clockWhy = offsetProblem(n.clock.offsetMs) ?? driftProblem(n.clock.driftPpm);
    if (clockWhy) return no(`node ${n.name}: ${clockWhy}`);
    const e = libraryEntry(n.behaviour);
    if (!e) return no(`node ${n.name}: there is no behaviour called "${clip(n.behaviour, 40)}"`);
    const settings: Record<string, ParamValue> = {};
    for (const [name, value] of Object.entries(n.settings)) {
      const parsed = parseParam(e.settings, name, value);
      if (!parsed.ok) return no(`node ${n.name}: ${parsed.error}`);
      settings[parsed.name] = parsed.value;
    }
    nodes.push({ name: n.name, behaviour: n.behaviour, settings, clock: n.clock, x: n.x, y: n.y });
  }
  const names = nodes.map((n) => n.name);
  const links: SandboxLink[] = [];
  for (const l of raw.links) {
    for (const end of [l.from, l.to])
      if (!names.includes(end)) return no(`a link names "${clip(end, 20)}", which is not a node`);
    if (l.from === l.to) return no(`a link from ${l.from} to itself`);
    if (links.some((k) => k.from === l.from && k.to === l.to))
      return no(`two links from ${l.from} to ${l.to}`);
    links.push({ ...l });
  }
  const ivs = parseInterventions(raw.interventions, names);
  if (!ivs.ok) return no(ivs.error);
  return {
    ok: true,
    doc: {
      version: SANDBOX_VERSION,
      seed: raw.seed,
      durationMs: raw.durationMs,
      nodes,
      links,
      interventions: ivs.interventions,
    },
  };
}
