import { type Abi, type AbiEvent, decodeErrorResult, decodeEventLog, toEventSelector } from 'viem'
import type { RevertDetails } from './errors.js'
import type { AddressHex, DecodedLog, Hex } from './types.js'

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
  const allErrors: Abi[number][] = []

  const learn = (abi: Abi) => {
    for (const item of abi) {
      if (item.type === 'event') {
        const selector = toEventSelector(item)
        if (!eventsByTopic.has(selector)) eventsByTopic.set(selector, item)
      } else if (item.type === 'error') {
        allErrors.push(item)
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
    decodeRevert(data: Hex, target: AddressHex | undefined): RevertDetails {
      const own = target === undefined ? undefined : byAddress.get(target.toLowerCase())
      for (const abi of [own ?? [], allErrors]) {
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
          return { data, errorName: decoded.errorName, args, namedArgs, reason }
        } catch {
          // Not in this ABI; try the next.
        }
      }
      return { data, errorName: undefined, args: [], namedArgs: {}, reason: undefined }
    },
  }
}
