/**
 * A sandbox scenario as data: the nodes on the canvas (each a library behaviour with its settings,
 * its clock and its place), the links between them and the interventions on the timeline. It is
 * what undo, the URL and the scenario file keep, and what compile.ts turns into an engine scenario.
 * Parsing one from outside is document.ts (it brings valibot, which only a link or a file needs).
 */
import { clip } from '../engine/params.ts';
import type { Intervention, LinkProps, ParamValue } from '../engine/types.ts';
import { DEFAULT_LINK } from './library.ts';

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

export function emptyDoc(): SandboxDoc {
  return { version: SANDBOX_VERSION, seed: 1, durationMs: 10_000, nodes: [], links: [], interventions: [] };
}

/** What the sandbox opens with: a client calling a payment server, to run at once and then change. */
export function starterDoc(): SandboxDoc {
  const at = (name: string, behaviour: string, x: number): SandboxNode => ({
    name,
    behaviour,
    settings: {},
    clock: { offsetMs: 0, driftPpm: 0 },
    x,
    y: 0.5,
  });
  return {
    ...emptyDoc(),
    nodes: [at('client', 'client', 0.2), at('payments', 'payment-server', 0.8)],
    links: [
      { from: 'client', to: 'payments', ...DEFAULT_LINK },
      { from: 'payments', to: 'client', ...DEFAULT_LINK },
    ],
  };
}

/** A node name: short, readable in a label, and never a name objects already have. */
export const NODE_NAME = /^[a-z][a-z0-9-]{0,15}$/;

export function nodeNameProblem(name: string, taken: readonly string[]): string | undefined {
  if (!NODE_NAME.test(name))
    return `"${clip(name, 20)}" is not a node name: use a lowercase letter, then up to 15 letters, digits or dashes`;
  if (taken.includes(name)) return `there is already a node called ${name}`;
  return undefined;
}
export { DEFAULT_LINK };
