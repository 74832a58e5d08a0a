import { parseArgs } from 'node:util'
import { checkRpcUrl } from '../chain/checkRpcUrl.js'
import { UsageError } from './UsageError.js'

/** A command's options, as Node's `parseArgs` takes them. */
export type OptionSpec = Record<string, { type: 'boolean' | 'string'; short?: string }>

/** What {@link parse} returns: Node's `parseArgs` result for these options. */
export type ParsedOptions<T extends OptionSpec> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>
>

/** A command's arguments parsed strictly; a mistake is a {@link UsageError} of one line. */
export function parse<T extends OptionSpec>(command: string, args: readonly string[], options: T): ParsedOptions<T> {
  let parsed: ParsedOptions<T>
  try {
    parsed = parseArgs({ args: attachNegativeValues(args, options), options, allowPositionals: true, strict: true })
  } catch (error) {
    // Node's messages run on ("Unknown option '--x'. To specify a positional argument ..."): keep the first sentence.
    const first = (error as Error).message.split(/\.(\s|$)/)[0] ?? String(error)
    throw new UsageError(first.charAt(0).toLowerCase() + first.slice(1), command)
  }
  const rpc = (parsed.values as { rpc?: unknown }).rpc
  if (rpc !== undefined) {
    try {
      checkRpcUrl(rpc)
    } catch {
      throw new UsageError(
        `--rpc needs an http:// or https:// URL such as http://127.0.0.1:8545, got ${JSON.stringify(rpc)}`,
        command,
      )
    }
  }
  return parsed
}

/**
 * `--users -5` as `--users=-5`: Node's parser takes `-5` for an option and calls the value
 * ambiguous; joined, the value reaches the check that can say what is wrong with it.
 */
function attachNegativeValues(args: readonly string[], options: OptionSpec): string[] {
  const joined: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    const next = args[i + 1]
    const name = arg.startsWith('--') ? arg.slice(2) : undefined
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-[\d.]/.test(next)) {
      joined.push(`${arg}=${next}`)
      i++
    } else joined.push(arg)
  }
  return joined
}

/** An option's value as a positive integer, or a {@link UsageError} naming the option. */
export function positiveInteger(command: string, option: string, text: string): number {
  const n = Number(text)
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1)
    throw new UsageError(`${option} must be a positive integer, got "${text}"`, command)
  return n
}
