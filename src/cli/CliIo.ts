import type { ProgressBar, ProgressStream } from './createProgressBar.js'

/** Where the CLI writes, and the directory relative paths start from. */
export type CliIo = {
  /** Tables and `--json` output. */
  stdout: { write(text: string): unknown }
  /** The progress bar (drawn only on a terminal), notes and errors. */
  stderr: ProgressStream
  /** Default: `process.cwd()`. */
  cwd?: string
  /** Where `env --stdio` reads its requests: a readable stream. Default `process.stdin`. */
  stdin?: AsyncIterable<string | Uint8Array>
  /** Where `--shard auto` finds the array job's index. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>
}

/** Where a command keeps its progress bar, so that a failure can close it. */
export type ProgressSlot = { current?: ProgressBar }

/** The directory relative paths start from. */
export function cwd(io: CliIo): string {
  return io.cwd ?? process.cwd()
}
