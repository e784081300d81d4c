/**
 * The lessons, as the page sees them: every folder lessons/<id>/ with a guide.ts that default-exports
 * `defineGuide({...})`. Their ids are known at once (from the file names); each guide is its own
 * chunk, loaded when wanted, so a lesson page fetches only its own guide and the home page fetches
 * them all in parallel. Loaded guides are kept, so code that runs after loading (the store, the URL
 * parser) can look them up synchronously with `loadedGuide`.
 *
 * The simulation worker loads whole lessons (guide and scenario) through loader.ts; Node scripts use
 * src/cli/load-lessons.ts.
 */
import { byCatalogOrder, type LessonGuide } from '../src/engine/lesson.ts';
import { refetchable } from '../src/offline/refetchable.ts';

// Each guide can be fetched again after a failed download (refetchable.ts says why that needs care).
const loaders = Object.fromEntries(
  Object.entries(import.meta.glob<{ default: LessonGuide }>('./*/guide.ts')).map(([path, load]) => [
    path,
    refetchable(load),
  ]),
);

const idOf = (path: string): string | undefined => /^\.\/([^/]+)\/guide\.ts$/.exec(path)?.[1];

/** Every lesson id, by folder name (catalog order needs the guides: see loadAllGuides). */
export const lessonIds: readonly string[] = Object.keys(loaders)
  .flatMap((path) => idOf(path) ?? [])
  .sort();

const loaded = new Map<string, LessonGuide>();
const pending = new Map<string, Promise<LessonGuide | undefined>>();

/** The guide of lesson `id` if it has been loaded, else undefined. */
export function loadedGuide(id: string): LessonGuide | undefined {
  return loaded.get(id);
}

/** Loads the guide of lesson `id`; undefined when there is no such lesson. Rejects if its chunk fails to load. */
export function loadGuide(id: string): Promise<LessonGuide | undefined> {
  const done = loaded.get(id);
  if (done) return Promise.resolve(done);
  const load = loaders[`./${id}/guide.ts`];
  if (!load) return Promise.resolve(undefined);
  let promise = pending.get(id);
  if (!promise) {
    promise = load()
      .then((mod) => {
        const guide = mod.default;
        if (!guide || guide.id !== id) {
          throw new Error(`lessons/${id}/guide.ts must default-export defineGuide({...}) with id "${id}"`);
        }
        loaded.set(id, guide);
        return guide;
      })
      .finally(() => pending.delete(id));
    pending.set(id, promise);
  }
  return promise;
}

/** Every guide, in catalog order (part, then order). */
export async function loadAllGuides(): Promise<LessonGuide[]> {
  const guides = await Promise.all(lessonIds.map(loadGuide));
  return guides.filter((g): g is LessonGuide => g !== undefined).sort(byCatalogOrder);
}
