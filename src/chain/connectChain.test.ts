import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Reverter, StorageHeavy } from '../../test/fixtures/artifacts/index.js'
import { StorageHeavyStorageLayout } from '../../test/fixtures/artifacts/storageLayouts/index.js'
import { createEdrChain } from '../../test/support/createEdrChain.js'
import { startAnvil, type RunningAnvil } from '../../test/support/startAnvil.js'
import { toEip1193Provider } from '../../test/support/toEip1193Provider.js'
import { connectChain, type Eip1193Provider } from './connectChain.js'
import { createChain } from './createChain.js'
import { createStorageReader } from './createStorageReader.js'
import {
  CallFailedError,
  ChainIdMismatchError,
  InvalidArgumentError,
  NodeUnreachableError,
  TransactionRejectedError,
  TransactionRevertedError,
  UnknownSnapshotError,
  UnsupportedDevMethodError,
} from './errors.js'
import type { AddressHex } from './types.js'

const STRANGER: AddressHex = '0x00000000000000000000000000000000DeaDBeef'

async function edrProvider(): Promise<Eip1193Provider> {
  return toEip1193Provider(await createEdrChain({ accounts: [], failingCallsThrow: true }))
}

/** A provider that answers "method not found" for `refused`, as a node without those dev methods does. */
function refusing(provider: Eip1193Provider, refused: readonly string[]): Eip1193Provider {
  return {
    request: (args) =>
      refused.includes(args.method)
        ? Promise.reject(Object.assign(new Error(`Method ${args.method} not found`), { code: -32601 }))
        : provider.request(args),
  }
}

