import {
  type Abi,
  type AbiEvent,
  type AbiFunction,
  decodeErrorResult,
  decodeEventLog,
  toEventSelector,
  toFunctionSelector,
} from 'viem'

type AbiError = Extract<Abi[number], { type: 'error' }>
import type { RevertDetails } from './errors.js'
import type { AddressHex, DecodedLog, Hex } from './types.js'

const ERROR_SELECTOR = '0x08c379a0'
const PANIC_SELECTOR = '0x4e487b71'

const PANIC_REASONS: Record<string, string> = {
  '1': 'assertion failed',
  '17': 'arithmetic overflow or underflow',
  '18': 'division or modulo by zero',
  '33': 'invalid enum value',
  '34': 'invalid storage byte array',
  '49': 'pop on an empty array',
  '50': 'array index out of bounds',
  '65': 'out of memory',
  '81': 'call to an invalid internal function',
}

/**
 * Remembers the ABI of each known contract so receipts can show decoded events and reverts
 * can show decoded custom errors — including errors bubbled up from a contract called inside.
 */
export function createAbiRegistry() {
  const byAddress = new Map<string, Abi>()
  const eventsByTopic = new Map<Hex, AbiEvent>()
  const errorsBySelector = new Map<Hex, AbiError>()

  const learn = (abi: Abi) => {
    for (const item of abi) {
      if (item.type === 'event') {
        const selector = toEventSelector(item)
        if (!eventsByTopic.has(selector)) eventsByTopic.set(selector, item)
      } else if (item.type === 'error') {
        // An error's selector is computed like a function's: the first 4 bytes of keccak of its signature.
        const selector = toFunctionSelector(item as unknown as AbiFunction)
        if (!errorsBySelector.has(selector)) errorsBySelector.set(selector, item)
      }
    }
  }

  return {
    register(address: AddressHex, abi: Abi) {
      const key = address.toLowerCase()
      if (byAddress.get(key) === abi) return
      byAddress.set(key, abi)
      learn(abi)
    },
    registerIfUnknown(address: AddressHex, abi: Abi) {
      if (!byAddress.has(address.toLowerCase())) this.register(address, abi)
    },
    decodeLog(address: AddressHex, topics: Hex[], data: Hex): DecodedLog {
      const event = topics[0] === undefined ? undefined : eventsByTopic.get(topics[0])
      if (event !== undefined) {
        try {
          const decoded = decodeEventLog({ abi: [event], topics: topics as [Hex, ...Hex[]], data })
          return { address, topics, data, eventName: decoded.eventName, args: decoded.args as Record<string, unknown> }
        } catch {
          // An event with the same signature but different indexed fields: leave it raw.
        }
      }
      return { address, topics, data, eventName: undefined, args: undefined }
    },
    /**
     * Decodes revert data by its selector against every ABI the chain knows (an error may
     * bubble up from a contract called inside), or as `Error(string)` / `Panic(uint256)`.
     */
    decodeRevert(data: Hex): RevertDetails<Abi> {
      const selector = data.slice(0, 10) as Hex
      const known = errorsBySelector.get(selector)
      const abi: Abi = known === undefined ? [] : [known]
      if (known === undefined && selector !== ERROR_SELECTOR && selector !== PANIC_SELECTOR) {
        return { data, errorName: undefined, args: [], namedArgs: {}, reason: undefined }
      }
      try {
        const decoded = decodeErrorResult({ abi, data })
        const args = decoded.args ?? []
        const reason =
          decoded.errorName === 'Error'
            ? String(args[0])
            : decoded.errorName === 'Panic'
              ? (PANIC_REASONS[String(args[0])] ?? `panic code ${String(args[0])}`)
              : undefined
        const inputs = 'inputs' in decoded.abiItem ? decoded.abiItem.inputs : []
        const namedArgs = Object.fromEntries(inputs.map((input, i) => [input.name || String(i), args[i]]))
        return { data, errorName: decoded.errorName, args, namedArgs, reason } as RevertDetails<Abi>
      } catch {
        // The selector matched but the data does not decode (truncated or foreign encoding).
        return { data, errorName: undefined, args: [], namedArgs: {}, reason: undefined }
      }
    },
  }
}

/** The ABIs a chain knows, for decoding receipts' logs and reverts. */
export type AbiRegistry = ReturnType<typeof createAbiRegistry>
