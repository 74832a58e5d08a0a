import { DemError } from '../errors/DemError.js'
import { MechanismError } from '../mechanisms/MechanismError.js'
import { ScenarioError } from '../scenarios/ScenarioError.js'
import { ShardError } from '../scenarios/ShardError.js'
import { SweepMergeError } from '../scenarios/sweepShards.js'
import { cityCommand } from './cityCommand.js'
import { MAIN_HELP } from './help.js'
import { packageVersion } from './packageVersion.js'
import { UsageError } from './UsageError.js'
import type { CliIo, ProgressSlot } from './CliIo.js'
import { runCommand } from './runCommand.js'
import { gasCommand } from './gasCommand.js'
import { sweepCommand } from './sweepCommand.js'
import { economicsCommand } from './economicsCommand.js'
import { mergeCommand } from './mergeCommand.js'
import { envCommand } from './envCommand.js'
import { validateCommand } from './validateCommand.js'

/**
 * The `dem-sim` command line: `run`, `gas`, `sweep`, `economics`, `validate`. Returns the exit status
 * instead of exiting, so that it can be called in-process.
 *
 * @param argv the arguments after the program name
 * @param io stdout, stderr and the working directory
 * @returns 0 done, 1 a run failed, 2 bad usage or a bad scenario file
 * @example
 * import { main } from 'dem-sim/cli'
 * process.exitCode = await main(['gas', '--users', '2,10,50', '--out', 'results'])
 */
export async function main(
  argv: readonly string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const [command, ...args] = argv
  const bar: ProgressSlot = {}
  try {
    if (command === undefined) {
      io.stderr.write(MAIN_HELP)
      return 2
    }
    if (command === '-h' || command === '--help' || command === 'help') {
      io.stdout.write(MAIN_HELP)
      return 0
    }
    if (command === '-v' || command === '--version') {
      io.stdout.write(`${packageVersion()}\n`)
      return 0
    }
    switch (command) {
      case 'run':
        return await runCommand(args, io, bar)
      case 'gas':
        return await gasCommand(args, io, bar)
      case 'sweep':
        return await sweepCommand(args, io, bar)
      case 'validate':
        return await validateCommand(args, io)
      case 'merge':
        return await mergeCommand(args, io)
      case 'city':
        return await cityCommand(args, io, bar)
      case 'env':
        return await envCommand(args, io)
      case 'economics':
        return await economicsCommand(args, io, bar)
      default:
        throw new UsageError(
          `unknown command "${command}": use run, gas, sweep, city, economics, merge, validate or env`,
          undefined,
        )
    }
  } catch (error) {
    bar.current?.done()
    if (error instanceof UsageError) {
      io.stderr.write(
        `dem-sim: ${error.message} (see dem-sim ${error.command === undefined ? '' : `${error.command} `}--help)\n`,
      )
      return 2
    }
    if (
      error instanceof ScenarioError ||
      error instanceof SweepMergeError ||
      error instanceof ShardError ||
      error instanceof MechanismError
    ) {
      io.stderr.write(`dem-sim: ${oneLine(error.shortMessage)}\n`)
      return 2
    }
    if (error instanceof DemError) io.stderr.write(`dem-sim: ${error.name}: ${oneLine(error.shortMessage)}\n`)
    else io.stderr.write(`dem-sim: ${oneLine(error instanceof Error ? error.message : String(error))}\n`)
    if (process.env.DEM_SIM_DEBUG) io.stderr.write(`${error instanceof Error ? error.stack : ''}\n`)
    return 1
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ')
}
