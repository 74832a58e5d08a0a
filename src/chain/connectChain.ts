import type { PrivateKeyAccount } from 'viem/accounts'
import type { ChainBackend } from './ChainBackend.js'
import { checkRpcUrl } from './checkRpcUrl.js'
import { createAbiRegistry } from './createAbiRegistry.js'
import { createAccountBook } from './createAccountBook.js'
import { createChainActions } from './createChainActions.js'
import { createNodeTransport, type Eip1193Provider } from './connectChainTransport.js'
import { DEFAULT_SEED } from './deriveAccount.js'
import { createAccountSource } from './deriveAccounts.js'
import { ChainIdMismatchError, InvalidArgumentError, InvalidTimeError, UnknownSnapshotError } from './errors.js'
import { DEFAULT_HARDFORK, checkHardfork, isAtLeast, maxTransactionGas } from './hardforks.js'
import { type NodeSession, quantity, runNodeCall, runNodeTransaction } from './runNodeTransaction.js'
import type { AddressHex, Chain, ChainHardfork, Hex } from './types.js'

export type { Eip1193Provider } from './connectChainTransport.js'

export type ConnectChainOptions = (
  | { rpcUrl: string; provider?: undefined }
  | { provider: Eip1193Provider; rpcUrl?: undefined }
) & {
  /** Refuse a node on another chain. Default: whatever the node is on. */
  chainId?: bigint
  /** The hardfork the node runs (it cannot be asked): sets the default gas limit and the transaction type. Default `'osaka'`. */
  hardfork?: ChainHardfork
  /** How many accounts to set up (more with `addAccounts`). Default 10, or as many `privateKeys` if more. */
  accounts?: number
  /** Accounts derive from it as on the embedded chain, so both give the same addresses. Default `'dem-sim'`. */
  seed?: string
  /** Your own keys, used first. */
  privateKeys?: readonly Hex[]
  /** A BIP-39 mnemonic instead of the seed, e.g. anvil's `test … junk`. */
  mnemonic?: string
  /** Give each account `balanceWei` with `anvil_setBalance` / `hardhat_setBalance`. Default true; false on a node without dev methods. */
  fund?: boolean
  /** Balance to fund each account with. Default 1,000,000 ether, as on the embedded chain. */
  balanceWei?: bigint
  /** Timestamp (seconds) of the next block; not before the node's latest block. Default the latest block's. */
  startTime?: bigint
  /** EIP-1559 fee cap. Default twice the base fee at connection plus 1 gwei. */
  maxFeePerGasWei?: bigint
  /** EIP-1559 tip (the legacy gas price on berlin is the fee cap). Default 0, as on the embedded chain. */
  maxPriorityFeePerGasWei?: bigint
  /** Per-request timeout over HTTP. Default 30 s. */
  timeoutMs?: number
}

/** A chain on a JSON-RPC node: the {@link Chain} interface, plus raw access to the node. */
export type NodeChain = Chain & {
  /** Sends any JSON-RPC request in order with the chain's other operations. */
  request<T = unknown>(method: string, params?: readonly unknown[]): Promise<T>
}

type NodeBlock = { number: Hex; timestamp: Hex; gasLimit: Hex; baseFeePerGas?: Hex | null }

const DEFAULT_BALANCE_WEI = 10n ** 24n
const ONE_GWEI = 10n ** 9n

/**
 * Connects to a JSON-RPC node (anvil, Hardhat, EDR, a testnet) and drives it through the same
 * {@link Chain} interface as the embedded chain: deploy / send / call, receipts with decoded logs
 * and typed revert errors, balances, the clock and snapshots.
 *
 * The clock is mirrored locally: `increaseTime`, `setTime` and `mine` are synchronous and the
 * node is told before the next transaction (`evm_setNextBlockTimestamp` for every block, so block
 * times are exactly the chain's). `snapshot` / `revert` queue `evm_snapshot` / `evm_revert` in
 * order; a queued call the node refuses surfaces as a typed error from the next awaited operation.
 * Accounts derive from the seed (or your keys / mnemonic) and are funded with `*_setBalance`;
 * transactions are signed locally, so a node without unlocked accounts works too. A `send`'s
 * return value comes from an `eth_call` of the same call against the same block just before it.
 *
 * @param options the node (`rpcUrl` or an EIP-1193 `provider`) and the accounts, clock and fees
 * @returns the chain
 * @throws {InvalidArgumentError} when `rpcUrl` is not an http:// or https:// URL
 * @throws {NodeUnreachableError} when nothing answers at the URL
 * @throws {ChainIdMismatchError} when the node is on another chain than `chainId`
 * @throws {UnsupportedDevMethodError} when funding needs a dev method the node lacks
 * @example
 * import { DemSimulator, connectChain } from 'dem-sim'
 * const chain = await connectChain({ rpcUrl: 'http://127.0.0.1:8545' })
 * const sim = await DemSimulator.create({ chain })
 */
