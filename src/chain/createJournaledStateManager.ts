import type { Common, StateManagerInterface } from '@ethereumjs/common'
import { OriginalStorageCache } from '@ethereumjs/statemanager'
import { Account, Address, hexToBytes } from '@ethereumjs/util'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { dumpAccounts, loadAccounts } from './accountsDump.js'
import type { ChainState } from './ChainState.js'
import { createStateJournal, type JournalMark } from './createStateJournal.js'
import { cloneAccount, isZero, keyOf, slotKeyOf, slotOfKey } from './stateKeys.js'

export type { JournalMark } from './createStateJournal.js'

/**
 * The state manager behind our chain, plus the two operations the chain's snapshots need.
 */
export type JournaledStateManager = StateManagerInterface & {
  /** Current journal position: everything written after it can be undone by {@link revertTo}. */
  mark(): JournalMark
  /** Undo every write made after `mark`, newest first. */
  revertTo(mark: JournalMark): void
  /** Number of outstanding marks that keep the journal alive (EVM checkpoints + snapshots). */
  pin(): void
  /** Release one {@link pin}; when nothing is pinned any more the journal is dropped. */
  unpin(): void
  /** Every account with its code and non-zero storage, as JSON. */
  dumpAccounts(): ChainState['accounts']
  /** Writes `dump`'s accounts over the current state (accounts not in it stay); before any checkpoint or snapshot, as it keeps no undo record. */
  loadAccounts(dump: ChainState['accounts']): void
}

/**
 * Creates an in-memory state manager whose checkpoints cost O(1) and whose reverts cost
 * O(writes since the checkpoint), whatever the size of the state.
 *
 * ethereumjs's `SimpleStateManager` copies every map on each checkpoint (the EVM takes one per
 * transaction and per call frame), so it slows down linearly as accounts and storage grow; the
 * Merkle state manager re-hashes a trie. Neither is needed to get exact gas, so we keep flat maps
 * and an undo journal instead — the same idea as the EVM's own `journal.checkpoint()`.
 * State roots are not computed: receipts after Byzantium carry a status, not a root.
 *
 * @param common the chain's Common, for its keccak implementation
 * @returns a state manager to pass to `createVM({ stateManager })`
 */
export function createJournaledStateManager(common?: Common): JournaledStateManager {
  const state = createStateJournal()
  const { accounts, code, storage } = state
  const keccak = common?.customCrypto.keccak256 ?? keccak_256
  const readStorage = (key: string, slot: string) => storage.get(key)?.get(slot)

  const manager: JournaledStateManager = {
    originalStorageCache: undefined as unknown as OriginalStorageCache,

    async getAccount(address: Address) {
      const account = accounts.get(keyOf(address))
      return account === undefined ? undefined : cloneAccount(account)
    },
    async putAccount(address: Address, account?: Account) {
      state.setAccount(keyOf(address), account)
    },
    async deleteAccount(address: Address) {
      state.setAccount(keyOf(address), undefined)
    },
    async modifyAccountFields(address, fields) {
      const key = keyOf(address)
      const account = accounts.get(key)
      const next = account === undefined ? new Account() : cloneAccount(account)
      if (fields.nonce !== undefined) next.nonce = fields.nonce
      if (fields.balance !== undefined) next.balance = fields.balance
      if (fields.codeHash !== undefined) next.codeHash = fields.codeHash
      if (fields.codeSize !== undefined) next.codeSize = fields.codeSize
      if (fields.storageRoot !== undefined) next.storageRoot = fields.storageRoot
      state.setAccount(key, next)
    },
    async putCode(address: Address, value: Uint8Array) {
      const key = keyOf(address)
      if (state.journaling()) state.record({ kind: 'code', key, had: code.has(key), value: code.get(key) })
      code.set(key, value)
      await manager.modifyAccountFields(address, { codeHash: keccak(value), codeSize: value.length })
    },
    async getCode(address: Address) {
      return code.get(keyOf(address)) ?? new Uint8Array(0)
    },
    async getCodeSize(address: Address) {
      return code.get(keyOf(address))?.length ?? 0
    },
    async getStorage(address: Address, key: Uint8Array) {
      return readStorage(keyOf(address), slotKeyOf(key)) ?? new Uint8Array(0)
    },
    async putStorage(address: Address, key: Uint8Array, value: Uint8Array) {
      const account = keyOf(address)
      const slot = slotKeyOf(key)
      const next = value.length === 0 || isZero(value) ? undefined : value
      if (state.journaling()) {
        const previous = readStorage(account, slot)
        state.record({ kind: 'storage', key: account, slot, had: previous !== undefined, value: previous })
      }
      state.writeStorage(account, slot, next)
    },
    async clearStorage(address: Address) {
      const key = keyOf(address)
      if (state.journaling()) state.record({ kind: 'storageCleared', key, value: storage.get(key) })
      storage.delete(key)
    },
    async checkpoint() {
      state.checkpoint()
    },
    async commit() {
      state.commit()
    },
    async revert() {
      state.revert()
    },
    async getStateRoot(): Promise<Uint8Array> {
      throw new Error('state roots are not computed by the journaled state manager')
    },
    async setStateRoot() {
      throw new Error('state roots are not computed by the journaled state manager')
    },
    async hasStateRoot(): Promise<boolean> {
      throw new Error('state roots are not computed by the journaled state manager')
    },
    clearCaches() {},
    shallowCopy() {
      const copy = createJournaledStateManager(common)
      for (const [key, account] of accounts) copy.putAccount(new Address(hexToBytes(key as `0x${string}`)), account)
      for (const [key, value] of code) copy.putCode(new Address(hexToBytes(key as `0x${string}`)), value)
      for (const [key, slots] of storage) {
        for (const [slot, value] of slots)
          copy.putStorage(new Address(hexToBytes(key as `0x${string}`)), slotOfKey(slot), value)
      }
      return copy
    },
    mark: state.mark,
    revertTo: state.revertTo,
    pin: state.pin,
    unpin: state.unpin,
    dumpAccounts: () => dumpAccounts(state),
    loadAccounts: (dump) => loadAccounts(state, dump, keccak),
  }
  // EIP-2200 gas needs each slot's value as of the transaction's start; runTx clears it per tx.
  manager.originalStorageCache = new OriginalStorageCache(manager.getStorage)
  return manager
}
