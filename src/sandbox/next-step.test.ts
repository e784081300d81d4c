import { describe, expect, it } from 'vitest';
import { problemsOf } from './compile.ts';
import { applyEdit, type Edit } from './edits.ts';
import { DEFAULT_LINK, emptyDoc, starterDoc, type SandboxDoc } from './model.ts';
import { nextStep } from './next-step.ts';

const node = (name: string, behaviour: string): Edit => ({
  kind: 'add-node',
  node: { name, behaviour, settings: {}, clock: { offsetMs: 0, driftPpm: 0 }, x: 0.5, y: 0.5 },
});
const link = (from: string, to: string): Edit => ({ kind: 'add-link', link: { from, to, ...DEFAULT_LINK } });

function build(...edits: Edit[]): SandboxDoc {
  let doc = emptyDoc();
  for (const e of edits) {
    const r = applyEdit(doc, e);
    if (!r.ok) throw new Error(r.error);
    doc = r.doc;
  }
  return doc;
}
const next = (doc: SandboxDoc) => nextStep(doc, problemsOf(doc));

describe('the next build step', () => {
  it('goes add, add what a node needs, connect, run', () => {
    expect(next(emptyDoc())).toMatchObject({ step: 'add', text: /Add node/ });
    expect(next(build(node('client', 'client')))).toMatchObject({
      step: 'add',
      text: 'client needs a server to call: add a Payment server (or another node that answers it), then connect them.',
    });
    expect(next(build(node('payments', 'payment-server')))).toMatchObject({
      step: 'add',
      text: /add a Client/,
    });
    const unlinked = build(node('client', 'client'), node('payments', 'payment-server'));
    expect(next(unlinked)).toMatchObject({ step: 'connect', text: /draw a link from client/ });
    expect(
      next(build(node('client', 'client'), node('payments', 'payment-server'), link('client', 'payments'))),
    ).toMatchObject({ step: 'connect', text: /back to client/ });
    expect(next(starterDoc())).toMatchObject({ step: 'run', text: /press Play/ });
  });
});
