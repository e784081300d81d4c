/**
 * The sandbox's slice: the document being built and its undo history. In the sandbox the document
 * is the one source of truth and the run is made from it: an edit, an undo, a fault pressed on the
 * run or a new seed is an edit of the document, which then reloads the run at the same moment.
 */
import type { StateCreator } from 'zustand/vanilla';
import { perform, redo, startHistory, undo, type Edit, type History } from '../sandbox/edits.ts';
import type { SandboxDoc } from '../sandbox/model.ts';
import { SANDBOX_STEP_ID, sandboxGuide } from '../sandbox/guide.ts';
import { stepStartRun } from './step-start.ts';
import type { AppState } from './types.ts';

export interface SandboxSlice {
  /** The sandbox being built, or null outside the sandbox. */
  sandbox: History | null;
  /** Opens `doc` in the sandbox, with a fresh history, at `cursorMs`. */
  openSandbox(doc: SandboxDoc, cursorMs?: number): void;
  /** Does an edit; returns why it cannot be done, or undefined when it was. */
  sandboxEdit(edit: Edit): string | undefined;
  sandboxUndo(): void;
  sandboxRedo(): void;
}

/** The run a document makes: the sandbox guide's own step start, so the two are the same run. */
export const sandboxRun = (doc: SandboxDoc) => stepStartRun(sandboxGuide(doc), 0);

export const createSandboxSlice: StateCreator<AppState, [], [], SandboxSlice> = (set, get) => {
  const show = (history: History, cursorMs = get().cursor) => {
    set({ sandbox: history });
    get().load(sandboxRun(history.doc), Math.min(cursorMs, history.doc.durationMs));
    // "Restart" goes back to the start of the document as it is now, not as it was when it opened.
    const run = get().run;
    if (run && get().stepStart) set({ stepStart: { stepId: SANDBOX_STEP_ID, run, carried: null } });
  };
  return {
    sandbox: null,
    openSandbox(doc, cursorMs = 0) {
      show(startHistory(doc), cursorMs);
    },
    sandboxEdit(edit) {
      const h = get().sandbox;
      if (!h) return 'the sandbox is not open';
      const r = perform(h, edit);
      if (!r.ok) return r.error;
      show(r.history);
      return undefined;
    },
    sandboxUndo() {
      const h = get().sandbox;
      if (h && h.past.length) show(undo(h));
    },
    sandboxRedo() {
      const h = get().sandbox;
      if (h && h.future.length) show(redo(h));
    },
  };
};
