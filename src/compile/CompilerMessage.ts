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
