import type { CompilerMessage } from './CompilerMessage.js'

/**
 * One line for a compiler message, in the `file:line:column: Type: message` form editors link.
 *
 * @example
 * import { formatCompilerMessage } from './formatCompilerMessage.js'
 * formatCompilerMessage({ file: 'A.sol', line: 3, column: 5, severity: 'error', type: 'ParserError', message: "Expected ';'" })
 * // "A.sol:3:5: ParserError: Expected ';'"
 */
export function formatCompilerMessage(message: CompilerMessage): string {
  const where = [message.file, message.line, message.column].filter((part) => part !== undefined).join(':')
  return `${where === '' ? '' : `${where}: `}${message.type}: ${message.message}`
}
