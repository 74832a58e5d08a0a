import { Account, createAddressFromString, hexToBytes } from '@ethereumjs/util'
import { describe, expect, it } from 'vitest'
import { createJournaledStateManager } from './createJournaledStateManager.js'

const alice = createAddressFromString('0x00000000000000000000000000000000000000a1')
const slot = hexToBytes(`0x${'00'.repeat(31)}01`)

describe('createJournaledStateManager', () => {
  it('undoes writes made after a checkpoint on revert and keeps them on commit', async () => {
    const state = createJournaledStateManager()
    await state.putAccount(alice, new Account(0n, 100n))
    await state.checkpoint()
    await state.putStorage(alice, slot, new Uint8Array([7]))
    await state.modifyAccountFields(alice, { balance: 50n })
    await state.revert()
    expect((await state.getAccount(alice))?.balance).toBe(100n)
    expect(await state.getStorage(alice, slot)).toEqual(new Uint8Array(0))

    await state.checkpoint()
    await state.putStorage(alice, slot, new Uint8Array([7]))
    await state.commit()
    expect(await state.getStorage(alice, slot)).toEqual(new Uint8Array([7]))
  })

  it('hands out copies, so a caller mutating an account cannot change the stored one', async () => {
    const state = createJournaledStateManager()
    await state.putAccount(alice, new Account(0n, 100n))
    const copy = await state.getAccount(alice)
    copy!.balance = 1n
    expect((await state.getAccount(alice))?.balance).toBe(100n)
  })

  it('reverts to a pinned mark across code, storage clears and deletions', async () => {
    const state = createJournaledStateManager()
    await state.putAccount(alice, new Account(0n, 1n))
    await state.putStorage(alice, slot, new Uint8Array([1]))
    state.pin()
    const mark = state.mark()
    await state.putCode(alice, new Uint8Array([0x60, 0x00]))
    await state.clearStorage(alice)
    await state.deleteAccount(alice)
    state.revertTo(mark)
    expect((await state.getAccount(alice))?.balance).toBe(1n)
    expect(await state.getCodeSize(alice)).toBe(0)
    expect(await state.getStorage(alice, slot)).toEqual(new Uint8Array([1]))
  })

  it('stores a zero value as an absent slot', async () => {
    const state = createJournaledStateManager()
    await state.putStorage(alice, slot, new Uint8Array([0]))
    expect(await state.getStorage(alice, slot)).toEqual(new Uint8Array(0))
  })
})
