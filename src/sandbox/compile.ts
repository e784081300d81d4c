/**
 * A sandbox document as the engine runs it: each node's library behaviour made from its settings and
 * the peers its links give it, its clock, and the links drawn (only those: an undrawn pair cannot
 * talk). A node missing a peer it needs still runs, idle, labelled with what it lacks, and the
 * problem is listed so the canvas can say it where the node is.
 */
import { withParams, defaultParams } from '../engine/params.ts';
import type { Behaviour, RunInput, Scenario } from '../engine/types.ts';
import type { SandboxDoc, SandboxNode } from './model.ts';
import { DEFAULT_LINK, libraryEntry, type LibraryEntry } from './library.ts';

export interface NodeProblem {
  node: string;
  /** "c1 needs a server to call: draw a link from c1 to a Payment server." */
  message: string;
}

/** The nodes `node` may rely on for each role it needs: the first it links to of an accepted kind. */
export function peersOf(
  doc: SandboxDoc,
  node: SandboxNode,
  entry: LibraryEntry,
): { peers: Record<string, string>; missing: string[] } {
  const peers: Record<string, string> = {};
  const missing: string[] = [];
  for (const need of entry.peers) {
    const target = doc.links
      .filter((l) => l.from === node.name)
      .map((l) => doc.nodes.find((n) => n.name === l.to))
      // A node taken by another role is not this one's: a saga's two steps are two servers.
      .find(
        (n) =>
          n !== undefined && need.accepts.includes(n.behaviour) && !Object.values(peers).includes(n.name),
      );
    if (target) peers[need.role] = target.name;
    else missing.push(need.label);
  }
  return { peers, missing };
}

function acceptedLabels(entry: LibraryEntry, label: string): string {
  const need = entry.peers.find((p) => p.label === label)!;
  const labels = need.accepts.map((id) => libraryEntry(id)?.label ?? id);
  return labels.length < 2 ? labels.join('') : `${labels.slice(0, -1).join(', ')} or ${labels.at(-1)}`;
}

/** Links drawn one way only: the way back is missing, and what is sent back on it is lost. */
function oneWayLinks(doc: SandboxDoc): SandboxDoc['links'] {
  return doc.links.filter((l) => !doc.links.some((k) => k.from === l.to && k.to === l.from));
}

/** What stops a node doing its job, node by node, in the canvas's words. */
export function problemsOf(doc: SandboxDoc): NodeProblem[] {
  const needs = doc.nodes.flatMap((node) => {
    const entry = libraryEntry(node.behaviour);
    if (!entry) return [{ node: node.name, message: `${node.name} has no behaviour this Roundtrip knows` }];
    return peersOf(doc, node, entry).missing.map((label) => ({
      node: node.name,
      message: `${node.name} needs ${label}: draw a link from ${node.name} to a ${acceptedLabels(entry, label)}`,
    }));
  });
  const noWayBack = oneWayLinks(doc).map((l) => ({
    node: l.to,
    message: `nothing gets from ${l.to} back to ${l.from}: answers are lost until you draw a link from ${l.to} to ${l.from}`,
  }));
  return [...needs, ...noWayBack];
}

/** A node that cannot do its job waits, saying what it lacks. */
function idle(kind: string, lacks: string): Behaviour<null> {
  return { kind, init: () => null, label: () => `needs ${lacks}` };
}

export function compileScenario(doc: SandboxDoc): Scenario {
  return {
    nodes: doc.nodes.map((node) => {
      const entry = libraryEntry(node.behaviour);
      const clock = { offsetMs: node.clock.offsetMs, driftPpm: node.clock.driftPpm };
      const position = { x: node.x, y: node.y };
      if (!entry) return { name: node.name, behaviour: idle('unknown', 'a behaviour'), clock, position };
      const { peers, missing } = peersOf(doc, node, entry);
      const behaviour =
        missing.length > 0
          ? idle(entry.label.toLowerCase(), missing[0]!)
          : entry.make(withParams(defaultParams(entry.settings), node.settings), peers);
      return { name: node.name, behaviour, clock, position };
    }),
    network: DEFAULT_LINK,
    // The engine refuses a send over a link that does not exist; a sandbox's missing way back is a
    // link that loses everything instead, so an answer sent on it is simply never heard.
    links: [
      ...doc.links.map((l) => ({ ...l })),
      ...oneWayLinks(doc).map((l) => ({ ...DEFAULT_LINK, from: l.to, to: l.from, loss: 1 })),
    ],
  };
}

/** The run the engine makes of a document: same document, same trace. */
export function sandboxRunInput(doc: SandboxDoc): RunInput {
  return {
    scenario: () => compileScenario(doc),
    seed: doc.seed,
    params: {},
    interventions: doc.interventions,
  };
}
