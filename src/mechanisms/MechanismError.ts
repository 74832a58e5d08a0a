import { DemError } from '../errors/DemError.js'

/** A mechanism that does not exist, or a module that does not fit the mechanism seam. */
export class MechanismError extends DemError {
  override name = 'MechanismError'
}
