/** Opening a scenario file (picked or dropped): refused with a reason, or loaded in place of the run. */
import { loadAllGuides, loadedGuide } from '../../../lessons/registry.ts';
import { appStore } from '../../store/store.ts';
import { MAX_SCENARIO_BYTES, parseScenarioFile } from './scenario-file.ts';

export type ImportResult = { ok: true; message: string } | { ok: false; message: string };

export async function importScenario(file: File): Promise<ImportResult> {
  const label = file.name ? `"${file.name}"` : 'This file';
  // The size is checked before the text is read: a huge file is refused without loading it.
  if (file.size > MAX_SCENARIO_BYTES) {
    const result = parseScenarioFile('', loadedGuide, file.size);
    return {
      ok: false,
      message: result.ok ? '' : `Could not open ${label}. ${result.error} The current run is unchanged.`,
    };
  }
  let text: string;
  try {
    text = await file.text();
  } catch {
    return { ok: false, message: `${label} could not be read.` };
  }
  // A file may be for any lesson: have every guide at hand to check it against (a rare, small load).
  try {
    await loadAllGuides();
  } catch {
    return {
      ok: false,
      message: `Could not open ${label}: the lessons could not be loaded. Check the connection.`,
    };
  }
  const result = parseScenarioFile(text, loadedGuide, file.size);
  if (!result.ok)
    return { ok: false, message: `Could not open ${label}. ${result.error} The current run is unchanged.` };
  const store = appStore.getState();
  store.pause();
  const { sandbox } = result.run;
  if (sandbox) {
    // A fresh history: the file is where this sandbox starts, as a link would be.
    store.openSandbox(sandbox, result.cursorMs);
    return {
      ok: true,
      message: `Opened ${label}: a sandbox of ${sandbox.nodes.length} nodes and ${sandbox.links.length} links, seed ${sandbox.seed}, ${sandbox.interventions.length} faults.`,
    };
  }
  store.load(result.run, result.cursorMs);
  const lesson = loadedGuide(result.run.lessonId);
  return {
    ok: true,
    message: `Opened ${label}: ${lesson?.title ?? result.run.lessonId}, seed ${result.run.seed}, ${result.run.interventions.length} interventions.`,
  };
}
