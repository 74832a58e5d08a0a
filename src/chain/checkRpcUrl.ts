import { describeValue } from '../errors/describeValue.js'
import { InvalidArgumentError } from './errors.js'

/**
 * Checks that a JSON-RPC node's URL is an `http://` or `https://` URL, before anything is sent to it.
 *
 * @param value - The URL as given.
 * @returns The URL, unchanged.
 * @throws {InvalidArgumentError} When it is not a string, does not parse as a URL, or names another protocol.
 * @example
 * import { checkRpcUrl } from './checkRpcUrl.js'
 * checkRpcUrl('http://127.0.0.1:8545') // 'http://127.0.0.1:8545'
 * checkRpcUrl('ftp://example.com') // throws InvalidArgumentError
 */
export function checkRpcUrl(value: unknown): string {
  if (typeof value === 'string' && URL.canParse(value)) {
    const { protocol } = new URL(value)
    if (protocol === 'http:' || protocol === 'https:') return value
  }
  throw new InvalidArgumentError(
    `rpcUrl must be an http:// or https:// URL such as http://127.0.0.1:8545, got ${describeValue(value)}`,
  )
}
