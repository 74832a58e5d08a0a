import { DemError } from '../errors/DemError.js'
import type { CompilerMessage } from './CompilerMessage.js'
import { formatCompilerMessage } from './formatCompilerMessage.js'

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
