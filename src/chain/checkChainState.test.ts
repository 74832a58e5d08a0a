import { describe, expect, it } from 'vitest'
import { StorageHeavy } from '../../test/fixtures/artifacts/index.js'
import { createChain } from './createChain.js'
import { InvalidArgumentError } from './errors.js'

describe('dumpState / createChain({ state })', () => {
  it('starts a chain where the dumped one stood: code, storage, nonces, balances, clock and gas', async () => {
    const chain = await createChain({ accounts: 3 })
    const { address } = await chain.deploy({ artifact: StorageHeavy })
    await chain.send({ address, abi: StorageHeavy.abi, functionName: 'fill', args: [100n], from: 1 })
    chain.increaseTime(3_600n)
    await chain.sendTransaction({ from: 2, to: chain.accounts[0]!.address, value: 5n })
    const state = JSON.parse(JSON.stringify(chain.dumpState()))

    const copy = await createChain({ accounts: 3, state })
    expect(copy.blockNumber).toBe(chain.blockNumber)
    expect(copy.timestamp).toBe(chain.timestamp)
    for (const account of chain.accounts) {
      expect(await copy.getBalance(account.address)).toBe(await chain.getBalance(account.address))
      expect(await copy.getNonce(account.address)).toBe(await chain.getNonce(account.address))
    }
    expect(await copy.getCode(address)).toBe(await chain.getCode(address))
    expect(await copy.call({ address, abi: StorageHeavy.abi, functionName: 'valueOf', args: [105n] })).toBe(
      await chain.call({ address, abi: StorageHeavy.abi, functionName: 'valueOf', args: [105n] }),
    )
    // Same next transaction, same gas: the refund and warm/cold rules see the same storage.
    const next = async (on: typeof chain) =>
      (await on.send({ address, abi: StorageHeavy.abi, functionName: 'fillAndClear', args: [100n], from: 1 })).receipt
        .gasUsed
    expect(await next(copy)).toBe(await next(chain))
    expect(copy.dumpState()).toEqual(chain.dumpState())
  })

  it.each([
    ['not an object', 7, 'state must be an object'],
    [
      'a bad clock',
      { blockNumber: '12', timestamp: '0x1', accounts: {} },
      'state.blockNumber must be a hex quantity, got 12',
    ],
    [
      'a bad address',
      { blockNumber: '0x1', timestamp: '0x1', accounts: { '0x12': { nonce: '0x0', balance: '0x0' } } },
      'keyed by a 0x-prefixed 20-byte address',
    ],
    [
      'a bad balance',
      { blockNumber: '0x1', timestamp: '0x1', accounts: { [`0x${'ab'.repeat(20)}`]: { nonce: '0x0', balance: 5 } } },
      '.balance must be a hex quantity, got 5',
    ],
    [
      'odd code',
      {
        blockNumber: '0x1',
        timestamp: '0x1',
        accounts: { [`0x${'ab'.repeat(20)}`]: { nonce: '0x0', balance: '0x0', code: '0x123' } },
      },
      '.code must be hex bytes',
    ],
    [
      'a code hash without code',
      {
        blockNumber: '0x1',
        timestamp: '0x1',
        accounts: { [`0x${'ab'.repeat(20)}`]: { nonce: '0x0', balance: '0x0', codeHash: `0x${'00'.repeat(32)}` } },
      },
      '.codeHash must be a 32-byte hex hash beside code',
    ],
    [
      'a short slot',
      {
        blockNumber: '0x1',
        timestamp: '0x1',
        accounts: { [`0x${'ab'.repeat(20)}`]: { nonce: '0x0', balance: '0x0', storage: { '0x01': '0x1' } } },
      },
      'keyed by 32-byte lowercase hex slots',
    ],
  ])('refuses a state with %s, before creating anything', async (_, state, message) => {
    await expect(createChain({ state: state as never })).rejects.toThrow(InvalidArgumentError)
    await expect(createChain({ state: state as never })).rejects.toThrow(message)
  })
})
