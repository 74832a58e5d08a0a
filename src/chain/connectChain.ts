import { decodeFunctionResult, encodeDeployData, encodeFunctionData, getAddress } from 'viem'
import type { Abi, ContractFunctionName, ContractFunctionReturnType } from './abiTypes.js'
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts'
import { checkRpcUrl } from './checkRpcUrl.js'
import { createAbiRegistry } from './createAbiRegistry.js'
import {
  createNodeTransport,
  RpcRequestFailed,
  type Eip1193Provider,
  type RpcFailure,
} from './connectChainTransport.js'
import { DEFAULT_SEED } from './deriveAccount.js'
import { createAccountSource } from './deriveAccounts.js'
import {
  CallFailedError,
  ChainIdMismatchError,
  ExecutionHaltedError,
  InvalidArgumentError,
  InvalidTimeError,
  TransactionRejectedError,
  TransactionRevertedError,
  UnknownSnapshotError,
  describeRevert,
} from './errors.js'
import { DEFAULT_HARDFORK, checkHardfork, isAtLeast, maxTransactionGas } from './hardforks.js'
import type {
  AccountRef,
  AddressHex,
  CallParameters,
  Chain,
  ChainAccount,
  ChainHardfork,
  DeployParameters,
  Hex,
  ReadMutability,
  Receipt,
  SendParameters,
  SendReturnType,
  SnapshotId,
  TransactionRequest,
  WriteMutability,
} from './types.js'
import { increaseClockTime, setClockTime } from './moveClock.js'

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
type NodeReceipt = {
  transactionHash: Hex
  blockNumber: Hex
  from: AddressHex
  to: AddressHex | null
  contractAddress: AddressHex | null
  status: Hex
  gasUsed: Hex
  effectiveGasPrice?: Hex
  logs: { address: AddressHex; topics: Hex[]; data: Hex }[]
}