export async function connectChain(options: ConnectChainOptions): Promise<NodeChain> {
  const target =
    options.rpcUrl !== undefined
      ? { rpcUrl: options.rpcUrl }
      : options.provider !== undefined
        ? { provider: options.provider }
        : undefined
  if (target === undefined || ('provider' in target && typeof target.provider?.request !== 'function')) {
    throw new InvalidArgumentError(
      'connectChain needs { rpcUrl: "http://127.0.0.1:8545" } or { provider } with an EIP-1193 request() method',
    )
  }
  if ('rpcUrl' in target) checkRpcUrl(target.rpcUrl)
  const hardfork = checkHardfork(options.hardfork ?? DEFAULT_HARDFORK)
  const book = createAccountBook(
    createAccountSource({
      seed: options.seed ?? DEFAULT_SEED,
      privateKeys: options.privateKeys,
      mnemonic: options.mnemonic,
    }),
  )
  const node = createNodeTransport(target, options.timeoutMs ?? 30_000)
  const chainId = BigInt(await node.request<Hex>('eth_chainId'))
  if (options.chainId !== undefined && options.chainId !== chainId)
    throw new ChainIdMismatchError(options.chainId, chainId, node.label)
  const latest = await node.request<NodeBlock>('eth_getBlockByNumber', ['latest', false])
  const latestTimestamp = BigInt(latest.timestamp)
  if (options.startTime !== undefined && options.startTime < latestTimestamp) {
    throw new InvalidTimeError(
      `startTime ${options.startTime} is before the node's latest block (${latestTimestamp}): use a later startTime or a fresh node`,
    )
  }
  const baseFeeWei = latest.baseFeePerGas ? BigInt(latest.baseFeePerGas) : 0n
  const maxFeePerGasWei = options.maxFeePerGasWei ?? 2n * baseFeeWei + ONE_GWEI
  const takesBlockOverrides = await node
    .request('eth_call', [
      { to: '0x0000000000000000000000000000000000000000', data: '0x' },
      'latest',
      {},
      { time: latest.timestamp },
    ])
    .then(
      () => true,
      () => false,
    )
  const impersonated = new Set<string>()
  const session: NodeSession = {
    node,
    clock: { blockNumber: BigInt(latest.number) + 1n, timestamp: options.startTime ?? latestTimestamp },
    abis: createAbiRegistry(),
    chainId,
    takesBlockOverrides,
    fees: isAtLeast(hardfork, 'london')
      ? {
          type: 'eip1559',
          maxFeePerGas: maxFeePerGasWei,
          maxPriorityFeePerGas: options.maxPriorityFeePerGasWei ?? 0n,
        }
      : { type: 'legacy', gasPrice: maxFeePerGasWei },
    nonces: new Map(),
    signers: new Map<string, PrivateKeyAccount>(),
    async impersonate(address) {
      const key = address.toLowerCase()
      if (impersonated.has(key) || book.resolve(address).account !== undefined) return
      await node.devRequest(
        ['anvil_impersonateAccount', 'hardhat_impersonateAccount'],
        [address],
        `send from ${address} without its key`,
      )
      impersonated.add(key)
    },
  }
  const backend = createNodeBackend(session, {
    hardfork,
    book,
    defaultGasLimit: maxTransactionGas(hardfork, BigInt(latest.gasLimit)),
    balanceWei: options.fund === false ? undefined : (options.balanceWei ?? DEFAULT_BALANCE_WEI),
  })
  const chain: NodeChain = Object.assign(createChainActions(backend), {
    request<T = unknown>(method: string, params: readonly unknown[] = []): Promise<T> {
      return backend.exclusive(() => node.request<T>(method, params))
    },
  })
  await chain.addAccounts(Math.max(options.accounts ?? 10, options.privateKeys?.length ?? 0))
  return chain
}

