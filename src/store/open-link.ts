/**
 * Reading a link needs its lesson's guide (the parameters to check, the node names interventions
 * may name), and guides are loaded on demand: this loads the guides a link can open (the lesson it
 * names, and the fallback) and then parses it. A guide that fails to load (offline before the lesson
 * was ever opened, a deploy that replaced the files) is reported as that, not as an unknown lesson.
 */
import { loadGuide, loadedGuide } from '../../lessons/registry.ts';
import { parseRunQuery, requestedLessonId, type ParsedUrl } from './url.ts';

export async function openRunQuery(search: string, fallbackLessonId: string | null): Promise<ParsedUrl> {
  const wanted = [requestedLessonId(search), fallbackLessonId].filter((id): id is string => !!id);
  for (const id of new Set(wanted)) {
    try {
      await loadGuide(id);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return {
        run: null,
        cursorMs: 0,
        problems: [
          `The lesson "${id}" could not be loaded (${why}). Check the connection and reload the page.`,
        ],
      };
    }
  }
  return parseRunQuery(search, loadedGuide, fallbackLessonId);
}
