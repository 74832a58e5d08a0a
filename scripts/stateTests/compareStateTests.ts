import type { Ethereumjs } from './loadEthereumjs.js'
import { STATE_TEST_FORKS, runStateTest, type StateOutcome, type StateTest } from './runStateTest.js'

/** What comparing the two engines on a set of state tests found. */
export type StateTestComparison = {
  /** Post entries run on both engines. */
  runs: number
  /** Entries where the engines disagree on the state root, the logs, the gas or whether the transaction was refused. */
  divergences: string[]
  /** Entries whose fixture names a root or logs hash that the engines (agreeing with each other) do not reach. */
  fixtureMismatches: string[]
}

/**
 * Runs every post entry of the given tests, for the given forks, on the patched and the unpatched
 * ethereumjs, and compares their outcomes with each other and with the fixture's expected root.
 *
 * @param parameters - The trees, the tests by name, the fork names to run (those a test has).
 * @returns The comparison.
 * @example
 * const { divergences } = await compareStateTests({ patched, unpatched, tests, forks: ['Cancun'] })
 */
export async function compareStateTests(parameters: {
  patched: Ethereumjs
  unpatched: Ethereumjs
  tests: Readonly<Record<string, StateTest>>
  forks: readonly string[]
}): Promise<StateTestComparison> {
  const comparison: StateTestComparison = { runs: 0, divergences: [], fixtureMismatches: [] }
  for (const [name, test] of Object.entries(parameters.tests)) {
    for (const fork of parameters.forks) {
      if (STATE_TEST_FORKS[fork] === undefined) continue
      for (const [index, post] of (test.post[fork] ?? []).entries()) {
        const where = `${name} ${fork} #${index} (data ${post.indexes.data}, gas ${post.indexes.gas}, value ${post.indexes.value})`
        const mine = await runStateTest(parameters.patched, test, fork, post)
        const theirs = await runStateTest(parameters.unpatched, test, fork, post)
        comparison.runs++
        const difference = describeDifference(mine, theirs)
        if (difference !== undefined) comparison.divergences.push(`${where}: ${difference}`)
        else if (
          post.hash !== undefined &&
          (post.hash !== mine.stateRoot || (post.logs ?? mine.logsHash) !== mine.logsHash)
        )
          comparison.fixtureMismatches.push(`${where}: root ${mine.stateRoot}, fixture ${post.hash}`)
      }
    }
  }
  return comparison
}

function describeDifference(mine: StateOutcome, theirs: StateOutcome): string | undefined {
  if (mine.stateRoot !== theirs.stateRoot) return `state root ${mine.stateRoot} patched, ${theirs.stateRoot} unpatched`
  if (mine.logsHash !== theirs.logsHash) return `logs ${mine.logsHash} patched, ${theirs.logsHash} unpatched`
  if (mine.gasUsed !== theirs.gasUsed) return `gas ${mine.gasUsed} patched, ${theirs.gasUsed} unpatched`
  if (mine.rejected !== theirs.rejected) return `refused: ${mine.rejected} patched, ${theirs.rejected} unpatched`
  return undefined
}
