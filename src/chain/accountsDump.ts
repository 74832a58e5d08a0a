import { Account, Address, bigIntToBytes, bytesToBigInt, bytesToHex, hexToBytes } from '@ethereumjs/util'
import type { ChainState, ChainStateAccount } from './ChainState.js'
import type { StateJournal } from './createStateJournal.js'
import { keyOf, slotKeyOf, slotOfKey } from './stateKeys.js'
import type { Hex } from './types.js'

/**
 * Every account of `state` with its code and non-zero storage, as JSON.
 *
 * @param state the journaled maps
 * @returns the accounts by address
 */
export function dumpAccounts(state: StateJournal): ChainState['accounts'] {
  const dump: ChainState['accounts'] = {}
  for (const [key, account] of state.accounts) {
    const entry: ChainStateAccount = { nonce: toQuantity(account.nonce), balance: toQuantity(account.balance) }
    const bytecode = state.code.get(key)
    if (bytecode !== undefined && bytecode.length > 0) {
      entry.code = bytesToHex(bytecode)
      entry.codeHash = bytesToHex(account.codeHash)
    }
    const slots = state.storage.get(key)
    if (slots !== undefined && slots.size > 0) {
      entry.storage = {}
      for (const [slot, value] of slots) entry.storage[bytesToHex(slotOfKey(slot))] = toQuantity(bytesToBigInt(value))
    }
    dump[key as Hex] = entry
  }
  return dump
}

/**
 * Writes `dump`'s accounts over `state` (accounts not in it stay); code and storage keep no undo
 * record, so it is for a state no checkpoint or snapshot holds yet.
 *
 * @param state the journaled maps
 * @param dump accounts as {@link dumpAccounts} writes them
 * @param keccak the hash of code whose dump has no `codeHash`
 */
export function loadAccounts(
  state: StateJournal,
  dump: ChainState['accounts'],
  keccak: (bytes: Uint8Array) => Uint8Array,
): void {
  for (const [key, entry] of Object.entries(dump) as [Hex, ChainStateAccount][]) {
    const accountKey = keyOf(new Address(hexToBytes(key)))
    state.setAccount(accountKey, new Account(BigInt(entry.nonce), BigInt(entry.balance)))
    if (entry.code !== undefined) {
      const bytecode = hexToBytes(entry.code)
      state.code.set(accountKey, bytecode)
      const account = state.accounts.get(accountKey) as Account
      account.codeHash = entry.codeHash === undefined ? keccak(bytecode) : hexToBytes(entry.codeHash)
      account.codeSize = bytecode.length
    }
    for (const [slot, value] of Object.entries(entry.storage ?? {}) as [Hex, Hex][])
      state.writeStorage(accountKey, slotKeyOf(hexToBytes(slot)), bigIntToBytes(BigInt(value)))
  }
}

function toQuantity(value: bigint): Hex {
  return `0x${value.toString(16)}`
}
