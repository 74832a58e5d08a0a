import { custom, http, type EIP1193Provider } from 'viem'
import { NodeRequestError, NodeUnreachableError, UnsupportedDevMethodError } from './errors.js'
import type { Hex } from './types.js'

/** Anything with an EIP-1193 `request({ method, params })`: a browser wallet, Hardhat's or EDR's provider, viem's. */
export type Eip1193Provider = {
  request(args: { method: string; params?: readonly unknown[] | object }): Promise<unknown>
}

/** A failed JSON-RPC request, reduced to what the chain needs to classify it. */
export type RpcFailure = {
  code: number | undefined
  message: string
  /** Revert data when the node attached it. */
  data: Hex | undefined
}

export type NodeTransport = {
  /** Where requests go, for messages: the URL or `'the provider'`. */
  readonly label: string
  /** Sends one request; a JSON-RPC error is thrown as an `RpcFailure`-carrying `NodeRequestError`. */
  request<T>(method: string, params?: readonly unknown[]): Promise<T>
  /**
   * Sends a development method under the first of `methods` the node knows (`anvil_…`, then
   * `hardhat_…`), remembering which one worked.
   */
  devRequest<T>(methods: readonly string[], params: readonly unknown[], what: string): Promise<T>
}

/** A `NodeRequestError` carrying the node's error data. */
export class RpcRequestFailed extends NodeRequestError {
  readonly failure: RpcFailure
  constructor(method: string, failure: RpcFailure, cause: unknown) {
    super(method, failure.message, failure.code, { cause })
    this.failure = failure
  }
}

const METHOD_NOT_FOUND =
  /method not found|not supported|does not exist|unknown method|not available|unsupported method|not implemented/i

/**
 * The JSON-RPC transport of `connectChain`, over viem's `http` or `custom` transport, with no retries
 * (a retried transaction would be sent twice).
 */
export function createNodeTransport(
  target: { rpcUrl: string } | { provider: Eip1193Provider },
  timeoutMs: number,
): NodeTransport {
  const label = 'rpcUrl' in target ? target.rpcUrl : 'the provider'
  const transport =
    'rpcUrl' in target
      ? http(target.rpcUrl, { retryCount: 0, timeout: timeoutMs })({})
      : custom(target.provider as EIP1193Provider, { retryCount: 0 })({})
  const chosen = new Map<string, string>()

  const request = async <T>(method: string, params: readonly unknown[] = []): Promise<T> => {
    try {
      return (await transport.request({ method, params } as never)) as T
    } catch (error) {
      const failure = toFailure(error)
      if (failure === undefined) {
        throw new NodeUnreachableError(`cannot reach a JSON-RPC node at ${label}: ${firstLine(error)}`, {
          details:
            'Start one (e.g. `anvil --port 8545`) and pass its URL, e.g. connectChain({ rpcUrl: "http://127.0.0.1:8545" }).',
          cause: error,
        })
      }
      throw new RpcRequestFailed(method, failure, error)
    }
  }

  const devRequest = async <T>(methods: readonly string[], params: readonly unknown[], what: string): Promise<T> => {
    const key = methods.join('|')
    const known = chosen.get(key)
    if (known !== undefined) return request<T>(known, params)
    let lastMissing: unknown
    for (const method of methods) {
      try {
        const result = await request<T>(method, params)
        chosen.set(key, method)
        return result
      } catch (error) {
        if (!(error instanceof RpcRequestFailed) || !isMissingMethod(error.failure)) throw error
        lastMissing = error
      }
    }
    throw new UnsupportedDevMethodError(methods, what, { cause: lastMissing })
  }

  return { label, request, devRequest }
}

function isMissingMethod(failure: RpcFailure): boolean {
  return failure.code === -32601 || failure.code === -32004 || METHOD_NOT_FOUND.test(failure.message)
}

/** The JSON-RPC error inside viem's wrappers, or undefined when the node never answered. */
function toFailure(error: unknown): RpcFailure | undefined {
  let data: Hex | undefined
  let code: number | undefined
  let message: string | undefined
  let answered = false
  for (let current: unknown = error, depth = 0; current !== null && typeof current === 'object' && depth < 8; depth++) {
    const record = current as {
      code?: unknown
      data?: unknown
      details?: unknown
      shortMessage?: unknown
      message?: unknown
      name?: unknown
      cause?: unknown
    }
    if (record.name === 'HttpRequestError' || record.name === 'TimeoutError') return undefined
    if (typeof record.code === 'number') {
      answered = true
      // viem's own codes wrap the node's; the innermost one is the node's.
      code = record.code
      message =
        typeof record.details === 'string' && record.details !== ''
          ? record.details
          : typeof record.message === 'string'
            ? firstLine(record.message)
            : message
    }
    data ??= revertData(record.data)
    current = record.cause
  }
  if (!answered) return undefined
  return { code, message: message ?? 'unknown error', data }
}

function revertData(value: unknown): Hex | undefined {
  if (typeof value === 'string' && /^0x[0-9a-fA-F]*$/.test(value)) return value as Hex
  if (value !== null && typeof value === 'object' && 'data' in value)
    return revertData((value as { data: unknown }).data)
  return undefined
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n')[0] ?? message
}