const DEFAULT_BALANCE_WEI = 10n ** 24n
const ONE_GWEI = 10n ** 9n
const RECEIPT_POLLS = 250

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
  const accountSource = createAccountSource({
    seed: options.seed ?? DEFAULT_SEED,
    privateKeys: options.privateKeys,
    mnemonic: options.mnemonic,
  })
  const balanceWei = options.balanceWei ?? DEFAULT_BALANCE_WEI
  const fund = options.fund ?? true
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
  const defaultGasLimit = maxTransactionGas(hardfork, BigInt(latest.gasLimit))
  const baseFeeWei = latest.baseFeePerGas ? BigInt(latest.baseFeePerGas) : 0n
  const maxFeePerGasWei = options.maxFeePerGasWei ?? 2n * baseFeeWei + ONE_GWEI
  const maxPriorityFeePerGasWei = options.maxPriorityFeePerGasWei ?? 0n
  const abis = createAbiRegistry()
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

  const accounts: ChainAccount[] = []
  const accountIndex = new Map<string, number>()
  const signers = new Map<string, PrivateKeyAccount>()
  const nonces = new Map<string, bigint>()
  const impersonated = new Set<string>()
  const clock = { blockNumber: BigInt(latest.number) + 1n, timestamp: options.startTime ?? latestTimestamp }
  const snapshots = new Map<
    SnapshotId,
    { nodeId: Promise<Hex>; blockNumber: bigint; timestamp: bigint; accounts: number }
  >()
  let nextSnapshotId = 1

  // Every operation, including the dev calls the synchronous methods queue, runs in call order.
  let queueTail: Promise<unknown> = Promise.resolve()
  let queuedFailure: unknown
  const exclusive = <T>(operation: () => Promise<T>): Promise<T> => {
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
  }
  /** Queues a dev call a synchronous method stands for; its failure waits for the next awaited operation. */
  const queued = <T>(operation: () => Promise<T>): Promise<T> => {
    const run = queueTail.then(operation)
    queueTail = run.catch((error: unknown) => {
      queuedFailure ??= error
    })
    run.catch(() => undefined)
    return run
  }

  const setBalanceNow = (address: AddressHex, wei: bigint) =>
    node.devRequest(['anvil_setBalance', 'hardhat_setBalance'], [address, quantity(wei)], `fund ${address}`)

  const addAccounts = (count: number): Promise<readonly ChainAccount[]> =>
    exclusive(async () => {
      if (!Number.isInteger(count) || count < 0)
        throw new InvalidArgumentError(`account count must be a non-negative integer, got ${count}`)
      const added: ChainAccount[] = []
      for (let i = 0; i < count; i++) {
        const account = accountSource.next()
        if (fund) await setBalanceNow(account.address, balanceWei)
        accountIndex.set(account.address.toLowerCase(), accounts.length)
        accounts.push(account)
        added.push(account)
      }
      return added
    })

  const impersonateNow = async (address: AddressHex): Promise<void> => {
    const key = address.toLowerCase()
    if (impersonated.has(key) || accountIndex.has(key)) return
    await node.devRequest(
      ['anvil_impersonateAccount', 'hardhat_impersonateAccount'],
      [address],
      `send from ${address} without its key`,
    )
    impersonated.add(key)
  }

  const resolveSender = (ref: AccountRef | undefined): { address: AddressHex; account: ChainAccount | undefined } => {
    const key = ref ?? 0
    if (typeof key === 'number') {
      const account = accounts[key]
      if (account === undefined)
        throw new InvalidArgumentError(`no account at index ${key}: the chain has ${accounts.length} accounts`)
      return { address: account.address, account }
    }
    checkAddress(key, 'account')
    const index = accountIndex.get(key.toLowerCase())
    return index === undefined
      ? { address: getAddress(key), account: undefined }
      : { address: accounts[index]!.address, account: accounts[index] }
  }

  const nonceOf = async (address: AddressHex): Promise<bigint> => {
    const key = address.toLowerCase()
    let nonce = nonces.get(key)
    if (nonce === undefined) {
      nonce = BigInt(await node.request<Hex>('eth_getTransactionCount', [address, 'latest']))
      nonces.set(key, nonce)
    }
    return nonce
  }

  const signerOf = (account: ChainAccount): PrivateKeyAccount => {
    let signer = signers.get(account.address)
    if (signer === undefined) signers.set(account.address, (signer = privateKeyToAccount(account.privateKey)))
    return signer
  }

  const blockOverrides = () => ({ number: quantity(clock.blockNumber), time: quantity(clock.timestamp) })
  const setNextTimestamp = () => node.request('evm_setNextBlockTimestamp', [quantity(clock.timestamp)])

  /**
   * `eth_call` against the block the next transaction lands in; a revert is returned, not thrown.
   * With block overrides where the node takes them (anvil, geth), else (EDR, Hardhat) on the
   * pending block after setting its timestamp.
   */
  const simulate = async (
    from: AddressHex,
    to: AddressHex | undefined,
    data: Hex,
    value: bigint,
    gas: bigint,
  ): Promise<{ ok: true; returnValue: Hex } | { ok: false; failure: RpcFailure }> => {
    const call = { from, ...(to === undefined ? {} : { to }), data, value: quantity(value), gas: quantity(gas) }
    try {
      if (takesBlockOverrides)
        return { ok: true, returnValue: await node.request<Hex>('eth_call', [call, 'latest', {}, blockOverrides()]) }
      await setNextTimestamp()
      return { ok: true, returnValue: await node.request<Hex>('eth_call', [call, 'pending']) }
    } catch (error) {
      if (error instanceof RpcRequestFailed) return { ok: false, failure: error.failure }
      throw error
    }
  }

  const runTransaction = async (
    request: TransactionRequest,
    context: string,
  ): Promise<{ receipt: Receipt; returnValue: Hex }> => {
    const { address: from, account } = resolveSender(request.from)
    if (request.to !== undefined) checkAddress(request.to, 'to')
    const value = checkAmount(request.value ?? 0n, 'value')
    const gas = checkAmount(request.gasLimit ?? defaultGasLimit, 'gasLimit')
    const data = request.data ?? '0x'
    if (account === undefined) await impersonateNow(from)
    const [simulation] = await Promise.all([
      simulate(from, request.to, data, value, gas),
      takesBlockOverrides ? setNextTimestamp() : undefined,
    ])
    let hash: Hex
    try {
      hash =
        account === undefined
          ? await sendUnsigned(from, request.to, data, value, gas)
          : await sendSigned(account, request.to, data, value, gas)
    } catch (error) {
      nonces.delete(from.toLowerCase())
      if (error instanceof RpcRequestFailed)
        throw new TransactionRejectedError(`${context} rejected: ${error.failure.message}`, { cause: error })
      throw error
    }
    const raw = await waitForReceipt(hash)
    const key = from.toLowerCase()
    if (nonces.has(key)) nonces.set(key, (nonces.get(key) as bigint) + 1n)
    const gasUsed = BigInt(raw.gasUsed)
    const effectiveGasPriceWei = raw.effectiveGasPrice === undefined ? 0n : BigInt(raw.effectiveGasPrice)
    const receipt: Receipt = {
      transactionHash: raw.transactionHash,
      blockNumber: BigInt(raw.blockNumber),
      timestamp: clock.timestamp,
      from,
      to: request.to === undefined ? undefined : getAddress(request.to),
      contractAddress: raw.status === '0x1' && raw.contractAddress ? getAddress(raw.contractAddress) : undefined,
      status: raw.status === '0x1' ? 'success' : 'reverted',
      gasUsed,
      effectiveGasPriceWei,
      feeWei: gasUsed * effectiveGasPriceWei,
      logs: raw.logs.map((log) => abis.decodeLog(getAddress(log.address), log.topics, log.data)),
    }
    clock.blockNumber = receipt.blockNumber + 1n
    if (receipt.status === 'reverted') {
      const failure = simulation.ok ? undefined : simulation.failure
      if (failure?.data !== undefined)
        throw new TransactionRevertedError({ ...abis.decodeRevert(failure.data), receipt, context })
      throw new ExecutionHaltedError(failure?.message ?? 'execution failed (out of gas?)', context, receipt)
    }
    return { receipt, returnValue: simulation.ok ? simulation.returnValue : '0x' }
  }

  const fees = () =>
    isAtLeast(hardfork, 'london')
      ? { type: 'eip1559' as const, maxFeePerGas: maxFeePerGasWei, maxPriorityFeePerGas: maxPriorityFeePerGasWei }
      : { type: 'legacy' as const, gasPrice: maxFeePerGasWei }

  const sendSigned = async (
    account: ChainAccount,
    to: AddressHex | undefined,
    data: Hex,
    value: bigint,
    gas: bigint,
  ): Promise<Hex> => {
    const nonce = await nonceOf(account.address)
    const signed = await signerOf(account).signTransaction({
      chainId: Number(chainId),
      nonce: Number(nonce),
      to: to ?? null,
      data,
      value,
      gas,
      ...fees(),
    })
    return node.request<Hex>('eth_sendRawTransaction', [signed])
  }

  const sendUnsigned = (
    from: AddressHex,
    to: AddressHex | undefined,
    data: Hex,
    value: bigint,
    gas: bigint,
  ): Promise<Hex> => {
    const fee = fees()
    const priced =
      fee.type === 'legacy'
        ? { gasPrice: quantity(fee.gasPrice) }
        : { maxFeePerGas: quantity(fee.maxFeePerGas), maxPriorityFeePerGas: quantity(fee.maxPriorityFeePerGas) }
    return node.request<Hex>('eth_sendTransaction', [
      { from, ...(to === undefined ? {} : { to }), data, value: quantity(value), gas: quantity(gas), ...priced },
    ])
  }

  const waitForReceipt = async (hash: Hex): Promise<NodeReceipt> => {
    for (let poll = 0; poll < RECEIPT_POLLS; poll++) {
      const receipt = await node.request<NodeReceipt | null>('eth_getTransactionReceipt', [hash])
      if (receipt !== null) return receipt
      // An automining node has the receipt within a millisecond or two; back off only if it has not.
      await new Promise((resolve) => setTimeout(resolve, Math.min(250, 2 ** poll)))
    }
    throw new TransactionRejectedError(`no receipt for ${hash} from ${node.label}: is the node mining (automine)?`)
  }

  const sendTransaction = (request: TransactionRequest, context = 'transaction') =>
    exclusive(() => runTransaction(request, context))

  const encode = <T>(what: string, fn: () => T): T => {
    try {
      return fn()
    } catch (error) {
      throw new InvalidArgumentError(
        `${what}: ${error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error)}`,
        { cause: error },
      )
    }
  }

  const chain: NodeChain = {
    hardfork,
    chainId,
    get accounts(): readonly ChainAccount[] {
      return accounts
    },
    addAccounts,
    impersonate(address: AddressHex): Promise<void> {
      checkAddress(address, 'address')
      return exclusive(() => impersonateNow(getAddress(address)))
    },

    get blockNumber(): bigint {
      return clock.blockNumber
    },
    get timestamp(): bigint {
      return clock.timestamp
    },
    mine(blocks = 1): void {
      if (!Number.isInteger(blocks) || blocks < 0)
        throw new InvalidArgumentError(`blocks must be a non-negative integer, got ${blocks}`)
      if (blocks === 0) return
      clock.blockNumber += BigInt(blocks)
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
    setTime(timestamp: bigint): void {
      setClockTime(clock, timestamp)
    },
    increaseTime(seconds: bigint): void {
      increaseClockTime(clock, seconds)
    },

    getBalance(address: AddressHex): Promise<bigint> {
      checkAddress(address, 'address')
      return exclusive(async () => BigInt(await node.request<Hex>('eth_getBalance', [address, 'latest'])))
    },
    setBalance(address: AddressHex, wei: bigint): Promise<void> {
      checkAddress(address, 'address')
      checkAmount(wei, 'balanceWei')
      return exclusive(async () => {
        await setBalanceNow(address, wei)
      })
    },
    getNonce(address: AddressHex): Promise<bigint> {
      checkAddress(address, 'address')
      return exclusive(async () => BigInt(await node.request<Hex>('eth_getTransactionCount', [address, 'latest'])))
    },
    getCode(address: AddressHex): Promise<Hex> {
      checkAddress(address, 'address')
      return exclusive(() => node.request<Hex>('eth_getCode', [address, 'latest']))
    },

    async sendTransaction(request: TransactionRequest): Promise<Receipt> {
      return (await sendTransaction(request)).receipt
    },
    async deploy<const abi extends Abi>(
      parameters: DeployParameters<abi>,
    ): Promise<{ address: AddressHex; receipt: Receipt }> {
      const { artifact } = parameters
      const data = encode(`cannot deploy ${artifact.contractName ?? 'contract'}`, () =>
        encodeDeployData({
          abi: artifact.abi as Abi,
          bytecode: artifact.bytecode,
          args: (parameters.args ?? []) as readonly unknown[],
        }),
      )
      const { receipt } = await sendTransaction(
        { from: parameters.from, data, value: parameters.value, gasLimit: parameters.gasLimit },
        `deploying ${artifact.contractName ?? 'contract'}`,
      )
      const address = receipt.contractAddress as AddressHex
      abis.register(address, artifact.abi)
      return { address, receipt }
    },
    async send<const abi extends Abi, functionName extends ContractFunctionName<abi, WriteMutability>>(
      parameters: SendParameters<abi, functionName>,
    ): Promise<SendReturnType<abi, functionName>> {
      const { abi, functionName } = parameters
      const data = encode(`cannot call ${String(functionName)}`, () =>
        encodeFunctionData({
          abi: abi as Abi,
          functionName: functionName as string,
          args: (parameters.args ?? []) as readonly unknown[],
        }),
      )
      checkAddress(parameters.address, 'address')
      abis.registerIfUnknown(parameters.address, abi)
      const { receipt, returnValue } = await sendTransaction(
        { from: parameters.from, to: parameters.address, data, value: parameters.value, gasLimit: parameters.gasLimit },
        String(functionName),
      )
      const result = decodeFunctionResult({ abi: abi as Abi, functionName: functionName as string, data: returnValue })
      return { receipt, result: result as ContractFunctionReturnType<abi, WriteMutability, functionName> }
    },
    async call<const abi extends Abi, functionName extends ContractFunctionName<abi, ReadMutability>>(
      parameters: CallParameters<abi, functionName>,
    ): Promise<ContractFunctionReturnType<abi, ReadMutability, functionName>> {
      const { abi, functionName } = parameters
      checkAddress(parameters.address, 'address')
      const { address: from } = resolveSender(parameters.from)
      const data = encode(`cannot call ${String(functionName)}`, () =>
        encodeFunctionData({
          abi: abi as Abi,
          functionName: functionName as string,
          args: (parameters.args ?? []) as readonly unknown[],
        }),
      )
      const returnValue = await exclusive(async () => {
        const simulation = await simulate(from, parameters.address, data, 0n, defaultGasLimit)
        if (!simulation.ok) {
          const { failure } = simulation
          if (failure.data !== undefined && failure.data !== '0x') {
            const revert = abis.decodeRevert(failure.data)
            throw new CallFailedError(`${String(functionName)} reverted: ${describeRevert(revert)}`, revert)
          }
          throw new CallFailedError(`${String(functionName)} failed: ${failure.message}`)
        }
        if (
          simulation.returnValue === '0x' &&
          (await node.request<Hex>('eth_getCode', [parameters.address, 'latest'])) === '0x'
        ) {
          throw new CallFailedError(`${String(functionName)} failed: no contract at ${parameters.address}`)
        }
        return simulation.returnValue
      })
      return decodeFunctionResult({
        abi: abi as Abi,
        functionName: functionName as string,
        data: returnValue,
      }) as ContractFunctionReturnType<abi, ReadMutability, functionName>
    },
    registerAbi(address: AddressHex, abi: Abi): void {
      checkAddress(address, 'address')
      abis.register(getAddress(address), abi)
    },

    snapshot(): SnapshotId {
      const id = nextSnapshotId++
      const taken = queued(() => node.devRequest<Hex>(['evm_snapshot'], [], 'take a snapshot'))
      snapshots.set(id, {
        nodeId: taken,
        blockNumber: clock.blockNumber,
        timestamp: clock.timestamp,
        accounts: accounts.length,
      })
      return id
    },
    revert(id: SnapshotId): void {
      const snap = snapshots.get(id)
      if (snap === undefined)
        throw new UnknownSnapshotError(
          `unknown snapshot ${String(id)}: it was never taken or was discarded by an earlier revert`,
        )
      for (const later of [...snapshots.keys()].filter((other) => other > id)) snapshots.delete(later)
      clock.blockNumber = snap.blockNumber
      clock.timestamp = snap.timestamp
      for (const account of accounts.splice(snap.accounts)) accountIndex.delete(account.address.toLowerCase())
      const previous = snap.nodeId
      // evm_revert consumes the node's snapshot: take a fresh one there, so ours stays usable.
      snap.nodeId = queued(async () => {
        nonces.clear()
        const reverted = await node.devRequest<boolean>(['evm_revert'], [await previous], 'revert to a snapshot')
        if (reverted !== true)
          throw new UnknownSnapshotError(
            `the node no longer has snapshot ${String(id)} (evm_revert answered ${String(reverted)})`,
          )
        return node.devRequest<Hex>(['evm_snapshot'], [], 'take a snapshot')
      })
    },
    release(id: SnapshotId): void {
      snapshots.delete(id)
    },

    request<T = unknown>(method: string, params: readonly unknown[] = []): Promise<T> {
      return exclusive(() => node.request<T>(method, params))
    },
  }

  await addAccounts(Math.max(options.accounts ?? 10, options.privateKeys?.length ?? 0))
  return chain
}

function checkAddress(value: unknown, what: string): asserts value is AddressHex {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(value)) {
    throw new InvalidArgumentError(`${what} must be a 0x-prefixed 20-byte address, got ${String(value)}`)
  }
}

function checkAmount(value: unknown, what: string): bigint {
  if (typeof value !== 'bigint' || value < 0n)
    throw new InvalidArgumentError(`${what} must be a non-negative bigint, got ${String(value)}`)
  return value
}

function quantity(value: bigint): Hex {
  return `0x${value.toString(16)}`
}
