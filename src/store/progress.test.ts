import { describe, expect, it } from 'vitest';
import {
  emptyProgress,
  firstUnfinishedStep,
  loadProgress,
  markStepsMet,
  PROGRESS_KEY,
  saveProgress,
  type ProgressStorage,
} from './progress.ts';

function memoryStorage(initial?: string): ProgressStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  if (initial !== undefined) data.set(PROGRESS_KEY, initial);
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

const STEPS = ['failure', 'unknown', 'unknown-applied'];

describe('progress', () => {
  it('starts empty with nothing saved, and with no storage at all', () => {
    expect(loadProgress(memoryStorage())).toEqual({ progress: emptyProgress() });
    expect(loadProgress(null)).toEqual({ progress: emptyProgress() });
  });

  it('saves and loads back the same progress under a versioned key', () => {
    const storage = memoryStorage();
    const p = markStepsMet(emptyProgress(), 'three-outcomes', ['failure'], STEPS);
    expect(saveProgress(storage, p)).toBe(true);
    expect(JSON.parse(storage.data.get('roundtrip.progress')!)).toEqual({
      version: 1,
      lessons: { 'three-outcomes': { stepsMet: ['failure'], finished: false } },
    });
    expect(loadProgress(storage)).toEqual({ progress: p });
  });

  it('a met step stays met, and the lesson is finished when every step is met', () => {
    let p = markStepsMet(emptyProgress(), 'l', ['unknown'], STEPS);
    p = markStepsMet(p, 'l', ['failure', 'unknown'], STEPS);
    expect(p.lessons.l).toEqual({ stepsMet: ['unknown', 'failure'], finished: false });
    const same = markStepsMet(p, 'l', ['failure'], STEPS);
    expect(same).toBe(p);
    p = markStepsMet(p, 'l', ['unknown-applied'], STEPS);
    expect(p.lessons.l!.finished).toBe(true);
    // Marking nothing new keeps it finished.
    expect(markStepsMet(p, 'l', [], STEPS).lessons.l!.finished).toBe(true);
  });

  it('opens a lesson at its first unfinished step', () => {
    let p = emptyProgress();
    expect(firstUnfinishedStep(p, 'l', STEPS)).toBe(0);
    p = markStepsMet(p, 'l', ['failure', 'unknown-applied'], STEPS);
    expect(firstUnfinishedStep(p, 'l', STEPS)).toBe(1);
    p = markStepsMet(p, 'l', ['unknown'], STEPS);
    expect(firstUnfinishedStep(p, 'l', STEPS)).toBe(0);
  });

  const corrupt: [string, string, RegExp][] = [
    ['not JSON', '{"version":1,"less', /reset because it was damaged/],
    ['a JSON string', '"hello"', /not in the expected form/],
    ['null', 'null', /not in the expected form/],
    ['an array', '[1,2]', /not in the expected form/],
    ['no version', '{"lessons":{}}', /format this version does not read/],
    ['an old version', '{"version":0,"lessons":{}}', /format this version does not read/],
    ['a newer version', '{"version":7,"lessons":{}}', /newer version of Roundtrip \(format 7\)/],
    ['lessons not an object', '{"version":1,"lessons":[]}', /not in the expected form/],
  ];
  for (const [name, raw, message] of corrupt) {
    it(`resets saved progress that is ${name}, with a message, and removes it`, () => {
      const storage = memoryStorage(raw);
      const loaded = loadProgress(storage);
      expect(loaded.progress).toEqual(emptyProgress());
      expect(loaded.problem).toMatch(/^Your saved progress was reset because /);
      expect(loaded.problem).toMatch(message);
      expect(storage.data.has(PROGRESS_KEY)).toBe(false);
    });
  }

  const damagedEntries: [string, unknown][] = [
    ['step ids not a list', { stepsMet: 'a', finished: false }],
    ['a step id that is not text', { stepsMet: [1], finished: false }],
    ['finished not a boolean', { stepsMet: [], finished: 'yes' }],
    ['not an object', 42],
  ];
  for (const [name, entry] of damagedEntries) {
    it(`drops only a lesson entry with ${name}, keeps every other lesson, and says which`, () => {
      const good = { stepsMet: ['failure'], finished: false };
      const raw = JSON.stringify({ version: 1, lessons: { 'three-outcomes': good, saga: entry } });
      const storage = memoryStorage(raw);
      const loaded = loadProgress(storage);
      expect(loaded.progress.lessons).toEqual({ 'three-outcomes': good });
      expect(loaded.problem).toBe(
        'Saved progress for lesson "saga" was damaged and was reset; the rest is kept.',
      );
      // The repaired progress is saved, so the message is not shown again on the next visit.
      expect(loadProgress(storage)).toEqual({ progress: loaded.progress });
    });
  }

  it('names several damaged lessons, at most three, with the count of the rest', () => {
    const lessons = Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((id) => [id, null]));
    const loaded = loadProgress(memoryStorage(JSON.stringify({ version: 1, lessons })));
    expect(loaded.progress.lessons).toEqual({});
    expect(loaded.problem).toBe(
      'Saved progress for lessons "a", "b", "c" and 2 more was damaged and was reset; the rest is kept.',
    );
  });

  it('never throws when the browser refuses access to storage', () => {
    const refusing: ProgressStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    const loaded = loadProgress(refusing);
    expect(loaded.progress).toEqual(emptyProgress());
    expect(loaded.problem).toMatch(/cannot be saved in this browser/);
    expect(saveProgress(refusing, emptyProgress())).toBe(false);
    expect(loadProgress({ ...refusing, getItem: () => 'garbage' }).problem).toMatch(/reset/);
  });

  it('de-duplicates repeated step ids in saved data', () => {
    const storage = memoryStorage('{"version":1,"lessons":{"x":{"stepsMet":["a","a"],"finished":false}}}');
    expect(loadProgress(storage).progress.lessons.x!.stepsMet).toEqual(['a']);
  });
});
