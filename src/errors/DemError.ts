export type DemErrorOptions = {
  /** Longer explanation shown under the short message. */
  details?: string | undefined
  /** The underlying error, if any. */
  cause?: unknown
}

/**
 * Base class of every error dem-sim throws.
 *
 * `shortMessage` is the one-line reason; `message` adds `details` when present.
 * Catch `DemError` to handle all of them, or a subclass for one reason.
 *
 * @example
 * import { DemError } from 'dem-sim'
 * try { await sim.commit(user, args) } catch (e) { if (e instanceof DemError) console.log(e.shortMessage) }
 */
export class DemError extends Error {
  override name = 'DemError'
  readonly shortMessage: string
  readonly details: string | undefined

  constructor(shortMessage: string, options: DemErrorOptions = {}) {
    super(options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage, {
      cause: options.cause,
    })
    this.shortMessage = shortMessage
    this.details = options.details
  }
}
