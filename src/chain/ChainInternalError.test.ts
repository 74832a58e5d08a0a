import { runTx } from '@ethereumjs/vm'
import { describe, expect, it, vi } from 'vitest'
import { ChainInternalError } from './ChainInternalError.js'
import { createChain } from './createChain.js'
import { TransactionRejectedError } from './errors.js'

vi.mock('@ethereumjs/vm', async (importOriginal) => {
  const vm = await importOriginal<typeof import('@ethereumjs/vm')>()
  return { ...vm, runTx: vi.fn(vm.runTx) }
})

describe('a JavaScript exception inside the VM', () => {
  it('is a ChainInternalError carrying the exception, not a rejected transaction, and changes nothing', async () => {
    const chain = await createChain()
    const [from, to] = [chain.accounts[1]!.address, chain.accounts[2]!.address]
    const before = await chain.getBalance(to)
    vi.mocked(runTx).mockRejectedValueOnce(new ReferenceError('Buffer is not defined'))

    const failure = chain.sendTransaction({ from, to, value: 1n })

    await expect(failure).rejects.toThrow(ChainInternalError)
    await expect(failure).rejects.toMatchObject({
      shortMessage: 'transaction failed inside the VM: ReferenceError: Buffer is not defined',
      cause: { name: 'ReferenceError' },
    })
    expect(await chain.getBalance(to)).toBe(before)
    await chain.sendTransaction({ from, to, value: 1n })
    expect(await chain.getBalance(to)).toBe(before + 1n)
  })

  it('leaves refusals the VM itself gives as TransactionRejectedError', async () => {
    const chain = await createChain()
    await expect(chain.sendTransaction({ from: 3, to: chain.accounts[1]!.address, value: 10n ** 30n })).rejects.toThrow(
      TransactionRejectedError,
    )
  })
})
