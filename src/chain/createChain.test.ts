import { beforeAll, describe, expect, it } from 'vitest'
import { FixtureNFT, Reverter, StorageHeavy } from '../../test/fixtures/artifacts/index.js'
import { createChain, type Chain } from './createChain.js'
import {
  CallFailedError,
  ChainBusyError,
  ExecutionHaltedError,
  InvalidArgumentError,
  InvalidTimeError,
  TransactionRejectedError,
  TransactionRevertedError,
  UnknownAccountError,
  UnknownSnapshotError,
} from './errors.js'
import type { AddressHex } from './types.js'

describe('createChain', () => {
  let chain: Chain
  let nft: AddressHex
  let storage: AddressHex
  let reverter: AddressHex

  beforeAll(async () => {
    chain = await createChain()
    nft = (await chain.deploy({ artifact: FixtureNFT })).address
    storage = (await chain.deploy({ artifact: StorageHeavy })).address
    reverter = (await chain.deploy({ artifact: Reverter })).address
  })

  it('creates deterministic funded accounts', async () => {
    const other = await createChain({ accounts: 3 })
    expect(other.accounts.map((a) => a.address)).toEqual(chain.accounts.slice(0, 3).map((a) => a.address))
    expect(await other.getBalance(other.accounts[2]!.address)).toBe(10n ** 24n)
    const seeded = await createChain({ accounts: 1, seed: 'another' })
    expect(seeded.accounts[0]!.address).not.toBe(chain.accounts[0]!.address)
  })

  it('mines each transaction in its own block with exact gas and decoded events', async () => {
    const before = chain.blockNumber
    const { receipt } = await chain.send({
      address: nft,
      abi: FixtureNFT.abi,
      functionName: 'mint',
      args: [chain.accounts[1]!.address, 1n],
      from: 1,
    })
    expect(receipt.status).toBe('success')
    expect(receipt.blockNumber).toBe(before)
    expect(chain.blockNumber).toBe(before + 1n)
    expect(receipt.gasUsed).toBe(68_759n)
    expect(receipt.logs).toHaveLength(1)
    expect(receipt.logs[0]!.eventName).toBe('Transfer')
    expect(receipt.logs[0]!.args).toEqual({
      from: '0x0000000000000000000000000000000000000000',
      to: chain.accounts[1]!.address,
      tokenId: 1n,
    })
    expect(await chain.call({ address: nft, abi: FixtureNFT.abi, functionName: 'ownerOf', args: [1n] })).toBe(
      chain.accounts[1]!.address,
    )
  })

  it('charges a plain transfer 21,000 gas and moves the value', async () => {
    const to = chain.accounts[5]!.address
    const before = await chain.getBalance(to)
    const receipt = await chain.sendTransaction({ from: 4, to, value: 123n })
    expect(receipt.gasUsed).toBe(21_000n)
    expect(await chain.getBalance(to)).toBe(before + 123n)
  })

  it('decodes a custom error with its arguments and charges the gas', async () => {
    const nonce = await chain.getNonce(chain.accounts[2]!.address)
    const error = await chain
      .send({ address: reverter, abi: Reverter.abi, functionName: 'revertWithCustomError', args: [7n], from: 2 })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TransactionRevertedError)
    const revert = error as TransactionRevertedError
    expect(revert.errorName).toBe('ReverterRejected')
    expect(revert.namedArgs).toEqual({ caller: chain.accounts[2]!.address, code: 7n, reason: 'rejected' })
    expect(revert.receipt.status).toBe('reverted')
    expect(revert.receipt.gasUsed).toBeGreaterThan(21_000n)
    expect(revert.message).toContain('ReverterRejected')
    expect(await chain.getNonce(chain.accounts[2]!.address)).toBe(nonce + 1n)
  })

  it('decodes reason strings and panics', async () => {
    const reason = (await chain
      .send({ address: reverter, abi: Reverter.abi, functionName: 'revertWithReason' })
      .catch((e) => e)) as TransactionRevertedError
    expect(reason.errorName).toBe('Error')
    expect(reason.reason).toBe('reason string')
    const panic = (await chain
      .send({ address: reverter, abi: Reverter.abi, functionName: 'panicWithAssert' })
      .catch((e) => e)) as TransactionRevertedError
    expect(panic.errorName).toBe('Panic')
    expect(panic.reason).toBe('assertion failed')
  })

  it('reports exceptional halts, consuming all gas given', async () => {
    const invalid = await chain
      .send({ address: reverter, abi: Reverter.abi, functionName: 'invalidOpcode', gasLimit: 50_000n })
      .catch((e: unknown) => e)
    expect(invalid).toBeInstanceOf(ExecutionHaltedError)
    expect((invalid as ExecutionHaltedError).haltReason).toBe('invalid opcode')
    expect((invalid as ExecutionHaltedError).receipt.gasUsed).toBe(50_000n)
    const outOfGas = (await chain
      .send({ address: reverter, abi: Reverter.abi, functionName: 'exhaustGas', gasLimit: 100_000n })
      .catch((e: unknown) => e)) as ExecutionHaltedError
    expect(outOfGas.haltReason).toBe('out of gas')
    expect(outOfGas.receipt.gasUsed).toBe(100_000n)
  })

  it('leaves state unchanged after a failed transaction except nonce and fee', async () => {
    const chainWithFees = await createChain({ accounts: 2, baseFeePerGasWei: 1_000_000_000n })
    const address = (await chainWithFees.deploy({ artifact: Reverter })).address
    const sender = chainWithFees.accounts[1]!.address
    const balance = await chainWithFees.getBalance(sender)
    const error = (await chainWithFees
      .send({ address, abi: Reverter.abi, functionName: 'exhaustGas', from: 1, gasLimit: 60_000n })
      .catch((e) => e)) as ExecutionHaltedError
    expect(error.receipt.feeWei).toBe(60_000n * 1_000_000_000n)
    expect(await chainWithFees.getBalance(sender)).toBe(balance - error.receipt.feeWei)
    expect(await chainWithFees.getNonce(sender)).toBe(1n)
  })

  it('rejects what a node would refuse, changing nothing', async () => {
    const sender = chain.accounts[3]!.address
    const nonce = await chain.getNonce(sender)
    const block = chain.blockNumber
    await expect(chain.sendTransaction({ from: 3, to: sender, value: 10n ** 30n })).rejects.toThrow(
      TransactionRejectedError,
    )
    await expect(chain.sendTransaction({ from: 3, to: sender, gasLimit: 20_000n })).rejects.toThrow(
      /intrinsic|minimum gas/i,
    )
    await expect(chain.sendTransaction({ from: 3, to: sender, gasLimit: 2n ** 25n })).rejects.toThrow(/EIP-7825/)
    expect(await chain.getNonce(sender)).toBe(nonce)
    expect(chain.blockNumber).toBe(block)
  })

  it('refuses bad arguments with typed errors', async () => {
    await expect(
      chain.send({ address: storage, abi: StorageHeavy.abi, functionName: 'fill', args: ['x' as unknown as bigint] }),
    ).rejects.toThrow(InvalidArgumentError)
    await expect(
      chain.send({ address: storage, abi: StorageHeavy.abi, functionName: 'nope' as 'fill', args: [1n] }),
    ).rejects.toThrow(/nope/)
    await expect(
      chain.send({ address: '0x1234' as AddressHex, abi: StorageHeavy.abi, functionName: 'fill', args: [1n] }),
    ).rejects.toThrow(InvalidArgumentError)
    await expect(
      chain.send({ address: storage, abi: StorageHeavy.abi, functionName: 'fill', args: [1n], from: 99 }),
    ).rejects.toThrow(/no account at index 99/)
    await expect(
      chain.send({
        address: storage,
        abi: StorageHeavy.abi,
        functionName: 'fill',
        args: [1n],
        from: '0x000000000000000000000000000000000000dEaD',
      }),
    ).rejects.toThrow(UnknownAccountError)
    await expect(chain.sendTransaction({ to: storage, value: -1n })).rejects.toThrow(/non-negative bigint/)
  })

  it('runs read-only calls without changing state and reports their failures', async () => {
    const block = chain.blockNumber
    expect(
      await chain.call({ address: storage, abi: StorageHeavy.abi, functionName: 'valueOf', args: [123_456n] }),
    ).toBe(0n)
    const failed = await chain
      .call({ address: reverter, abi: Reverter.abi, functionName: 'revertWithCustomErrorInView', args: [1n] })
      .catch((e) => e)
    expect(failed).toBeInstanceOf(CallFailedError)
    expect((failed as CallFailedError).revert?.errorName).toBe('ReverterRejected')
    const empty = chain.accounts[9]!.address
    await expect(
      chain.call({ address: empty, abi: StorageHeavy.abi, functionName: 'valueOf', args: [1n] }),
    ).rejects.toThrow(/no contract/)
    expect(chain.blockNumber).toBe(block)
  })

  it('moves the clock forward only', async () => {
    const t = chain.timestamp
    chain.increaseTime(3600n)
    expect(chain.timestamp).toBe(t + 3600n)
    chain.setTime(t + 7200n)
    expect(chain.timestamp).toBe(t + 7200n)
    expect(() => chain.setTime(t)).toThrow(InvalidTimeError)
    expect(() => chain.increaseTime(-1n)).toThrow(InvalidTimeError)
    const block = chain.blockNumber
    chain.mine(5)
    expect(chain.blockNumber).toBe(block + 5n)
  })

  it('reverts to a snapshot: storage, balances, nonces, code, accounts and clock', async () => {
    const id = chain.snapshot()
    const clock = { block: chain.blockNumber, time: chain.timestamp }
    const sender = chain.accounts[6]!.address
    const nonce = await chain.getNonce(sender)
    await chain.send({ address: storage, abi: StorageHeavy.abi, functionName: 'fill', args: [1_000n], from: 6 })
    await chain.sendTransaction({ from: 6, to: chain.accounts[7]!.address, value: 5n })
    const deployed = await chain.deploy({ artifact: Reverter, from: 6 })
    await chain.addAccounts(2)
    chain.increaseTime(100n)
    const inner = chain.snapshot()

    chain.revert(id)
    expect(await chain.call({ address: storage, abi: StorageHeavy.abi, functionName: 'valueOf', args: [1_000n] })).toBe(
      0n,
    )
    expect(await chain.getNonce(sender)).toBe(nonce)
    expect(await chain.getCode(deployed.address)).toBe('0x')
    expect(chain.accounts).toHaveLength(10)
    expect({ block: chain.blockNumber, time: chain.timestamp }).toEqual(clock)
    expect(() => chain.revert(inner)).toThrow(UnknownSnapshotError)

    await chain.send({ address: storage, abi: StorageHeavy.abi, functionName: 'fill', args: [1_000n], from: 6 })
    chain.revert(id)
    expect(await chain.call({ address: storage, abi: StorageHeavy.abi, functionName: 'valueOf', args: [1_000n] })).toBe(
      0n,
    )
    chain.release(id)
    expect(() => chain.revert(id)).toThrow(UnknownSnapshotError)
  })

  it('signs transactions when asked, with the same gas', async () => {
    const signed = await createChain({ accounts: 2, sign: true })
    const address = (await signed.deploy({ artifact: FixtureNFT })).address
    const { receipt } = await signed.send({
      address,
      abi: FixtureNFT.abi,
      functionName: 'mint',
      args: [signed.accounts[1]!.address, 1n],
      from: 1,
    })
    expect(receipt.gasUsed).toBe(68_759n)
    expect(receipt.transactionHash).toMatch(/^0x[0-9a-f]{64}$/)
  })
})

