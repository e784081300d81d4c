import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getLesson } from '../../../tests/support/lessons.ts';
import { defaultParams } from '../../engine/index.ts';
import { outsideName } from '../../engine/testing/arbitraries.ts';
import { checkProperty } from '../../engine/testing/property.ts';
import { MAX_SCENARIO_BYTES, parseScenarioFile, toScenarioFile } from './scenario-file.ts';
import { starterDoc } from '../../sandbox/model.ts';
import { sandboxRun } from '../../store/sandbox.ts';

const lesson = getLesson('three-outcomes')!;
const run = {
  lessonId: lesson.id,
  seed: 7,
  params: { ...defaultParams(lesson.params), deadlineMs: 400 },
  interventions: [{ at: 1200, kind: 'crash' as const, node: 'server' }],
};
const read = (text: string, size?: number) => parseScenarioFile(text, getLesson, size);
const error = (text: string, size?: number): string => {
  const r = read(text, size);
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
};

describe('scenario files', () => {
  it('round-trips a run and its moment', () => {
    const file = toScenarioFile(run, 1500.2);
    expect(file).toMatchObject({
      format: 'roundtrip-scenario',
      version: 1,
      lesson: 'three-outcomes',
      seed: 7,
      t: 1500,
    });
    const back = read(JSON.stringify(file));
    expect(back).toEqual({ ok: true, run, cursorMs: 1500 });
  });

  it('round-trips a sandbox run, its scenario said once, and refuses a damaged one with a reason', () => {
    const doc = {
      ...starterDoc(),
      seed: 42,
      interventions: [{ at: 900, kind: 'crash' as const, node: 'payments' }],
    };
    const sandbox = sandboxRun(doc);
    const file = toScenarioFile(sandbox, 300);
    expect(file).toMatchObject({ lesson: 'sandbox', seed: 42, interventions: doc.interventions, t: 300 });
    expect(file.sandbox).not.toHaveProperty('seed');
    expect(file.sandbox).not.toHaveProperty('interventions');
    expect(read(JSON.stringify(file))).toEqual({ ok: true, run: sandbox, cursorMs: 300 });

    const badNode = {
      ...file,
      sandbox: { ...file.sandbox, nodes: [{ ...doc.nodes[0], behaviour: 'robot' }] },
    };
    expect(error(JSON.stringify(badNode))).toMatch(
      /sandbox scenario cannot be opened: .*no behaviour called "robot"/,
    );
    const unknownNode = { ...file, interventions: [{ at: 1, kind: 'crash', node: 'ghost' }] };
    expect(error(JSON.stringify(unknownNode))).toMatch(/cannot be opened: .*ghost/);
    const { sandbox: _dropped, ...bare } = file;
    expect(error(JSON.stringify(bare))).toMatch(/has no "sandbox" in it/);
  });

  it('opens a file saved before a parameter was renamed (deadline, now deadlineMs)', () => {
    const { deadlineMs, ...others } = run.params;
    const old = { ...toScenarioFile(run), params: { ...others, deadline: deadlineMs } };
    expect(read(JSON.stringify(old))).toEqual({ ok: true, run, cursorMs: 0 });
  });

  it('refuses what is not a scenario, saying what is wrong', () => {
    expect(error('{nope')).toMatch(/not JSON/);
    expect(error('[1,2]')).toMatch(/not a Roundtrip scenario/);
    expect(error('{"format":"something-else","version":1}')).toMatch(/"format" is "something-else"/);
    expect(error('{"format":"roundtrip-scenario","version":1,"lesson":"three-outcomes","seed":-1}')).toMatch(
      /"seed"/,
    );
    expect(error('{"format":"roundtrip-scenario","version":1,"lesson":"no-such","seed":1}')).toMatch(
      /"no-such"/,
    );
  });

  it('refuses a file from a newer Roundtrip', () => {
    expect(error(JSON.stringify({ ...toScenarioFile(run), version: 2 }))).toMatch(
      /newer version of Roundtrip \(format version 2/,
    );
  });

  it('refuses a file over 1 MB before reading it', () => {
    expect(error('{}', MAX_SCENARIO_BYTES + 1)).toMatch(/at most 1 MB/);
  });

  it('checks parameters and interventions against the lesson', () => {
    const badParam = { ...toScenarioFile(run), params: { deadline: 'soon' } };
    expect(error(JSON.stringify(badParam))).toMatch(
      /parameters do not fit "Three outcomes": deadlineMs must be/,
    );
    const badIv = { ...toScenarioFile(run), interventions: [{ at: 5, kind: 'crash', node: 'mars' }] };
    expect(error(JSON.stringify(badIv))).toMatch(
      /interventions do not fit.*"node" must be one of client, server/,
    );
  });
});

describe('scenario files, with names from outside', () => {
  it('a lesson or parameter named like a built-in is refused with a sentence, never taken or dropped unsaid', () => {
    checkProperty(
      fc.property(outsideName, (name) => {
        const file = (extra: object) => JSON.stringify({ ...toScenarioFile(run), ...extra });
        const params = JSON.parse(`{${JSON.stringify(name)}: 1}`) as object;
        const asParam = read(file({ params }));
        if (!Object.hasOwn(lesson.params, name))
          expect(asParam).toEqual({
            ok: false,
            error: expect.stringContaining(`unknown parameter "${name}"`),
          });
        const asLesson = read(file({ lesson: name }));
        if (!getLesson(name)) expect(asLesson.ok).toBe(false);
      }),
      { file: 'src/views/share/scenario-file.test.ts', test: 'names from outside' },
    );
  });
});
