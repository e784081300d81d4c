/**
 * What an embed shows, from its URL (on top of the run state of src/store/url.ts):
 *
 *   embed.html?v=2&lesson=three-outcomes&seed=7&t=1200   the run and the moment (as in a share link)
 *     &views=topology,calls       which views, in order (default: topology,calls)
 *     &steps=1                    the lesson's steps, read-only, ticked as their challenges are met
 *     &autoplay=1                 start playing once ready (otherwise it waits, paused at t)
 *     &theme=dark                 light (default) or dark
 *     &id=fig-1                   echoed in every event, so a host can tell its embeds apart
 *     &allowedOrigins=https://blog.example,https://www.blog.example   who may send commands
 *
 * Parsing never throws: a bad value is reported and replaced by its default.
 */
import { parseAllowedOrigins } from './messages.ts';

export const VIEWS = {
  topology: 'Network',
  spacetime: 'Space-time diagram',
  calls: 'Calls',
  clocks: 'Clocks',
  log: 'Event log',
} as const;
export type ViewId = keyof typeof VIEWS;
export const VIEW_IDS = Object.keys(VIEWS) as ViewId[];
export const DEFAULT_VIEWS: readonly ViewId[] = ['topology', 'calls'];

export type Theme = 'light' | 'dark';

export interface EmbedOptions {
  views: ViewId[];
  steps: boolean;
  autoplay: boolean;
  theme: Theme;
  id: string | undefined;
  /** null: the parent window may send commands, whatever its origin. */
  allowedOrigins: string[] | null;
}

export const DEFAULT_OPTIONS: EmbedOptions = {
  views: [...DEFAULT_VIEWS],
  steps: false,
  autoplay: false,
  theme: 'light',
  id: undefined,
  allowedOrigins: null,
};

/** The keys this module reads; everything else in an embed URL is the run state. */
export const OPTION_KEYS = ['views', 'steps', 'autoplay', 'theme', 'id', 'allowedOrigins'] as const;

function flag(q: URLSearchParams, key: string, problems: string[]): boolean {
  const raw = q.get(key);
  if (raw === null) return false;
  if (['1', 'true', 'yes', 'on', ''].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  problems.push(`The embed option ${key}="${raw}" should be 1 or 0; using 0.`);
  return false;
}

export function parseEmbedOptions(search: string): { options: EmbedOptions; problems: string[] } {
  const q = new URLSearchParams(search);
  const problems: string[] = [];

  let views = [...DEFAULT_VIEWS];
  const rawViews = q.get('views');
  if (rawViews !== null) {
    const wanted = rawViews
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const known = wanted.filter((w): w is ViewId => Object.hasOwn(VIEWS, w));
    const unknown = wanted.filter((w) => !Object.hasOwn(VIEWS, w));
    if (unknown.length)
      problems.push(
        `Unknown view ${unknown.map((u) => `"${u}"`).join(', ')}; the views are ${VIEW_IDS.join(', ')}.`,
      );
    if (known.length) views = [...new Set(known)];
  }

  const rawTheme = q.get('theme');
  let theme: Theme = 'light';
  if (rawTheme === 'dark' || rawTheme === 'light') theme = rawTheme;
  else if (rawTheme !== null) problems.push(`The theme "${rawTheme}" is not light or dark; using light.`);

  let id = q.get('id') ?? undefined;
  if (id !== undefined && !/^[\w.:-]{1,64}$/.test(id)) {
    problems.push(
      'The embed id may use letters, digits, "-", "_", "." and ":" (at most 64); it was left out.',
    );
    id = undefined;
  }

  const origins = parseAllowedOrigins(q.get('allowedOrigins'));
  problems.push(...origins.problems);

  return {
    options: {
      views,
      steps: flag(q, 'steps', problems),
      autoplay: flag(q, 'autoplay', problems),
      theme,
      id,
      allowedOrigins: origins.origins,
    },
    problems,
  };
}

/** The option part of an embed URL (defaults left out), to append to a run query. */
export function encodeEmbedOptions(options: Partial<EmbedOptions>): string {
  const q = new URLSearchParams();
  if (options.views && options.views.join(',') !== DEFAULT_VIEWS.join(','))
    q.set('views', options.views.join(','));
  if (options.steps) q.set('steps', '1');
  if (options.autoplay) q.set('autoplay', '1');
  if (options.theme === 'dark') q.set('theme', 'dark');
  if (options.id) q.set('id', options.id);
  if (options.allowedOrigins?.length) q.set('allowedOrigins', options.allowedOrigins.join(','));
  return q.toString();
}
