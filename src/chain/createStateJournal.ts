import type { Account } from '@ethereumjs/util'
import { cloneAccount } from './stateKeys.js'

/**
 * One undo record: how to put a single key back as it was. `had` distinguishes "absent"
 * from "present with a value", because absence is meaningful (non-existent account, zero slot).
 */
export type UndoEntry =
  | { kind: 'account'; key: string; had: boolean; value: Account | undefined }
  | { kind: 'code'; key: string; had: boolean; value: Uint8Array | undefined }
  | { kind: 'storage'; key: string; slot: string; had: boolean; value: Uint8Array | undefined }
  | { kind: 'storageCleared'; key: string; value: Map<string, Uint8Array> | undefined }

/** A position in the journal; reverting to it undoes every later write. */
export type JournalMark = number

/** The state's flat maps with the undo journal over them (see {@link createStateJournal}). */
export type StateJournal = ReturnType<typeof createStateJournal>

/**
 * The state as flat maps (accounts, code, storage by account then slot key) and an undo journal
 * over them: the EVM's checkpoints and the chain's snapshots (pins) are positions in the journal.
 * Writes made while nothing can be reverted need no undo record; this keeps the journal from
 * growing forever in a long run without snapshots.
 *
 * @returns the maps, the writes that journal themselves, and the checkpoint operations
 */
export function createStateJournal() {
  const accounts = new Map<string, Account>()
  const code = new Map<string, Uint8Array>()
  const storage = new Map<string, Map<string, Uint8Array>>()
  const journal: UndoEntry[] = []
  const checkpoints: JournalMark[] = []
  let pins = 0

  const journaling = () => pins > 0 || checkpoints.length > 0
  const dropIfIdle = () => {
    if (!journaling()) journal.length = 0
  }

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

  return {
    accounts,
    code,
    storage,
    /** Records `entry` when a checkpoint or a snapshot could undo the write it precedes. */
    record(entry: UndoEntry) {
      if (journaling()) journal.push(entry)
    },
    /** Whether writes are being journaled now (to skip building an undo record that would be dropped). */
    journaling,
    setAccount(key: string, account: Account | undefined) {
      if (journaling()) journal.push({ kind: 'account', key, had: accounts.has(key), value: accounts.get(key) })
      if (account === undefined) accounts.delete(key)
      else accounts.set(key, cloneAccount(account))
    },
    writeStorage,
    mark: (): JournalMark => journal.length,
    revertTo,
    checkpoint() {
      checkpoints.push(journal.length)
    },
    commit() {
      checkpoints.pop()
      dropIfIdle()
    },
    revert() {
      const mark = checkpoints.pop()
      if (mark !== undefined) revertTo(mark)
      dropIfIdle()
    },
    pin() {
      pins++
    },
    unpin() {
      pins = Math.max(0, pins - 1)
      dropIfIdle()
    },
  }
}
