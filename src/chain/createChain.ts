import { createBlock, paramsBlock, type Block } from '@ethereumjs/block'
import { Common, Mainnet } from '@ethereumjs/common'
import { createLegacyTx, paramsTx, type LegacyTx } from '@ethereumjs/tx'
import {
  Account,
  type Address,
  EthereumJSError,
  bigIntToBytes,
  bytesToHex,
  concatBytes,
  createAddressFromString,
  hexToBytes,
} from '@ethereumjs/util'
import { createVM, runTx, type VM } from '@ethereumjs/vm'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { decodeFunctionResult, encodeDeployData, encodeFunctionData, getAddress } from 'viem'
import type { Abi, ContractFunctionName, ContractFunctionReturnType } from './abiTypes.js'
import { describeValue } from '../errors/describeValue.js'
import { ChainInternalError } from './ChainInternalError.js'
import { createAbiRegistry } from './createAbiRegistry.js'
import { createJournaledStateManager } from './createJournaledStateManager.js'
import { createMemoizedKeccak } from './createMemoizedKeccak.js'
import { createSharedCommon, freezeCommon } from './createSharedCommon.js'
import { DEFAULT_SEED } from './deriveAccount.js'
import { createAccountSource } from './deriveAccounts.js'
import {
  CallFailedError,
  ChainBusyError,
  ExecutionHaltedError,
  InvalidArgumentError,
  TransactionRejectedError,
  TransactionRevertedError,
  UnknownAccountError,
  UnknownSnapshotError,
  describeRevert,
} from './errors.js'
import {
  DEFAULT_HARDFORK,
  checkHardfork,
  isAtLeast,
  maxTransactionGas,
  newerForkHint,
  toEthereumjsHardfork,
} from './hardforks.js'
import type { ChainState } from './ChainState.js'
import { checkChainState } from './checkChainState.js'
import type {
  AccountRef,
  AddressHex,
  CallParameters,
  Chain,
  ChainAccount,
  ChainHardfork,
  DecodedLog,
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

export type { CallParameters, Chain, DeployParameters, SendParameters, SendReturnType, SnapshotId } from './types.js'

export type CreateChainOptions = {
  /** EVM rules to run, berlin … osaka; contracts need an `evmVersion` no newer than it. Default `'osaka'`. */
  hardfork?: ChainHardfork
  /** How many funded accounts to create up front (more with `addAccounts`). Default 10, or as many `privateKeys` if more. */
  accounts?: number
  /** Balance of each created account. Default 1,000,000 ether. */
  balanceWei?: bigint
  /** Accounts' private keys derive from it, so the same seed gives the same addresses. Default `'dem-sim'`. */
  seed?: string
  /** Your own accounts' keys, used first (then the mnemonic's or the seed's). */
  privateKeys?: readonly Hex[]
  /** A BIP-39 mnemonic to derive accounts from instead of the seed (`m/44'/60'/0'/0/i`, as anvil and Hardhat). */
  mnemonic?: string
  /**
   * Sign transactions with the accounts' keys. Off by default: signing costs ~1 ms per transaction
   * in JavaScript and changes nothing but the transaction hash — gas and state are identical.
   */
  sign?: boolean
  /** Base fee per gas, which is also the price every transaction pays. Default 0. */
  baseFeePerGasWei?: bigint
  /** Gas limit of each block. Default 30,000,000. */
  blockGasLimit?: bigint
  /** Timestamp (seconds) of the first block. Default 1,700,000,000. */
  startTime?: bigint
  /** Chain id (used when signing and by the CHAINID opcode). Default 31337. */
  chainId?: bigint
  /**
   * Keep each code's jump-destination analysis across call frames and transactions, by content (our
   * patch of `@ethereumjs/evm`). Default true; false only to measure what it saves.
   */
  codeAnalysisCache?: boolean
  /**
   * Start from this state (from `chain.dumpState()`) instead of an empty one: its accounts are
   * written over the funded ones and its block clock replaces `startTime`.
   */
  state?: ChainState
}

/** The embedded chain: the {@link Chain} interface, plus its ethereumjs VM. */
export type EmbeddedChain = Chain & {
  /**
   * The underlying ethereumjs VM, for advanced use (its state manager has no state roots). Typed
   * `unknown` so that dem-sim's public types need no ethereumjs; cast it to `VM` from `@ethereumjs/vm`.
   */
  readonly vm: unknown
  /** Every account's code, storage, nonce and balance, and the block clock, as JSON-safe data for `createChain({ state })`. */
  dumpState(): ChainState
}

const DEFAULT_BALANCE_WEI = 10n ** 24n

/** Who sends a transaction: one of the accounts, or an impersonated address without a key. */
type Sender = { readonly address: AddressHex; readonly privateKey: Hex | undefined }

/**
 * Creates an in-memory Ethereum chain on a pinned hardfork, with funded deterministic accounts.
 *
 * Every transaction is mined in its own block (block number + 1); the timestamp moves only
 * when you move it (`increaseTime`, `setTime`), so consecutive blocks may share a timestamp,
 * as with Hardhat's `allowBlocksWithSameTimestamp`.
 *
 * @param options hardfork, accounts, seed, signing, fees and the block clock's start
 * @returns the chain
 * @example
 * import { createChain } from 'dem-sim'
 * const chain = await createChain()
 * const { address } = await chain.deploy({ artifact: MyToken, args: [] })
 * const { receipt } = await chain.send({ address, abi: MyToken.abi, functionName: 'mint', args: [1n], from: 0 })
 * console.log(receipt.gasUsed)
 */
export async function createChain(options: CreateChainOptions = {}): Promise<EmbeddedChain> {
  const hardfork = checkHardfork(options.hardfork ?? DEFAULT_HARDFORK)
  const accountSource = createAccountSource({
    seed: options.seed ?? DEFAULT_SEED,
    privateKeys: options.privateKeys,
    mnemonic: options.mnemonic,
  })
  const seed = options.seed ?? DEFAULT_SEED
  const balanceWei = options.balanceWei ?? DEFAULT_BALANCE_WEI
  const signing = options.sign ?? false
  const baseFeePerGasWei = options.baseFeePerGasWei ?? 0n
  const blockGasLimit = options.blockGasLimit ?? 30_000_000n
  const chainId = options.chainId ?? 31337n
  if (options.state !== undefined) checkChainState(options.state)

  const common = new Common({
    chain: { ...Mainnet, chainId: Number(chainId) },
    hardfork: toEthereumjsHardfork(hardfork),
    customCrypto: { keccak256: createMemoizedKeccak() },
  })
  const state = createJournaledStateManager(common)
  // Copies for transactions and blocks, taken before `common` itself is frozen below.
  const txCommon = createSharedCommon(common, paramsTx)
  const blockCommon = createSharedCommon(common, paramsBlock)
  const vm: VM = await createVM({
    common,
    stateManager: state,
    evmOpts: options.codeAnalysisCache === false ? { codeAnalysisCacheSize: 0 } : {},
  })
  // The VM and EVM have merged their parameters into `common` by now.
  freezeCommon(common)
  const abis = createAbiRegistry()
  const defaultGasLimit = maxTransactionGas(hardfork, blockGasLimit)

  const accounts: ChainAccount[] = []
  const accountIndex = new Map<string, number>()
  const clock = { blockNumber: 1n, timestamp: options.startTime ?? 1_700_000_000n }
  const snapshots = new Map<SnapshotId, { mark: number; blockNumber: bigint; timestamp: bigint; accounts: number }>()
  let nextSnapshotId = 1

  // The VM runs one transaction at a time; callers may still fire several at once (Promise.all),
  // so every operation on the state queues behind the previous one.
  let queueTail: Promise<unknown> = Promise.resolve()
  let running = 0
  const exclusive = <T>(operation: () => Promise<T>): Promise<T> => {
    running++
    const run = queueTail.then(operation).finally(() => {
      running--
    })
    queueTail = run.catch(() => undefined)
    return run
  }
  const checkIdle = (what: string) => {
    if (running > 0) {
      throw new ChainBusyError(`cannot ${what} while ${running} operation(s) are still running: await them first`)
    }
  }
  let cachedBlock: Block | undefined
  // PREVRANDAO must be deterministic for reproducible runs; one value per chain is enough.
  const prevRandao = keccak_256(new TextEncoder().encode(`${seed}/prevrandao`))

  const currentBlock = (): Block => {
    if (cachedBlock?.header.number === clock.blockNumber && cachedBlock.header.timestamp === clock.timestamp) {
      return cachedBlock
    }
    cachedBlock = createBlock(
      {
        header: {
          number: clock.blockNumber,
          timestamp: clock.timestamp,
          gasLimit: blockGasLimit,
          // Before london a header has no base fee.
          ...(isAtLeast(hardfork, 'london') ? { baseFeePerGas: baseFeePerGasWei } : {}),
          mixHash: prevRandao,
        },
      },
      { common: blockCommon, skipConsensusFormatValidation: true },
    )
    return cachedBlock
  }

  const addAccounts = (count: number): Promise<readonly ChainAccount[]> =>
    exclusive(async () => {
      if (!Number.isInteger(count) || count < 0) {
        throw new InvalidArgumentError(`account count must be a non-negative integer, got ${count}`)
      }
      const added: ChainAccount[] = []
      for (let i = 0; i < count; i++) {
        const account = accountSource.next()
        accountIndex.set(account.address.toLowerCase(), accounts.length)
        accounts.push(account)
        added.push(account)
        await state.putAccount(createAddressFromString(account.address), new Account(0n, balanceWei))
      }
      return added
    })

  const resolveAccount = (ref: AccountRef | undefined): Sender => {
    const key = ref ?? 0
    if (typeof key === 'number') {
      const account = accounts[key]
      if (account === undefined) {
        throw new InvalidArgumentError(`no account at index ${key}: the chain has ${accounts.length} accounts`)
      }
      return account
    }
    if (typeof key !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(key)) {
      throw new InvalidArgumentError(`account must be an index or a 0x-prefixed 20-byte address, got ${String(key)}`)
    }
    const index = accountIndex.get(key.toLowerCase())
    if (index === undefined) return { address: getAddress(key), privateKey: undefined }
    return accounts[index] as Sender
  }

  /** An address without a key may send once it holds funds, as on a dev node that impersonates it. */
  const checkCanSend = async (sender: Sender): Promise<void> => {
    if (sender.privateKey !== undefined) return
    if (signing)
      throw new UnknownAccountError(sender.address, 'the chain signs transactions (sign: true) and has no key for it')
    const account = await state.getAccount(createAddressFromString(sender.address))
    if (account === undefined || (account.balance === 0n && account.nonce === 0n)) {
      throw new UnknownAccountError(
        sender.address,
        'it has no key here and no funds: fund it with setBalance to send from it',
      )
    }
  }

  const toAddress = (value: unknown, what: string): Address => {
    if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(value)) {
      throw new InvalidArgumentError(`${what} must be a 0x-prefixed 20-byte address, got ${describeValue(value)}`)
    }
    return createAddressFromString(value)
  }

  const checkAmount = (value: unknown, what: string): bigint => {
    if (typeof value !== 'bigint' || value < 0n) {
      throw new InvalidArgumentError(`${what} must be a non-negative bigint, got ${describeValue(value)}`)
    }
    return value
  }

  const buildTransaction = async (sender: Sender, request: TransactionRequest): Promise<LegacyTx> => {
    const senderAddress = createAddressFromString(sender.address)
    const nonce = (await state.getAccount(senderAddress))?.nonce ?? 0n
    const tx = createLegacyTx(
      {
        nonce,
        gasPrice: baseFeePerGasWei,
        gasLimit: request.gasLimit ?? defaultGasLimit,
        to: request.to,
        value: request.value ?? 0n,
        data: request.data ?? '0x',
      },
      { common: txCommon, freeze: false },
    )
    const ready = signing && sender.privateKey !== undefined ? tx.sign(hexToBytes(sender.privateKey)) : tx
    // We know who sent it; recovering the sender from a signature would only cost ~1.5 ms.
    Object.defineProperty(ready, 'getSenderAddress', { value: () => senderAddress })
    // Frozen, as ethereumjs freezes transactions by default: only then does it cache their data gas.
    Object.freeze(ready)
    return ready
  }

  // Unsigned transactions have no hash of their own; (sender, nonce) identifies one uniquely.
  const transactionHash = (tx: LegacyTx, sender: Sender): Hex =>
    signing
      ? bytesToHex(tx.hash())
      : bytesToHex(keccak_256(concatBytes(hexToBytes(sender.address), bigIntToBytes(tx.nonce))))

  /**
   * Mines one transaction in its own block. Reverts and halts are mined too (a node charges
   * for them) and then thrown as typed errors carrying the receipt.
   */
  const sendTransaction = (
    request: TransactionRequest,
    context = 'transaction',
  ): Promise<{ receipt: Receipt; returnValue: Hex }> => exclusive(() => runTransaction(request, context))

  const runTransaction = async (
    request: TransactionRequest,
    context: string,
  ): Promise<{ receipt: Receipt; returnValue: Hex }> => {
    const sender = resolveAccount(request.from)
    if (request.to !== undefined) toAddress(request.to, 'to')
    if (request.value !== undefined) checkAmount(request.value, 'value')
    if (request.gasLimit !== undefined) checkAmount(request.gasLimit, 'gasLimit')
    await checkCanSend(sender)
    let tx: LegacyTx
    let result: Awaited<ReturnType<typeof runTx>>
    try {
      tx = await buildTransaction(sender, request)
      result = await runTx(vm, { tx, block: currentBlock(), skipHardForkValidation: true })
    } catch (error) {
      // ethereumjs refuses a transaction with its own error type; anything else is a fault inside the VM.
      if (!(error instanceof EthereumJSError)) throw new ChainInternalError(context, error)
      throw new TransactionRejectedError(`${context} rejected: ${rejectionReason(error)}`, { cause: error })
    }
    const exec = result.execResult
    const failed = exec.exceptionError !== undefined
    const rawLogs = exec.logs ?? []
    let decodedLogs: readonly DecodedLog[] | undefined
    const receipt: Receipt = {
      transactionHash: transactionHash(tx, sender),
      blockNumber: clock.blockNumber,
      timestamp: clock.timestamp,
      from: sender.address,
      to: request.to === undefined ? undefined : getAddress(request.to),
      contractAddress: !failed && result.createdAddress ? getAddress(result.createdAddress.toString()) : undefined,
      status: failed ? 'reverted' : 'success',
      gasUsed: result.totalGasSpent,
      effectiveGasPriceWei: baseFeePerGasWei,
      feeWei: result.amountSpent,
      // Decoding costs more than some transactions; most receipts are never read for their logs.
      get logs() {
        decodedLogs ??= rawLogs.map(([address, topics, data]) =>
          abis.decodeLog(
            getAddress(bytesToHex(address)),
            topics.map((topic) => bytesToHex(topic)),
            bytesToHex(data),
          ),
        )
        return decodedLogs
      },
    }
    clock.blockNumber += 1n
    const returnValue = bytesToHex(exec.returnValue)
    if (exec.exceptionError !== undefined) {
      if (exec.exceptionError.error === 'revert') {
        throw new TransactionRevertedError({ ...abis.decodeRevert(returnValue), receipt, context })
      }
      throw new ExecutionHaltedError(exec.exceptionError.error, context, receipt)
    }
    return { receipt, returnValue }
  }

  const runCall = async (
    target: AddressHex,
    to: Address,
    caller: Address,
    data: Hex,
    functionName: string,
  ): Promise<Hex> => {
    await vm.evm.journal.checkpoint()
    let exec
    try {
      ;({ execResult: exec } = await vm.evm.runCall({
        caller,
        origin: caller,
        to,
        data: hexToBytes(data),
        gasLimit: defaultGasLimit,
        block: currentBlock(),
      }))
    } finally {
      await vm.evm.journal.revert()
      state.originalStorageCache.clear()
    }
    const returnValue = bytesToHex(exec.returnValue)
    if (exec.exceptionError !== undefined) {
      if (exec.exceptionError.error === 'revert') {
        const revert = abis.decodeRevert(returnValue)
        throw new CallFailedError(`${functionName} reverted: ${describeRevert(revert)}`, revert)
      }
      throw new CallFailedError(`${functionName} failed: ${exec.exceptionError.error}`)
    }
    if (returnValue === '0x' && (await state.getCodeSize(to)) === 0) {
      throw new CallFailedError(`${functionName} failed: no contract at ${target}`)
    }
    return returnValue
  }

  const encode = <T>(what: string, fn: () => T): T => {
    try {
      return fn()
    } catch (error) {
      throw new InvalidArgumentError(`${what}: ${error instanceof Error ? firstLine(error.message) : String(error)}`, {
        cause: error,
      })
    }
  }

  const chain: EmbeddedChain = {
    hardfork,
    chainId,
    vm,
    /** Funded accounts, in creation order. */
    get accounts(): readonly ChainAccount[] {
      return accounts
    },
    addAccounts,
    async impersonate(address: AddressHex): Promise<void> {
      toAddress(address, 'address')
    },

    /** The number of the block the next transaction is mined in. */
    get blockNumber(): bigint {
      return clock.blockNumber
    },
    /** The timestamp (seconds) of the block the next transaction is mined in. */
    get timestamp(): bigint {
      return clock.timestamp
    },
    /** Mines `blocks` empty blocks; the timestamp stays. */
    mine(blocks = 1): void {
      if (!Number.isInteger(blocks) || blocks < 0)
        throw new InvalidArgumentError(`blocks must be a non-negative integer, got ${blocks}`)
      clock.blockNumber += BigInt(blocks)
    },
    /** Sets the timestamp of the next block. Time cannot go backwards. */
    setTime(timestamp: bigint): void {
      setClockTime(clock, timestamp)
    },
    /** Moves the timestamp of the next block forward by `seconds`. */
    increaseTime(seconds: bigint): void {
      increaseClockTime(clock, seconds)
    },

    getBalance(address: AddressHex): Promise<bigint> {
      const key = toAddress(address, 'address')
      return exclusive(async () => (await state.getAccount(key))?.balance ?? 0n)
    },
    setBalance(address: AddressHex, balanceWei: bigint): Promise<void> {
      const key = toAddress(address, 'address')
      checkAmount(balanceWei, 'balanceWei')
      return exclusive(async () => {
        const account = (await state.getAccount(key)) ?? new Account()
        account.balance = balanceWei
        await state.putAccount(key, account)
      })
    },
    getNonce(address: AddressHex): Promise<bigint> {
      const key = toAddress(address, 'address')
      return exclusive(async () => (await state.getAccount(key))?.nonce ?? 0n)
    },
    getCode(address: AddressHex): Promise<Hex> {
      const key = toAddress(address, 'address')
      return exclusive(async () => bytesToHex(await state.getCode(key)))
    },

    /** Sends a raw transaction (ETH transfer, or pre-encoded calldata). */
    async sendTransaction(request: TransactionRequest): Promise<Receipt> {
      return (await sendTransaction(request)).receipt
    },

    /**
     * Deploys a compiled contract. Its ABI is remembered, so its events and errors decode
     * in every later receipt.
     */
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
      const context = `deploying ${artifact.contractName ?? 'contract'}`
      const { receipt } = await sendTransaction(
        { from: parameters.from, data, value: parameters.value, gasLimit: parameters.gasLimit },
        context,
      ).catch((error: unknown) => {
        const hint = newerForkHint(hardfork)
        if (error instanceof ExecutionHaltedError && hint !== undefined && /invalid opcode/i.test(error.haltReason)) {
          throw new ExecutionHaltedError(error.haltReason, `${context} on ${hardfork}`, error.receipt, {
            details: hint,
          })
        }
        throw error
      })
      const address = receipt.contractAddress as AddressHex
      abis.register(address, artifact.abi)
      return { address, receipt }
    },

    /** Sends a state-changing transaction calling `functionName` on the contract at `address`. */
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
      abis.registerIfUnknown(parameters.address, abi)
      const { receipt, returnValue } = await sendTransaction(
        { from: parameters.from, to: parameters.address, data, value: parameters.value, gasLimit: parameters.gasLimit },
        String(functionName),
      )
      const result = decodeFunctionResult({ abi: abi as Abi, functionName: functionName as string, data: returnValue })
      return { receipt, result: result as ContractFunctionReturnType<abi, WriteMutability, functionName> }
    },

    /** Runs a read-only call against the current state; nothing is mined and nothing changes. */
    async call<const abi extends Abi, functionName extends ContractFunctionName<abi, ReadMutability>>(
      parameters: CallParameters<abi, functionName>,
    ): Promise<ContractFunctionReturnType<abi, ReadMutability, functionName>> {
      const { abi, functionName } = parameters
      const to = toAddress(parameters.address, 'address')
      const caller = createAddressFromString(resolveAccount(parameters.from).address)
      const data = encode(`cannot call ${String(functionName)}`, () =>
        encodeFunctionData({
          abi: abi as Abi,
          functionName: functionName as string,
          args: (parameters.args ?? []) as readonly unknown[],
        }),
      )
      return exclusive(() => runCall(parameters.address, to, caller, data, String(functionName))).then(
        (returnValue) =>
          decodeFunctionResult({
            abi: abi as Abi,
            functionName: functionName as string,
            data: returnValue,
          }) as ContractFunctionReturnType<abi, ReadMutability, functionName>,
      )
    },

    /** Remembers `abi` for decoding the logs and errors of the contract at `address`. */
    registerAbi(address: AddressHex, abi: Abi): void {
      abis.register(toAddress(address, 'address').toString() as AddressHex, abi)
    },

    /**
     * Records the full state (accounts, balances, nonces, code, storage) and the block clock.
     * Costs O(1); the state keeps an undo journal from here on.
     */
    snapshot(): SnapshotId {
      checkIdle('take a snapshot')
      const id = nextSnapshotId++
      state.pin()
      snapshots.set(id, {
        mark: state.mark(),
        blockNumber: clock.blockNumber,
        timestamp: clock.timestamp,
        accounts: accounts.length,
      })
      return id
    },
    /**
     * Restores the state recorded by `snapshot()` in O(writes since then). The snapshot stays
     * usable, so a test can revert to it again; snapshots taken after it are discarded.
     */
    revert(id: SnapshotId): void {
      checkIdle('revert')
      const snap = snapshots.get(id)
      if (snap === undefined)
        throw new UnknownSnapshotError(
          `unknown snapshot ${String(id)}: it was never taken or was discarded by an earlier revert`,
        )
      for (const later of [...snapshots.keys()].filter((other) => other > id)) {
        snapshots.delete(later)
        state.unpin()
      }
      state.revertTo(snap.mark)
      clock.blockNumber = snap.blockNumber
      clock.timestamp = snap.timestamp
      for (const account of accounts.splice(snap.accounts)) accountIndex.delete(account.address.toLowerCase())
    },
    /**
     * The whole state (accounts, code, storage) and the block clock as JSON, for
     * `createChain({ state })`. Costs O(state).
     */
    dumpState(): ChainState {
      checkIdle('dump the state')
      return {
        blockNumber: toQuantity(clock.blockNumber),
        timestamp: toQuantity(clock.timestamp),
        accounts: state.dumpAccounts(),
      }
    },
    /** Forgets a snapshot, letting the state drop its undo journal when none is left. */
    release(id: SnapshotId): void {
      if (snapshots.delete(id)) state.unpin()
    },
  }

  await addAccounts(Math.max(options.accounts ?? 10, options.privateKeys?.length ?? 0))
  if (options.state !== undefined) {
    state.loadAccounts(options.state.accounts)
    clock.blockNumber = BigInt(options.state.blockNumber)
    clock.timestamp = BigInt(options.state.timestamp)
  }
  return chain
}

function toQuantity(value: bigint): Hex {
  return `0x${value.toString(16)}`
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message
}

function rejectionReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  // ethereumjs appends a long "(vm hf=... -> block ... -> tx ...)" context to its messages.
  return firstLine(message).replace(/\s*\(vm hf=.*$/, '')
}
