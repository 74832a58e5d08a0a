import type { Common, StateManagerInterface } from '@ethereumjs/common'
import { Account, Address, bigIntToBytes, bytesToBigInt, bytesToHex, hexToBytes } from '@ethereumjs/util'
import { OriginalStorageCache } from '@ethereumjs/statemanager'
import { keccak_256 } from '@noble/hashes/sha3.js'
import type { ChainState, ChainStateAccount } from './ChainState.js'
import type { Hex } from './types.js'

type AccountMap = Map<string, Account>
type CodeMap = Map<string, Uint8Array>
type StorageMap = Map<string, Map<string, Uint8Array>>

/**
 * One undo record: how to put a single key back as it was. `had` distinguishes "absent"
 * from "present with a value", because absence is meaningful (non-existent account, zero slot).
 */
type UndoEntry =
  | { kind: 'account'; key: string; had: boolean; value: Account | undefined }
  | { kind: 'code'; key: string; had: boolean; value: Uint8Array | undefined }
  | { kind: 'storage'; key: string; slot: string; had: boolean; value: Uint8Array | undefined }
  | { kind: 'storageCleared'; key: string; value: Map<string, Uint8Array> | undefined }

/** A position in the journal; reverting to it undoes every later write. */
export type JournalMark = number

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

function cloneAccount(account: Account): Account {
  return Object.assign(Object.create(Account.prototype) as Account, account)
}

const addressKeys = new WeakMap<Address, string>()

/** The map key of an address; the EVM asks for the same Address object many times per call. */
function keyOf(address: Address): string {
  let key = addressKeys.get(address)
  if (key === undefined) addressKeys.set(address, (key = address.toString()))
  return key
}

const char = String.fromCharCode

/**
 * The map key of a 32-byte storage slot: sixteen UTF-16 code units, two bytes each. Built in one
 * call, it costs a fraction of a hex string (and needs no Node `Buffer`, which browsers lack).
 */
function slotKeyOf(s: Uint8Array): string {
  if (s.length !== 32) throw new RangeError(`storage key must be 32 bytes long, got ${s.length}`)
  return char(
    (s[0]! << 8) | s[1]!,
    (s[2]! << 8) | s[3]!,
    (s[4]! << 8) | s[5]!,
    (s[6]! << 8) | s[7]!,
    (s[8]! << 8) | s[9]!,
    (s[10]! << 8) | s[11]!,
    (s[12]! << 8) | s[13]!,
    (s[14]! << 8) | s[15]!,
    (s[16]! << 8) | s[17]!,
    (s[18]! << 8) | s[19]!,
    (s[20]! << 8) | s[21]!,
    (s[22]! << 8) | s[23]!,
    (s[24]! << 8) | s[25]!,
    (s[26]! << 8) | s[27]!,
    (s[28]! << 8) | s[29]!,
    (s[30]! << 8) | s[31]!,
  )
}

/** The slot a {@link slotKeyOf} key stands for. */
function slotOfKey(key: string): Uint8Array {
  const slot = new Uint8Array(32)
  for (let i = 0; i < 16; i++) {
    const unit = key.charCodeAt(i)
    slot[2 * i] = unit >> 8
    slot[2 * i + 1] = unit & 0xff
  }
  return slot
}

