/**
 * The shareable state in the URL: lesson, seed, parameters, interventions and cursor, with a format
 * version. Parsing never throws: every problem becomes a message and a safe fallback.
 *
 *   ?v=2&lesson=three-outcomes&step=unknown&seed=7&p.deadlineMs=400&iv=<base64url of deflated JSON>&t=1250
 *
 * `step` names the lesson step the link was made on, so it reopens there (absent: the learner's
 * first unfinished step).
 *
 * Format 2 compresses the interventions (raw DEFLATE, then base64url): a run with a hundred
 * interventions fits in about a thousand characters instead of ten thousand. Format 1 links (the
 * same, with `iv` as plain base64url JSON) are upgraded by a migration and still open.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import type { Intervention, LessonGuide, ParamValue } from '../engine/index.ts';
import { defaultParams, parseParam } from '../engine/params.ts';
import { parseInterventions } from '../engine/interventions.ts';
import type { RunSpec } from '../engine/run-spec.ts';

export const URL_FORMAT_VERSION = 2;

/** Links longer than this may be cut by chat apps, mail clients and some servers. */
export const PRACTICAL_URL_LENGTH = 8_000;

/** Upgrades from older formats, keyed by the version they upgrade from. */
const MIGRATIONS: Record<number, (q: URLSearchParams) => URLSearchParams> = {
  // 1 → 2: `iv` was base64url JSON; now it is compressed. A damaged value is passed on as it was,
  // and the parser below explains it.
  1: (q) => {
    const rawIv = q.get('iv');
    if (rawIv) {
      try {
        q.set('iv', encodeInterventions(fromBase64Url(rawIv)));
      } catch {
        // left as it was: reported as damaged
      }
    }
    q.set('v', '2');
    return q;
  },
};

export interface ParsedUrl {
  run: RunSpec | null;
  cursorMs: number;
  /** The step the link names, checked against the lesson; null when it names none (or a wrong one). */
  stepId?: string | null;
  problems: string[];
}

function bytesToBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64UrlToBytes(text: string): Uint8Array {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** Format 1's encoding of the interventions (kept for tests of the migration). */
export function toBase64Url(text: string): string {
  return bytesToBase64Url(new TextEncoder().encode(text));
}

function fromBase64Url(text: string): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(base64UrlToBytes(text));
}

/** Far beyond any link a browser keeps (2 MB in Chromium), so nothing real is refused. */
const MAX_IV_CHARS = 2_000_000;

/** Text → raw DEFLATE → base64url: how a link carries JSON (format 2's `iv`, the sandbox's `doc`). */
export function deflateToBase64Url(text: string): string {
  return bytesToBase64Url(deflateSync(strToU8(text), { level: 9 }));
}

/** The inverse of deflateToBase64Url; throws on damaged input. */
export function inflateFromBase64Url(text: string): string {
  if (text.length > MAX_IV_CHARS) throw new Error('too long');
  return strFromU8(inflateSync(base64UrlToBytes(text)));
}

/** JSON text → raw DEFLATE → base64url (format 2's `iv`). */
export const encodeInterventions = deflateToBase64Url;

/** The inverse of encodeInterventions; throws on damaged input. */
export const decodeInterventions = inflateFromBase64Url;

export function encodeRunToQuery(
  run: RunSpec,
  lesson: LessonGuide | null,
  cursorMs: number,
  stepId: string | null = null,
): string {
  const q = new URLSearchParams();
  q.set('v', String(URL_FORMAT_VERSION));
  q.set('lesson', run.lessonId);
  if (stepId !== null) q.set('step', stepId);
  q.set('seed', String(run.seed));
  const defaults = lesson ? defaultParams(lesson.params) : {};
  for (const [name, value] of Object.entries(run.params)) {
    if (defaults[name] !== value) q.set(`p.${name}`, String(value));
  }
  if (run.interventions.length) q.set('iv', encodeInterventions(JSON.stringify(run.interventions)));
  if (cursorMs > 0) q.set('t', String(Math.round(cursorMs)));
  return `?${q.toString()}`;
}