describe('snapshots at 200 users', () => {
  it('restore every user exactly after a round of transactions', async () => {
    const chain = await createChain({ accounts: 200 })
    const nft = (await chain.deploy({ artifact: FixtureNFT })).address
    const storage = (await chain.deploy({ artifact: StorageHeavy })).address
    for (let i = 0; i < 200; i++) {
      await chain.send({
        address: nft,
        abi: FixtureNFT.abi,
        functionName: 'mint',
        args: [chain.accounts[i]!.address, BigInt(i)],
        from: i,
      })
    }
    const id = chain.snapshot()
    for (let i = 0; i < 200; i++) {
      await chain.send({
        address: nft,
        abi: FixtureNFT.abi,
        functionName: 'transferFrom',
        args: [chain.accounts[i]!.address, chain.accounts[(i + 1) % 200]!.address, BigInt(i)],
        from: i,
      })
      await chain.send({
        address: storage,
        abi: StorageHeavy.abi,
        functionName: 'fill',
        args: [BigInt(i * 10)],
        from: i,
      })
    }
    chain.revert(id)
    for (let i = 0; i < 200; i++) {
      expect(await chain.call({ address: nft, abi: FixtureNFT.abi, functionName: 'ownerOf', args: [BigInt(i)] })).toBe(
        chain.accounts[i]!.address,
      )
      expect(await chain.getNonce(chain.accounts[i]!.address)).toBe(i === 0 ? 3n : 1n)
    }
    expect(await chain.call({ address: storage, abi: StorageHeavy.abi, functionName: 'valueOf', args: [0n] })).toBe(0n)
  })
})

describe('concurrent use', () => {
  it('runs operations fired together one after another, and refuses to snapshot meanwhile', async () => {
    const chain = await createChain({ accounts: 20 })
    const nft = (await chain.deploy({ artifact: FixtureNFT })).address
    const sends = chain.accounts.map((account, i) =>
      chain.send({
        address: nft,
        abi: FixtureNFT.abi,
        functionName: 'mint',
        args: [account.address, BigInt(i)],
        from: i,
      }),
    )
    expect(() => chain.snapshot()).toThrow(ChainBusyError)
    const receipts = (await Promise.all(sends)).map((r) => r.receipt)
    expect(new Set(receipts.map((r) => r.blockNumber)).size).toBe(20)
    const owners = await Promise.all(
      chain.accounts.map((_, i) =>
        chain.call({ address: nft, abi: FixtureNFT.abi, functionName: 'ownerOf', args: [BigInt(i)] }),
      ),
    )
    expect(owners).toEqual(chain.accounts.map((a) => a.address))
    expect(typeof chain.snapshot()).toBe('number')
  })
})
