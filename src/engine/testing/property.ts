/**
 * Runs a fast-check property and, when it fails, says how to replay exactly that case (TigerBeetle's
 * "reproduce with seed=…"): FC_SEED and FC_PATH replay one counterexample, FC_RUNS runs more cases.
 */
import fc from 'fast-check';

type Env = Record<string, string | undefined>;
const env = (): Env => (globalThis as { process?: { env: Env } }).process?.env ?? {};

export interface ReplayInfo {
  /** The test file, as given to vitest. */
  file: string;
  /** The test's name, for vitest's -t filter. */
  test: string;
}

export function checkProperty<Ts>(
  property: fc.IProperty<Ts>,
  replay: ReplayInfo,
  params: fc.Parameters<Ts> = {},
): void {
  const { FC_SEED, FC_PATH, FC_RUNS } = env();
  const replaying = FC_SEED !== undefined && FC_SEED !== '';
  const details = fc.check(property, {
    ...params,
    ...(FC_RUNS ? { numRuns: Number(FC_RUNS) } : {}),
    ...(replaying
      ? { seed: Number(FC_SEED), ...(FC_PATH ? { path: FC_PATH } : {}), endOnFailure: true }
      : {}),
  });
  if (!details.failed) return;
  const path = details.counterexamplePath ? ` FC_PATH=${details.counterexamplePath}` : '';
  const command = `FC_SEED=${details.seed}${path} npx vitest run ${replay.file} -t ${JSON.stringify(replay.test)}`;
  // The report names the counterexample; the assertion's own message says what went wrong with it.
  const cause =
    details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(
    `${fc.defaultReportMessage(details) ?? 'property failed'}\n\n${cause}\n\nReplay this case with:\n  ${command}\n`,
  );
}
