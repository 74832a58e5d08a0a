import type { ChainState } from './ChainState.js'
import { InvalidArgumentError } from './errors.js'

const QUANTITY = /^0x[0-9a-fA-F]+$/
const ADDRESS = /^0x[0-9a-fA-F]{40}$/
const BYTES = /^0x([0-9a-fA-F]{2})*$/
const SLOT = /^0x[0-9a-f]{64}$/
const HASH = /^0x[0-9a-fA-F]{64}$/

/**
 * Throws an {@link InvalidArgumentError} naming the first field of `state` that is not what
 * `chain.dumpState()` writes, so a bad state is refused before anything is loaded.
 *
 * @param state a candidate {@link ChainState}, e.g. parsed from JSON
 */
export function checkChainState(state: unknown): asserts state is ChainState {
  const fail = (field: string, value: unknown, expected: string): never => {
    throw new InvalidArgumentError(
      `state${field === '' ? '' : `.${field}`} must be ${expected}, got ${typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))}`,
    )
  }
  if (typeof state !== 'object' || state === null) fail('', state, 'an object from chain.dumpState()')
  const { blockNumber, timestamp, accounts } = state as Record<string, unknown>
  if (typeof blockNumber !== 'string' || !QUANTITY.test(blockNumber)) fail('blockNumber', blockNumber, 'a hex quantity')
  if (typeof timestamp !== 'string' || !QUANTITY.test(timestamp)) fail('timestamp', timestamp, 'a hex quantity')
  if (typeof accounts !== 'object' || accounts === null) fail('accounts', accounts, 'an object keyed by address')
  for (const [address, account] of Object.entries(accounts as object)) {
    if (!ADDRESS.test(address)) fail(`accounts[${address}]`, address, 'keyed by a 0x-prefixed 20-byte address')
    if (typeof account !== 'object' || account === null) fail(`accounts[${address}]`, account, 'an object')
    const { nonce, balance, code, codeHash, storage } = account as Record<string, unknown>
    for (const [name, value] of [
      ['nonce', nonce],
      ['balance', balance],
    ] as const) {
      if (typeof value !== 'string' || !QUANTITY.test(value))
        fail(`accounts[${address}].${name}`, value, 'a hex quantity')
    }
    if (code !== undefined && (typeof code !== 'string' || !BYTES.test(code)))
      fail(`accounts[${address}].code`, code, 'hex bytes')
    if (codeHash !== undefined && (typeof codeHash !== 'string' || !HASH.test(codeHash) || code === undefined))
      fail(`accounts[${address}].codeHash`, codeHash, 'a 32-byte hex hash beside code')
    if (storage === undefined) continue
    if (typeof storage !== 'object' || storage === null)
      fail(`accounts[${address}].storage`, storage, 'an object keyed by slot')
    for (const [slot, value] of Object.entries(storage as object)) {
      if (!SLOT.test(slot)) fail(`accounts[${address}].storage`, slot, 'keyed by 32-byte lowercase hex slots')
      if (typeof value !== 'string' || !QUANTITY.test(value))
        fail(`accounts[${address}].storage[${slot}]`, value, 'a hex quantity')
    }
  }
}
