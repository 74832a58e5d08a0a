import type { ErrorRecord } from './protocol.js'

/** The parts of a dem-sim error the page shows: its class, message, decoded revert or scenario field. */
export function toErrorRecord(error: unknown): ErrorRecord {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) }
  const e = error as Error & {
    shortMessage?: string
    errorName?: string
    args?: readonly unknown[]
    namedArgs?: Record<string, unknown>
    path?: string
  }
  return {
    name: e.name,
    message: e.shortMessage ?? e.message,
    errorName: e.errorName,
    args: e.args === undefined ? undefined : [...e.args],
    namedArgs: e.namedArgs === undefined ? undefined : { ...e.namedArgs },
    path: e.path,
  }
}
