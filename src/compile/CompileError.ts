import { DemError } from '../errors/DemError.js'
import { formatCompilerMessage } from './formatCompilerMessage.js'

/** A diagnostic from solc, located in the source text. */
export type CompilerMessage = {
  /** Source unit name, e.g. `contracts/EnergyPool.sol`; undefined when solc names no file. */
  file: string | undefined
  /** 1-based line; undefined when solc gives no position. */
  line: number | undefined
  /** 1-based column; undefined when solc gives no position. */
  column: number | undefined
  severity: 'error' | 'warning' | 'info'
  /** solc's category, e.g. `ParserError`, `TypeError`, `DeclarationError`, `Warning`. */
  type: string
  message: string
}

/**
 * Solidity sources did not compile.
 *
 * `messages` holds everything solc reported (errors and warnings, in solc's order);
 * the short message names the first error with its file and line.
 *
 * @example
 * import { CompileError, compileContracts } from 'dem-sim'
 * try { await compileContracts({ sources }) } catch (e) { if (e instanceof CompileError) console.log(e.messages) }
 */
export class CompileError extends DemError {
  override name = 'CompileError'
  readonly messages: readonly CompilerMessage[]

  constructor(messages: readonly CompilerMessage[]) {
    const errors = messages.filter((message) => message.severity === 'error')
    const [first] = errors
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''
    super(first ? `Compile failed: ${formatCompilerMessage(first)}${more}` : 'Compile failed', {
      details: errors.length > 1 ? errors.map(formatCompilerMessage).join('\n') : undefined,
    })
    this.messages = messages
  }
}
