/**
 * The scenario file: a run as a small JSON document, to keep, send or open later.
 *
 *   { "format": "roundtrip-scenario", "version": 1, "lesson": "three-outcomes", "seed": 7,
 *     "params": { "deadlineMs": 400 }, "interventions": [{ "at": 1200, "kind": "crash", "node": "server" }],
 *     "t": 1500 }
 *
 * `t` (the moment shown) is optional. A sandbox run's file says `"lesson": "sandbox"` and carries its
 * scenario in `sandbox` (nodes, links, length; its seed and faults are the file's own `seed` and
 * `interventions`, so nothing is said twice). Reading one never throws: a malformed, oversized or
 * future-version file is refused with a sentence that says what is wrong.
 */
import * as v from 'valibot';
import { parseInterventions } from '../../engine/interventions.ts';
import type { LessonGuide } from '../../engine/index.ts';
import { parseParams } from '../../engine/params.ts';
import type { RunSpec } from '../../engine/run-spec.ts';
import { parseSandboxDoc, type SandboxDoc } from '../../sandbox/document.ts';
import { SANDBOX_ID } from '../../sandbox/guide.ts';
import { sandboxRun } from '../../store/sandbox.ts';

export const SCENARIO_FORMAT = 'roundtrip-scenario';
export const SCENARIO_VERSION = 1;
export const MAX_SCENARIO_BYTES = 1_000_000;

export interface ScenarioFile {
  format: typeof SCENARIO_FORMAT;
  version: number;
  lesson: string;
  seed: number;
  params: Record<string, number | boolean | string>;
  interventions: unknown[];
  t?: number;
  /** A sandbox run's scenario, without the seed and interventions the file already has. */
  sandbox?: Omit<SandboxDoc, 'seed' | 'interventions'>;
}

/** Version 1's shape (the fields' meaning is checked against the lesson afterwards). */
const ScenarioV1 = v.object({
  format: v.literal(SCENARIO_FORMAT),
  version: v.literal(1),
  lesson: v.pipe(v.string(), v.minLength(1)),
  seed: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(0xffffffff)),
  params: v.optional(v.record(v.string(), v.union([v.number(), v.boolean(), v.string()])), {}),
  interventions: v.optional(v.array(v.unknown()), []),
  t: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(86_400_000))),
  // Checked in full by parseSandboxDoc once the seed and interventions are put back in.
  sandbox: v.optional(v.record(v.string(), v.unknown())),
});

export function toScenarioFile(run: RunSpec, cursorMs?: number): ScenarioFile {
  if (run.sandbox) {
    const { seed, interventions, ...scenario } = run.sandbox;
    const file: ScenarioFile = {
      format: SCENARIO_FORMAT,
      version: SCENARIO_VERSION,
      lesson: SANDBOX_ID,
      seed,
      params: {},
      interventions: interventions.map((iv) => ({ ...iv })),
      sandbox: scenario,
    };
    if (cursorMs !== undefined && cursorMs > 0) file.t = Math.round(cursorMs);
    return file;
  }
  const file: ScenarioFile = {
    format: SCENARIO_FORMAT,
    version: SCENARIO_VERSION,
    lesson: run.lessonId,
    seed: run.seed,
    params: { ...run.params },
    interventions: run.interventions.map((iv) => ({ ...iv })),
  };
  if (cursorMs !== undefined && cursorMs > 0) file.t = Math.round(cursorMs);
  return file;
}

export function scenarioFileName(run: RunSpec): string {
  return `roundtrip-${run.lessonId}-seed${run.seed}.scenario.json`;
}

export type ScenarioResult = { ok: true; run: RunSpec; cursorMs: number } | { ok: false; error: string };

const kb = (bytes: number): string =>
  bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${Math.ceil(bytes / 1000)} KB`;

/** Reads a scenario file's text (`sizeBytes`: the file's size, checked before its text is read). */
export function parseScenarioFile(
  text: string,
  getLesson: (id: string) => LessonGuide | undefined,
  sizeBytes = new TextEncoder().encode(text).length,
): ScenarioResult {
  const no = (error: string): ScenarioResult => ({ ok: false, error });
  if (sizeBytes > MAX_SCENARIO_BYTES) {
    return no(`This file is ${kb(sizeBytes)}; a scenario file is at most 1 MB.`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return no(
      `This file is not JSON (${(e as Error).message.replace(/\s+/g, ' ')}), so it is not a Roundtrip scenario.`,
    );
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return no(
      'This file is JSON but not a Roundtrip scenario: it should be an object with "format": "roundtrip-scenario".',
    );
  }
  const o = data as Record<string, unknown>;
  if (o.format !== SCENARIO_FORMAT) {
    return no(
      `This file is not a Roundtrip scenario: its "format" is ${o.format === undefined ? 'missing' : JSON.stringify(o.format)}, not "${SCENARIO_FORMAT}".`,
    );
  }
  if (typeof o.version !== 'number' || !Number.isInteger(o.version) || o.version < 1) {
    return no(
      `This scenario's "version" should be a whole number (1), not ${JSON.stringify(o.version) ?? 'missing'}.`,
    );
  }
  if (o.version > SCENARIO_VERSION) {
    return no(
      `This scenario was saved by a newer version of Roundtrip (format version ${o.version}; this one reads up to ${SCENARIO_VERSION}).`,
    );
  }
  const parsed = v.safeParse(ScenarioV1, data);
  if (!parsed.success) {
    const issue = parsed.issues[0]!;
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    return no(
      `This scenario is damaged: ${path ? `"${path}" ` : ''}should be ${issue.expected ?? 'different'}, not ${issue.received}.`,
    );
  }
  const file = parsed.output;
  if (file.lesson === SANDBOX_ID) {
    if (!file.sandbox) return no('This sandbox scenario has no "sandbox" in it: nodes, links and length.');
    const doc = parseSandboxDoc({ ...file.sandbox, seed: file.seed, interventions: file.interventions });
    if (!doc.ok) return no(`This sandbox scenario cannot be opened: ${doc.error}.`);
    return { ok: true, run: sandboxRun(doc.doc), cursorMs: file.t ?? 0 };
  }
  const lesson = getLesson(file.lesson);
  if (!lesson)
    return no(`This scenario is for a lesson called "${file.lesson}", which this Roundtrip does not have.`);
  // The file's own params, not valibot's copy: that leaves out names like "constructor" without a word.
  const params = parseParams(lesson.params, (o.params ?? {}) as Record<string, unknown>);
  if (!params.ok) return no(`This scenario's parameters do not fit "${lesson.title}": ${params.error}.`);
  const names = lesson.nodeNames(params.params);
  const interventions = parseInterventions(file.interventions, names, lesson.params);
  if (!interventions.ok)
    return no(`This scenario's interventions do not fit "${lesson.title}": ${interventions.error}.`);
  return {
    ok: true,
    run: {
      lessonId: lesson.id,
      seed: file.seed,
      params: params.params,
      interventions: interventions.interventions,
    },
    cursorMs: file.t ?? 0,
  };
}