function isZero(value: Uint8Array): boolean {
  for (let i = 0; i < value.length; i++) if (value[i] !== 0) return false
  return true
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
  const accounts: AccountMap = new Map()
  const code: CodeMap = new Map()
  const storage: StorageMap = new Map()
  const journal: UndoEntry[] = []
  const checkpoints: JournalMark[] = []
  let pins = 0
  const keccak = common?.customCrypto.keccak256 ?? keccak_256

  // Writes made while nothing can be reverted need no undo record; this keeps the journal
  // from growing forever in a long run without snapshots.
  const journaling = () => pins > 0 || checkpoints.length > 0

  const readStorage = (key: string, slot: string) => storage.get(key)?.get(slot)

  const writeStorage = (key: string, slot: string, value: Uint8Array | undefined) => {
    let slots = storage.get(key)
    if (value === undefined) {
      slots?.delete(slot)
      return
    }
    if (slots === undefined) {
      slots = new Map()
      storage.set(key, slots)
    }
    slots.set(slot, value)
  }

  const undo = (entry: UndoEntry) => {
    switch (entry.kind) {
      case 'account':
        if (entry.had) accounts.set(entry.key, entry.value as Account)
        else accounts.delete(entry.key)
        return
      case 'code':
        if (entry.had) code.set(entry.key, entry.value as Uint8Array)
        else code.delete(entry.key)
        return
      case 'storage':
        writeStorage(entry.key, entry.slot, entry.had ? entry.value : undefined)
        return
      case 'storageCleared':
        if (entry.value === undefined) storage.delete(entry.key)
        else storage.set(entry.key, entry.value)
    }
  }

  const revertTo = (mark: JournalMark) => {
    for (let i = journal.length - 1; i >= mark; i--) undo(journal[i] as UndoEntry)
    journal.length = mark
  }

  const setAccount = (key: string, account: Account | undefined) => {
    if (journaling()) {
      const had = accounts.has(key)
      journal.push({ kind: 'account', key, had, value: accounts.get(key) })
    }
    if (account === undefined) accounts.delete(key)
    else accounts.set(key, cloneAccount(account))
  }

  const manager: JournaledStateManager = {
    originalStorageCache: undefined as unknown as OriginalStorageCache,

    async getAccount(address: Address) {
      const account = accounts.get(keyOf(address))
      return account === undefined ? undefined : cloneAccount(account)
    },
    async putAccount(address: Address, account?: Account) {
      setAccount(keyOf(address), account)
    },
    async deleteAccount(address: Address) {
      setAccount(keyOf(address), undefined)
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
      setAccount(key, next)
    },
    async putCode(address: Address, value: Uint8Array) {
      const key = keyOf(address)
      if (journaling()) journal.push({ kind: 'code', key, had: code.has(key), value: code.get(key) })
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
      if (journaling()) {
        const previous = readStorage(account, slot)
        journal.push({ kind: 'storage', key: account, slot, had: previous !== undefined, value: previous })
      }
      writeStorage(account, slot, next)
    },
    async clearStorage(address: Address) {
      const key = keyOf(address)
      if (journaling()) journal.push({ kind: 'storageCleared', key, value: storage.get(key) })
      storage.delete(key)
    },
    async checkpoint() {
      checkpoints.push(journal.length)
    },
    async commit() {
      checkpoints.pop()
      if (!journaling()) journal.length = 0
    },
    async revert() {
      const mark = checkpoints.pop()
      if (mark !== undefined) revertTo(mark)
      if (!journaling()) journal.length = 0
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
    mark: () => journal.length,
    revertTo,
    pin() {
      pins++
    },
    unpin() {
      pins = Math.max(0, pins - 1)
      if (!journaling()) journal.length = 0
    },
    dumpAccounts() {
      const dump: ChainState['accounts'] = {}
      for (const [key, account] of accounts) {
        const entry: ChainStateAccount = { nonce: toQuantity(account.nonce), balance: toQuantity(account.balance) }
        const bytecode = code.get(key)
        if (bytecode !== undefined && bytecode.length > 0) {
          entry.code = bytesToHex(bytecode)
          entry.codeHash = bytesToHex(account.codeHash)
        }
        const slots = storage.get(key)
        if (slots !== undefined && slots.size > 0) {
          entry.storage = {}
          for (const [slot, value] of slots)
            entry.storage[bytesToHex(slotOfKey(slot))] = toQuantity(bytesToBigInt(value))
        }
        dump[key as Hex] = entry
      }
      return dump
    },
    loadAccounts(dump) {
      for (const [key, entry] of Object.entries(dump) as [Hex, ChainStateAccount][]) {
        const address = new Address(hexToBytes(key))
        setAccount(keyOf(address), new Account(BigInt(entry.nonce), BigInt(entry.balance)))
        if (entry.code !== undefined) {
          const bytecode = hexToBytes(entry.code)
          const accountKey = keyOf(address)
          code.set(accountKey, bytecode)
          const account = accounts.get(accountKey) as Account
          account.codeHash = entry.codeHash === undefined ? keccak(bytecode) : hexToBytes(entry.codeHash)
          account.codeSize = bytecode.length
        }
        for (const [slot, value] of Object.entries(entry.storage ?? {}) as [Hex, Hex][]) {
          writeStorage(keyOf(address), slotKeyOf(hexToBytes(slot)), bigIntToBytes(BigInt(value)))
        }
      }
    },
  }
  // EIP-2200 gas needs each slot's value as of the transaction's start; runTx clears it per tx.
  manager.originalStorageCache = new OriginalStorageCache(manager.getStorage)
  return manager
}

function toQuantity(value: bigint): Hex {
  return `0x${value.toString(16)}`
}
