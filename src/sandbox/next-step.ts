/**
 * What a newcomer to the sandbox should do next, read from the document: add nodes, connect them,
 * then run. The build panel shows the three steps with the current one marked and this sentence
 * under it, so the first action is never a guess.
 */
import type { NodeProblem } from './compile.ts';
import { libraryEntry } from './library.ts';
import type { SandboxDoc } from './model.ts';

export type BuildStep = 'add' | 'connect' | 'run';

export interface NextStep {
  step: BuildStep;
  /** One sentence, in the panel's words. */
  text: string;
}

export function nextStep(doc: SandboxDoc, problems: readonly NodeProblem[]): NextStep {
  if (doc.nodes.length === 0)
    return {
      step: 'add',
      text: 'Pick what the node does (a Client, say) and press Add node. Then add a Payment server for it to call.',
    };
  const needs = doc.nodes.filter((n) => (libraryEntry(n.behaviour)?.peers.length ?? 0) > 0);
  if (needs.length === 0)
    return {
      step: 'add',
      text: `${doc.nodes.length === 1 ? 'This node waits' : 'These nodes wait'} to be called: add a Client (or a Worker with heartbeats) to talk to ${doc.nodes.length === 1 ? 'it' : 'them'}.`,
    };
  // A node whose peer does not exist yet: adding one comes before drawing the link to it.
  for (const n of needs)
    for (const need of libraryEntry(n.behaviour)!.peers)
      if (!doc.nodes.some((m) => need.accepts.includes(m.behaviour))) {
        // The first accepted kind is the plain one; naming all five would bury the advice.
        const [plain, ...others] = need.accepts.map((id) => libraryEntry(id)?.label ?? id);
        const or = others.length > 0 ? ' (or another node that answers it)' : '';
        return {
          step: 'add',
          text: `${n.name} needs ${need.label}: add a ${plain}${or}, then connect them.`,
        };
      }
  const first = problems[0];
  if (first) return { step: 'connect', text: `${first.message} (under Links, below).` };
  return { step: 'run', text: 'Ready: press Play. Then break things and watch the checks.' };
}
