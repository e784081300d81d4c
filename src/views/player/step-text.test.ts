import { describe, expect, it } from 'vitest';
import { linkedLessons, parseStepText, plainStepText } from './step-text.ts';

describe('step text', () => {
  it('keeps plain text as one part', () => {
    expect(parseStepText('Press "Pay".')).toEqual([{ text: 'Press "Pay".' }]);
  });

  it('turns [label](lesson:id) into a link, keeping the words around it', () => {
    const text = 'See the lesson [Retries](lesson:idempotency) again.';
    expect(parseStepText(text)).toEqual([
      { text: 'See the lesson ' },
      { label: 'Retries', lesson: 'idempotency' },
      { text: ' again.' },
    ]);
    expect(plainStepText(text)).toBe('See the lesson Retries again.');
    expect(linkedLessons(text)).toEqual(['idempotency']);
  });

  it('leaves other brackets and web links as text', () => {
    const text = 'A [note] and [a site](https://example.com) stay words.';
    expect(parseStepText(text)).toEqual([{ text }]);
  });
});

describe('links in the lessons', () => {
  it('point at lessons that exist', async () => {
    const { lessonIds, loadAllGuides } = await import('../../../lessons/registry.ts');
    for (const guide of await loadAllGuides()) {
      for (const step of guide.steps) {
        for (const id of linkedLessons(`${step.text} ${step.hint}`)) {
          expect(lessonIds, `${guide.id} step ${step.id} links to "${id}"`).toContain(id);
        }
      }
    }
  });
});
