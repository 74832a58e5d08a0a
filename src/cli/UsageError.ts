/** A mistake on the command line: exit status 2 with a one-line message. */
export class UsageError extends Error {
  override name = 'UsageError'
  constructor(
    message: string,
    /** The command whose `--help` the message points to. */
    readonly command: string | undefined,
  ) {
    super(message)
  }
}