/** The lesson a link names (every format keeps it in `lesson`), so its guide can be loaded before parsing. */
export function requestedLessonId(search: string): string | null {
  return new URLSearchParams(search).get('lesson');
}

/** `getLesson` looks up loaded guides: load the requested lesson's first (see requestedLessonId). */
export function parseRunQuery(
  search: string,
  getLesson: (id: string) => LessonGuide | undefined,
  fallbackLessonId: string | null,
): ParsedUrl {
  const problems: string[] = [];
  let q = new URLSearchParams(search);
  const rawVersion = q.get('v');
  let version = rawVersion === null ? URL_FORMAT_VERSION : Number(rawVersion);
  if (!Number.isInteger(version) || version < 1) {
    return {
      run: null,
      cursorMs: 0,
      problems: [
        `This link's format version "${rawVersion}" is not one Roundtrip knows, so it was not opened.`,
      ],
    };
  }
  if (version > URL_FORMAT_VERSION) {
    return {
      run: null,
      cursorMs: 0,
      problems: [
        `This link was made by a newer version of Roundtrip (format ${version}; this one reads up to ${URL_FORMAT_VERSION}), so it was not opened.`,
      ],
    };
  }
  while (version < URL_FORMAT_VERSION) {
    const migrate = MIGRATIONS[version];
    if (!migrate)
      return { run: null, cursorMs: 0, problems: [`Links of format ${version} can no longer be replayed.`] };
    q = migrate(q);
    version++;
  }

  const requested = q.get('lesson');
  let lesson = requested ? getLesson(requested) : undefined;
  if (requested && !lesson)
    problems.push(
      `There is no lesson called "${requested}"; showing ${fallbackLessonId ? `"${fallbackLessonId}"` : 'the list of lessons'} instead.`,
    );
  if (!lesson && fallbackLessonId) lesson = getLesson(fallbackLessonId);
  if (!lesson) return { run: null, cursorMs: 0, problems };
  const lessonMatches = lesson.id === requested;

  let seed = lesson.defaultSeed;
  const rawSeed = q.get('seed');
  if (rawSeed !== null && lessonMatches) {
    const n = Number(rawSeed);
    if (Number.isInteger(n) && n >= 0 && n <= 0xffffffff) seed = n;
    else problems.push(`The seed "${rawSeed}" is not a whole number from 0 to 4294967295; using ${seed}.`);
  }

  const params: Record<string, ParamValue> = defaultParams(lesson.params);
  for (const [key, value] of q) {
    if (!key.startsWith('p.') || !lessonMatches) continue;
    const parsed = parseParam(lesson.params, key.slice(2), value);
    if (parsed.ok) params[parsed.name] = parsed.value;
    else problems.push(`Ignored a setting from the link: ${parsed.error}.`);
  }

  let interventions: Intervention[] = [];
  const rawIv = q.get('iv');
  if (rawIv && lessonMatches) {
    let json: unknown;
    try {
      json = JSON.parse(decodeInterventions(rawIv));
    } catch {
      json = undefined;
      problems.push(
        'The interventions in this link are damaged (not readable), so the run starts without them.',
      );
    }
    if (json !== undefined) {
      const parsed = parseInterventions(json, lesson.nodeNames(params), lesson.params);
      if (parsed.ok) interventions = parsed.interventions;
      else problems.push(`The interventions in this link were not used: ${parsed.error}.`);
    }
  }

  let stepId: string | null = null;
  const rawStep = q.get('step');
  if (rawStep !== null && lessonMatches) {
    if (lesson.steps.some((s) => s.id === rawStep)) stepId = rawStep;
    else
      problems.push(
        `This lesson has no step called "${rawStep.slice(0, 60)}"; opening at your first unfinished step.`,
      );
  }

  let cursorMs = 0;
  const rawT = q.get('t');
  if (rawT !== null && lessonMatches) {
    const t = Number(rawT);
    if (Number.isFinite(t) && t >= 0 && t <= 86_400_000) cursorMs = t;
    else problems.push(`The moment "${rawT}" in this link is not a time in ms; starting at 0.`);
  }

  return { run: { lessonId: lesson.id, seed, params, interventions }, cursorMs, stepId, problems };
}
