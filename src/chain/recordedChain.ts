import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToHex, encodeDeployData, encodeFunctionData, stringToBytes } from 'viem'
import type { Abi } from './abiTypes.js'
import { ChainInternalError } from './ChainInternalError.js'
import type { Chain } from './types.js'

/** One operation a chain ran, by the hash of its request, with what it returned. */
export type RecordedOperation = {
  /** keccak256 of the request (kind, sender, target, calldata, value, gas limit). */
  request: string
  /** The result: a deploy's `{ address, receipt }`, a send's `{ receipt, result }`, a call's value, a receipt. */
  result: unknown
}

type Kind = 'deploy' | 'send' | 'call' | 'sendTransaction'

/**
 * Wraps a chain so that every deploy, send, call and raw transaction is recorded (request hash and
 * result), for replaying the same operations later from a dumped state (see {@link replayingChain}).
 * The wrapper inherits everything else from `chain` (its clock, accounts, `dumpState`, …).
 *
 * @returns The wrapper, and the operations recorded so far.
 * @example
 * const { chain: recording, operations } = recordingChain(await createChain())
 * await DemSimulator.create({ chain: recording })
 */
export function recordingChain<T extends Chain>(chain: T): { chain: T; operations: RecordedOperation[] } {
  const operations: RecordedOperation[] = []
  const wrap =
    (kind: Kind) =>
    async (parameters: never): Promise<unknown> => {
      const request = requestHash(kind, parameters)
      const result = await (chain[kind] as (p: never) => Promise<unknown>)(parameters)
      operations.push({ request, result: kind === 'deploy' || kind === 'send' ? { ...(result as object) } : result })
      return result
    }
  return { chain: overlay(chain, wrap), operations }
}

/**
 * Wraps a chain loaded with the state a recording ended in so that the recorded operations, asked
 * again in the same order, return their recorded results without running; every later operation
 * runs on `chain`. A deploy's ABI is registered as the real deploy would. An operation that differs
 * from the recording means the recording is stale.
 *
 * @throws {ChainInternalError} from the first operation that differs from the recording
 * @example
 * const chain = replayingChain(await createChain({ state }), operations)
 */
export function replayingChain<T extends Chain>(chain: T, operations: readonly RecordedOperation[]): T {
  let next = 0
  const wrap =
    (kind: Kind) =>
    async (parameters: never): Promise<unknown> => {
      if (next >= operations.length) return (chain[kind] as (p: never) => Promise<unknown>)(parameters)
      const recorded = operations[next++] as RecordedOperation
      if (recorded.request !== requestHash(kind, parameters))
        throw new ChainInternalError(
          `replaying a recorded deployment (operation ${next} of ${operations.length})`,
          new Error('the operation differs from the recording: regenerate it with `npm run build:contracts`'),
        )
      if (kind === 'deploy') {
        const { address } = recorded.result as { address: `0x${string}` }
        chain.registerAbi(address, (parameters as { artifact: { abi: Abi } }).artifact.abi)
      }
      if (kind === 'send') {
        const { address, abi } = parameters as { address: `0x${string}`; abi: Abi }
        chain.registerAbi(address, abi)
      }
      return recorded.result
    }
  return overlay(chain, wrap)
}

function overlay<T extends Chain>(chain: T, wrap: (kind: Kind) => (parameters: never) => Promise<unknown>): T {
  // Own getters and methods are inherited; only the four operations are replaced.
  return Object.create(chain, {
    deploy: { value: wrap('deploy') },
    send: { value: wrap('send') },
    call: { value: wrap('call') },
    sendTransaction: { value: wrap('sendTransaction') },
  }) as T
}

function requestHash(kind: Kind, parameters: Record<string, unknown>): string {
  const { from, value, gasLimit } = parameters as { from?: unknown; value?: bigint; gasLimit?: bigint }
  let target: unknown
  let data: unknown
  if (kind === 'deploy') {
    const { artifact, args } = parameters as { artifact: { abi: Abi; bytecode: `0x${string}` }; args?: unknown[] }
    data = encodeDeployData({ abi: artifact.abi, bytecode: artifact.bytecode, args: args ?? [] })
  } else if (kind === 'sendTransaction') {
    target = parameters.to
    data = parameters.data
  } else {
    const { address, abi, functionName, args } = parameters as {
      address: string
      abi: Abi
      functionName: string
      args?: unknown[]
    }
    target = address.toLowerCase()
    data = encodeFunctionData({ abi, functionName, args: args ?? [] })
  }
  const text = JSON.stringify([kind, from ?? 0, target ?? null, data ?? '0x', value ?? 0n, gasLimit ?? null], (_, v) =>
    typeof v === 'bigint' ? `${v}n` : v,
  )
  return bytesToHex(keccak_256(stringToBytes(text)))
}