describe('connectChain over an EIP-1193 provider (EDR in-process)', () => {
  it('deploys, sends and calls with the embedded chain’s addresses, gas, logs and decoded results', async () => {
    const node = await connectChain({ provider: await edrProvider(), accounts: 2 })
    const embedded = await createChain({ accounts: 2 })

    const ours = await embedded.deploy({ artifact: StorageHeavy, args: [] })
    const theirs = await node.deploy({ artifact: StorageHeavy, args: [] })
    const sent = await node.send({
      address: theirs.address,
      abi: StorageHeavy.abi,
      functionName: 'fill',
      args: [7n],
      from: 1,
    })
    const sentHere = await embedded.send({
      address: ours.address,
      abi: StorageHeavy.abi,
      functionName: 'fill',
      args: [7n],
      from: 1,
    })

    expect(node.accounts.map((account) => account.address)).toEqual(embedded.accounts.map((account) => account.address))
    expect(theirs.address).toBe(ours.address)
    expect(theirs.receipt.gasUsed).toBe(ours.receipt.gasUsed)
    expect(sent.receipt.gasUsed).toBe(sentHere.receipt.gasUsed)
    expect(sent.receipt.blockNumber).toBe(sentHere.receipt.blockNumber)
    expect(
      await node.call({ address: theirs.address, abi: StorageHeavy.abi, functionName: 'valueOf', args: [7n] }),
    ).toBe(await embedded.call({ address: ours.address, abi: StorageHeavy.abi, functionName: 'valueOf', args: [7n] }))
    const reader = (chain: typeof node | typeof embedded, at: typeof ours.address) =>
      createStorageReader(StorageHeavyStorageLayout, (slot) => chain.getStorageAt(at, slot))
    expect(await reader(node, theirs.address).read('_values', 7n)).toBe(8n)
    expect(await reader(embedded, ours.address).read('_values', 7n)).toBe(8n)
    expect(await node.getStorageAt(theirs.address, 0n)).toBe(0n)
  })

  it('throws typed, decoded reverts for transactions (mined, with the receipt) and calls', async () => {
    const node = await connectChain({ provider: await edrProvider(), accounts: 1 })
    const { address } = await node.deploy({ artifact: Reverter, args: [] })

    const sent = await node
      .send({ address, abi: Reverter.abi, functionName: 'revertWithCustomError', args: [5n] })
      .catch((error: unknown) => error)
    const called = await node
      .call({ address, abi: Reverter.abi, functionName: 'revertWithCustomErrorInView', args: [5n] })
      .catch((error: unknown) => error)

    expect(sent).toBeInstanceOf(TransactionRevertedError)
    expect((sent as TransactionRevertedError).receipt.status).toBe('reverted')
    expect((sent as TransactionRevertedError).errorName).toMatch(/^Reverter/)
    expect(called).toBeInstanceOf(CallFailedError)
    expect((called as CallFailedError).revert?.errorName).toBe((sent as TransactionRevertedError).errorName)
  })

  it('mirrors the clock: increaseTime and setTime reach the node with the next block', async () => {
    const node = await connectChain({ provider: await edrProvider(), accounts: 1 })
    const start = node.timestamp

    node.increaseTime(3_600n)
    const receipt = await node.sendTransaction({ to: STRANGER, value: 1n })
    const block = await node.request<{ timestamp: `0x${string}` }>('eth_getBlockByNumber', ['latest', false])

    expect(receipt.timestamp).toBe(start + 3_600n)
    expect(BigInt(block.timestamp)).toBe(start + 3_600n)
    expect(node.blockNumber).toBe(receipt.blockNumber + 1n)
  })

  it('mines empty blocks without moving the clock, as the embedded chain does', async () => {
    const node = await connectChain({ provider: await edrProvider(), accounts: 1 })
    const embedded = await createChain({ accounts: 1 })

    for (const chain of [node, embedded]) chain.mine(3)
    const theirs = await node.sendTransaction({ to: STRANGER, value: 1n })
    const ours = await embedded.sendTransaction({ to: STRANGER, value: 1n })

    expect({ block: theirs.blockNumber, time: theirs.timestamp }).toEqual({
      block: ours.blockNumber,
      time: ours.timestamp,
    })
  })

  it('reverts to a snapshot more than once, though evm_revert consumes the node’s', async () => {
    const node = await connectChain({ provider: await edrProvider(), accounts: 1 })
    const { address } = await node.deploy({ artifact: StorageHeavy, args: [] })
    const id = node.snapshot()
    const block = node.blockNumber

    for (let round = 0; round < 2; round++) {
      await node.send({ address, abi: StorageHeavy.abi, functionName: 'fill', args: [1n] })
      node.increaseTime(10n)
      node.revert(id)

      expect(await node.call({ address, abi: StorageHeavy.abi, functionName: 'valueOf', args: [1n] })).toBe(0n)
      expect(node.blockNumber).toBe(block)
    }
    expect(() => node.revert(99)).toThrow(UnknownSnapshotError)
  })

  it('sends from any funded address by impersonating it', async () => {
    const node = await connectChain({ provider: await edrProvider(), accounts: 1 })
    await node.setBalance(STRANGER, 10n ** 18n)

    const receipt = await node.sendTransaction({ from: STRANGER, to: node.accounts[0]?.address, value: 1n })

    expect(receipt).toMatchObject({ from: STRANGER, status: 'success', gasUsed: 21_000n })
    expect(await node.getNonce(STRANGER)).toBe(1n)
  })

  it('refuses a transaction the node rejects, with TransactionRejectedError', async () => {
    const node = await connectChain({ provider: await edrProvider(), accounts: 1, balanceWei: 0n })

    await expect(node.sendTransaction({ to: STRANGER, value: 10n ** 18n })).rejects.toBeInstanceOf(
      TransactionRejectedError,
    )
  })
})

