import { DemError } from '../errors/DemError.js'

/** The given compiler is not a solc-js module, or the asked-for release is not installed. */
export class SolcNotFoundError extends DemError {
  override name = 'SolcNotFoundError'
}
