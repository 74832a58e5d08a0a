import * as fc from 'fast-check'

/**
 * How the property tests are sized and replayed, from the environment:
 * - `DEM_FC_SEED`: the seed (default fixed, so CI is reproducible);
 * - `DEM_FC_RUNS`: runs per property, replacing each test's CI default (e.g. 500 for a deep local run);
 * - `DEM_FC_PATH` (and `DEM_FC_REPLAY_PATH` for command sequences): with the seed, replay one
 *   failing case (the failure message prints the command line);
 * - `DEM_FC_MAX_COMMANDS`: commands per model-based run;
 * - `DEM_FC_FULL_EVERY`: observe the whole state every this many commands (1 = after every command);
 * - `DEM_FC_TRACE=1`: print every command as it runs.
 */
export const FC_ENV = {
  seed: Number(process.env.DEM_FC_SEED ?? 20_261_126),
  runs: process.env.DEM_FC_RUNS === undefined ? undefined : Number(process.env.DEM_FC_RUNS),
  path: process.env.DEM_FC_PATH,
  replayPath: process.env.DEM_FC_REPLAY_PATH,
  maxCommands: process.env.DEM_FC_MAX_COMMANDS === undefined ? undefined : Number(process.env.DEM_FC_MAX_COMMANDS),
  fullCheckEvery: process.env.DEM_FC_FULL_EVERY === undefined ? undefined : Number(process.env.DEM_FC_FULL_EVERY),
  trace: process.env.DEM_FC_TRACE === '1' ? (line: string) => console.log(line) : undefined,
}

/** Runs per property: `DEM_FC_RUNS`, or the test's CI default. */
export function runsFor(ciDefault: number): number {
  return FC_ENV.runs ?? ciDefault
}

/** A vitest timeout for a property: `msPerRun` per run, at least a minute. */
export function timeoutFor(ciRuns: number, msPerRun: number): number {
  return Math.max(60_000, runsFor(ciRuns) * msPerRun + 30_000)
}

/**
 * `fc.assert` with the suite's seed, runs and replay path, and a failure message that says how
 * to replay the failing case.
 */
export async function assertProperty<Ts>(
  property: fc.IAsyncProperty<Ts> | fc.IProperty<Ts>,
  options: { runs: number; file: string; timeLimitMs?: number },
): Promise<void> {
  const parameters: fc.Parameters<Ts> = {
    seed: FC_ENV.seed,
    numRuns: runsFor(options.runs),
    ...(FC_ENV.path === undefined ? {} : { path: FC_ENV.path }),
    // A budget for CI: shrinking a long failing sequence could otherwise run for many minutes. A
    // failure found before the limit is still reported (with the smallest case reached), and a run
    // cut short by the limit is itself a failure: it checked less than it claims.
    ...(options.timeLimitMs === undefined || FC_ENV.runs !== undefined
      ? {}
      : { interruptAfterTimeLimit: options.timeLimitMs, markInterruptAsFailure: true }),
  }
  const details = await fc.check(property as fc.IAsyncProperty<Ts>, parameters)
  if (!details.failed) return
  const message = fc.defaultReportMessage(details) ?? 'property failed'
  const replayPath = /replayPath="([^"]*)"/.exec(message)?.[1]
  const replay = `replay: DEM_FC_SEED=${details.seed} DEM_FC_PATH=${details.counterexamplePath ?? ''}${replayPath === undefined ? '' : ` DEM_FC_REPLAY_PATH='${replayPath}'`} npx vitest run ${options.file}`
  throw new Error(`${message}\n\n${replay}`, { cause: details.errorInstance })
}