describe('connectChain: bad input', () => {
  it('names an unreachable URL and how to start a node', async () => {
    const act = connectChain({ rpcUrl: 'http://127.0.0.1:9', timeoutMs: 2_000 })

    await expect(act).rejects.toBeInstanceOf(NodeUnreachableError)
    await expect(act).rejects.toThrow(/cannot reach a JSON-RPC node at http:\/\/127\.0\.0\.1:9[\s\S]*anvil --port 8545/)
  })

  it('refuses an rpcUrl that is not an http(s) URL before sending anything, in one line', async () => {
    for (const [rpcUrl, shown] of [
      ['not-a-url', "the string 'not-a-url'"],
      ['ftp://example.com/rpc', "the string 'ftp://example.com/rpc'"],
      ['', "the string ''"],
    ] as const) {
      const act = connectChain({ rpcUrl })

      await expect(act).rejects.toBeInstanceOf(InvalidArgumentError)
      await expect(act).rejects.toThrow(
        `rpcUrl must be an http:// or https:// URL such as http://127.0.0.1:8545, got ${shown}`,
      )
    }
  })

  it('refuses a node on another chain id, naming both', async () => {
    const act = connectChain({ provider: await edrProvider(), chainId: 1n })

    await expect(act).rejects.toBeInstanceOf(ChainIdMismatchError)
    await expect(act).rejects.toThrow(/is on chain id 31337, not 1/)
  })

  it('names the dev method a node lacks', async () => {
    const act = connectChain({ provider: refusing(await edrProvider(), ['anvil_setBalance', 'hardhat_setBalance']) })

    await expect(act).rejects.toBeInstanceOf(UnsupportedDevMethodError)
    await expect(act).rejects.toThrow(/the node lacks anvil_setBalance and hardhat_setBalance, needed to fund 0x/)
  })

  it('surfaces a queued dev call the node refused as a typed error from the next awaited operation', async () => {
    const node = await connectChain({ provider: refusing(await edrProvider(), ['evm_snapshot']), accounts: 1 })

    node.snapshot()
    const next = node.getBalance(STRANGER)

    await expect(next).rejects.toBeInstanceOf(UnsupportedDevMethodError)
    await expect(next).rejects.toThrow(/lacks evm_snapshot, needed to take a snapshot/)
    expect(await node.getBalance(STRANGER)).toBe(0n)
  })

  it('refuses options without a node', async () => {
    await expect(connectChain({} as never)).rejects.toBeInstanceOf(InvalidArgumentError)
    await expect(connectChain({ provider: {} } as never)).rejects.toThrow(/EIP-1193 request\(\) method/)
  })
})

describe('connectChain over HTTP (anvil)', () => {
  let anvil: RunningAnvil

  beforeAll(async () => {
    anvil = await startAnvil({ hardfork: 'london' })
  }, 30_000)

  afterAll(async () => {
    await anvil?.stop()
  })

  it('runs a london node with anvil’s own accounts from its mnemonic', async () => {
    const node = await connectChain({
      rpcUrl: anvil.url,
      hardfork: 'london',
      mnemonic: 'test test test test test test test test test test test junk',
      accounts: 2,
    })
    const embedded = await createChain({
      hardfork: 'london',
      mnemonic: 'test test test test test test test test test test test junk',
      accounts: 2,
    })

    const theirs = await node.sendTransaction({ to: node.accounts[1]?.address, data: '0x00ff', value: 1n })
    const ours = await embedded.sendTransaction({ to: embedded.accounts[1]?.address, data: '0x00ff', value: 1n })

    expect(node.accounts[0]?.address).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266')
    expect(theirs.gasUsed).toBe(ours.gasUsed)
    expect(theirs.gasUsed).toBe(21_000n + 4n + 16n)
  })

  it('mines empty blocks with anvil_mine, keeping the clock', async () => {
    const node = await connectChain({ rpcUrl: anvil.url, hardfork: 'london', accounts: 1 })
    const block = node.blockNumber
    const time = node.timestamp

    node.mine(2)
    const receipt = await node.sendTransaction({ to: STRANGER, value: 1n })

    expect({ block: receipt.blockNumber, time: receipt.timestamp }).toEqual({ block: block + 2n, time })
  })
})
