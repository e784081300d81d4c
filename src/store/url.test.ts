import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getLesson } from '../../tests/support/lessons.ts';
import type { Intervention } from '../engine/index.ts';
import { outsideName } from '../engine/testing/arbitraries.ts';
import { checkProperty } from '../engine/testing/property.ts';
import {
  decodeInterventions,
  encodeInterventions,
  encodeRunToQuery,
  parseRunQuery,
  PRACTICAL_URL_LENGTH,
  toBase64Url,
  URL_FORMAT_VERSION,
} from './url.ts';

const lesson = getLesson('three-outcomes')!;

function manyInterventions(n: number): Intervention[] {
  const out: Intervention[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      i % 5 === 0
        ? { at: i * 137 + 50, kind: 'partition', from: 'client', to: 'server' }
        : { at: i * 137 + 50, kind: i % 2 ? 'crash' : 'recover', node: 'server' },
    );
  }
  return out;
}

describe('URL state', () => {
  it('round-trips lesson, seed, parameters, interventions and moment', () => {
    const run = {
      lessonId: lesson.id,
      seed: 7,
      params: {
        ...Object.fromEntries(Object.entries(lesson.params).map(([k, v]) => [k, v.default])),
        requestLoss: 0.25,
      },
      interventions: manyInterventions(4),
    };
    const query = encodeRunToQuery(run, lesson, 1250.4);
    expect(query).toMatch(/^\?v=2&lesson=three-outcomes&seed=7&p\.requestLoss=0\.25&iv=[\w-]+&t=1250$/);
    const parsed = parseRunQuery(query, getLesson, null);
    expect(parsed.problems).toEqual([]);
    expect(parsed.run).toEqual(run);
    expect(parsed.cursorMs).toBe(1250);
  });

  it('compresses the interventions: 150 of them stay well under the practical length', () => {
    const run = { lessonId: lesson.id, seed: 1, params: {}, interventions: manyInterventions(150) };
    const query = encodeRunToQuery(run, lesson, 0);
    const plain = toBase64Url(JSON.stringify(run.interventions));
    expect(query.length).toBeLessThan(plain.length / 5);
    expect(query.length).toBeLessThan(PRACTICAL_URL_LENGTH);
    expect(parseRunQuery(query, getLesson, null).run?.interventions).toEqual(run.interventions);
  });

  it('still opens format 1 links (plain base64url JSON), through the migration', () => {
    const ivs = [{ at: 100, kind: 'crash', node: 'server' }];
    const v1 = `?v=1&lesson=three-outcomes&seed=3&iv=${toBase64Url(JSON.stringify(ivs))}&t=200`;
    const parsed = parseRunQuery(v1, getLesson, null);
    expect(parsed.problems).toEqual([]);
    expect(parsed.run?.interventions).toEqual(ivs);
    expect(parsed.run?.seed).toBe(3);
    expect(parsed.cursorMs).toBe(200);
  });

  it("opens links that use a parameter's former name, and writes the current name back", () => {
    const setDeadline = { at: 100, kind: 'set-param', name: 'deadline', value: 600 };
    const old = `?v=2&lesson=three-outcomes&seed=3&p.deadline=400&p.serverDelay=800&iv=${encodeInterventions(JSON.stringify([setDeadline]))}`;
    const parsed = parseRunQuery(old, getLesson, null);
    expect(parsed.problems).toEqual([]);
    expect(parsed.run?.params).toMatchObject({ deadlineMs: 400, serverDelayMs: 800 });
    expect(parsed.run?.params).not.toHaveProperty('deadline');
    expect(parsed.run?.interventions).toEqual([{ ...setDeadline, name: 'deadlineMs' }]);
    const again = encodeRunToQuery(parsed.run!, lesson, 0);
    expect(again).toMatch(/&p\.deadlineMs=400&/);
    expect(again).toMatch(/&p\.serverDelayMs=800&/);
    expect(again).not.toMatch(/p\.deadline=/);
  });

  it('explains a damaged interventions part and keeps the rest', () => {
    const parsed = parseRunQuery('?v=2&lesson=three-outcomes&seed=3&iv=not-deflate!!', getLesson, null);
    expect(parsed.run?.seed).toBe(3);
    expect(parsed.run?.interventions).toEqual([]);
    expect(parsed.problems.join(' ')).toMatch(/damaged/);
    const v1 = parseRunQuery('?v=1&lesson=three-outcomes&iv=%%%', getLesson, null);
    expect(v1.problems.join(' ')).toMatch(/damaged/);
  });

  it('refuses links from a newer format', () => {
    const parsed = parseRunQuery(`?v=${URL_FORMAT_VERSION + 1}&lesson=three-outcomes`, getLesson, null);
    expect(parsed.run).toBeNull();
    expect(parsed.problems[0]).toMatch(/newer version/);
  });

  it('encodes and decodes Unicode text', () => {
    const text = JSON.stringify([{ signal: 'naïve ✓' }]);
    expect(decodeInterventions(encodeInterventions(text))).toBe(text);
  });
});

describe('URL state, with names from outside', () => {
  it('a lesson, parameter or step named like a built-in is a problem to show, and the lesson still opens', () => {
    checkProperty(
      fc.property(outsideName, fc.string({ maxLength: 6 }), (name, value) => {
        for (const query of [
          { lesson: lesson.id, [`p.${name}`]: value },
          { lesson: lesson.id, step: name },
          { lesson: name },
        ]) {
          const parsed = parseRunQuery(`?${new URLSearchParams(query)}`, getLesson, lesson.id);
          expect(parsed.run?.lessonId).toBe(lesson.id);
          expect(Object.keys(parsed.run!.params).sort()).toEqual(Object.keys(lesson.params).sort());
          if (!Object.hasOwn(lesson.params, name) && Object.hasOwn(query, `p.${name}`))
            expect(parsed.problems.join(' ')).toContain(`unknown parameter "${name}"`);
        }
      }),
      { file: 'src/store/url.test.ts', test: 'names from outside' },
    );
  });
});
