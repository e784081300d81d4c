/**
 * Reading a sandbox document from outside (a link, a file, the embed). It never throws: it keeps
 * nothing it cannot check and says, in one line, what it refused. The document itself is model.ts.
 */
import * as v from 'valibot';
import { driftProblem, offsetProblem } from '../engine/clock.ts';
import { parseInterventions } from '../engine/interventions.ts';
import { clip, parseParam } from '../engine/params.ts';
import type { ParamValue } from '../engine/types.ts';
import { libraryEntry } from './library.ts';
import {
  MAX_SANDBOX_INTERVENTIONS,
  MAX_SANDBOX_NODES,
  SANDBOX_DURATION_MAX_MS,
  SANDBOX_VERSION,
  nodeNameProblem,
  type SandboxDoc,
  type SandboxLink,
  type SandboxNode,
} from './model.ts';

export * from './model.ts';

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