/** A node's snapshot id, taken when the queue reaches it. */
type NodeMark = Promise<Hex>

function createNodeBackend(
  session: NodeSession,
  parameters: {
    hardfork: ChainHardfork
    book: ChainBackend<NodeMark>['book']
    defaultGasLimit: bigint
    /** Undefined when accounts are not funded. */
    balanceWei: bigint | undefined
  },
): ChainBackend<NodeMark> {
  const { node, clock } = session
  // Every operation, including the dev calls the synchronous methods queue, runs in call order.
  let queueTail: Promise<unknown> = Promise.resolve()
  let queuedFailure: unknown
  /** Queues a dev call a synchronous method stands for; its failure waits for the next awaited operation. */
  const queued = <T>(operation: () => Promise<T>): Promise<T> => {
    const run = queueTail.then(operation)
    queueTail = run.catch((error: unknown) => {
      queuedFailure ??= error
    })
    run.catch(() => undefined)
    return run
  }
  const setBalance = (address: AddressHex, wei: bigint) =>
    node.devRequest(['anvil_setBalance', 'hardhat_setBalance'], [address, quantity(wei)], `fund ${address}`)
  return {
    hardfork: parameters.hardfork,
    chainId: session.chainId,
    clock,
    abis: session.abis,
    book: parameters.book,
    defaultGasLimit: parameters.defaultGasLimit,
    exclusive(operation) {
      const run = queueTail.then(() => {
        if (queuedFailure !== undefined) {
          const failure = queuedFailure
          queuedFailure = undefined
          throw failure
        }
        return operation()
      })
      queueTail = run.catch(() => undefined)
      return run
    },
    runTransaction: (transaction, context) => runNodeTransaction(session, transaction, context),
    runCall: (call, functionName) => runNodeCall(session, call, parameters.defaultGasLimit, functionName),
    async fund(address) {
      if (parameters.balanceWei !== undefined) await setBalance(address, parameters.balanceWei)
    },
    impersonate: (address) => session.impersonate(address),
    getBalance: async (address) => BigInt(await node.request<Hex>('eth_getBalance', [address, 'latest'])),
    async setBalance(address, wei) {
      await setBalance(address, wei)
    },
    getNonce: async (address) => BigInt(await node.request<Hex>('eth_getTransactionCount', [address, 'latest'])),
    getCode: (address) => node.request<Hex>('eth_getCode', [address, 'latest']),
    getStorageAt: async (address, slot) =>
      BigInt(
        await node.request<Hex>('eth_getStorageAt', [address, `0x${slot.toString(16).padStart(64, '0')}`, 'latest']),
      ),
    mined(blocks) {
      const timestamp = clock.timestamp
      void queued(async () => {
        await node.request('evm_setNextBlockTimestamp', [quantity(timestamp)])
        await node.devRequest(
          ['anvil_mine', 'hardhat_mine'],
          [quantity(BigInt(blocks)), '0x0'],
          `mine ${blocks} blocks`,
        )
      })
    },
    snapshot: () => queued(() => node.devRequest<Hex>(['evm_snapshot'], [], 'take a snapshot')),
    revert(mark, _later, id) {
      // evm_revert consumes the node's snapshot: take a fresh one there, so ours stays usable.
      return queued(async () => {
        session.nonces.clear()
        const reverted = await node.devRequest<boolean>(['evm_revert'], [await mark], 'revert to a snapshot')
        if (reverted !== true)
          throw new UnknownSnapshotError(
            `the node no longer has snapshot ${String(id)} (evm_revert answered ${String(reverted)})`,
          )
        return node.devRequest<Hex>(['evm_snapshot'], [], 'take a snapshot')
      })
    },
    release() {},
  }
}
