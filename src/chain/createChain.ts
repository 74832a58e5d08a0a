import { createBlock, paramsBlock, type Block } from '@ethereumjs/block'
import { Common, Mainnet } from '@ethereumjs/common'
import { paramsTx } from '@ethereumjs/tx'
import {
  Account,
  bigIntToBytes,
  bytesToBigInt,
  bytesToHex,
  createAddressFromString,
  setLengthLeft,
} from '@ethereumjs/util'
import { createVM, type VM } from '@ethereumjs/vm'
import { keccak_256 } from '@noble/hashes/sha3.js'
import type { ChainBackend } from './ChainBackend.js'
import type { ChainState } from './ChainState.js'
import { checkChainState } from './checkChainState.js'
import { ChainBusyError } from './errors.js'
import { createAbiRegistry } from './createAbiRegistry.js'
import { createAccountBook } from './createAccountBook.js'
import { createChainActions } from './createChainActions.js'
import { createJournaledStateManager } from './createJournaledStateManager.js'
import { createMemoizedKeccak } from './createMemoizedKeccak.js'
import { createSharedCommon, freezeCommon } from './createSharedCommon.js'
import { DEFAULT_SEED } from './deriveAccount.js'
import { createAccountSource } from './deriveAccounts.js'
import { DEFAULT_HARDFORK, checkHardfork, isAtLeast, maxTransactionGas, toEthereumjsHardfork } from './hardforks.js'
import { runEmbeddedCall, runEmbeddedTransaction, type EmbeddedVm } from './runEmbeddedTransaction.js'
import type { Chain, ChainHardfork, Hex } from './types.js'

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
  if (options.state !== undefined) checkChainState(options.state)
  const { backend, embedded } = await createEmbeddedBackend(options)
  const chain = Object.assign(createChainActions(backend), {
    vm: embedded.vm,
    dumpState(): ChainState {
      backend.checkIdle('dump the state')
      return {
        blockNumber: toQuantity(embedded.clock.blockNumber),
        timestamp: toQuantity(embedded.clock.timestamp),
        accounts: embedded.state.dumpAccounts(),
      }
    },
  })
  await chain.addAccounts(Math.max(options.accounts ?? 10, options.privateKeys?.length ?? 0))
  if (options.state !== undefined) {
    embedded.state.loadAccounts(options.state.accounts)
    embedded.clock.blockNumber = BigInt(options.state.blockNumber)
    embedded.clock.timestamp = BigInt(options.state.timestamp)
  }
  return chain
}

/** A journal position, marked by a snapshot. */
type EmbeddedMark = { journal: number }

async function createEmbeddedBackend(
  options: CreateChainOptions,
): Promise<{ backend: ChainBackend<EmbeddedMark> & { checkIdle(what: string): void }; embedded: EmbeddedVm }> {
  const hardfork = checkHardfork(options.hardfork ?? DEFAULT_HARDFORK)
  const seed = options.seed ?? DEFAULT_SEED
  const book = createAccountBook(
    createAccountSource({ seed, privateKeys: options.privateKeys, mnemonic: options.mnemonic }),
  )
  const balanceWei = options.balanceWei ?? DEFAULT_BALANCE_WEI
  const blockGasLimit = options.blockGasLimit ?? 30_000_000n
  const chainId = options.chainId ?? 31337n
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
  const clock = { blockNumber: 1n, timestamp: options.startTime ?? 1_700_000_000n }
  const baseFeePerGasWei = options.baseFeePerGasWei ?? 0n
  // PREVRANDAO must be deterministic for reproducible runs; one value per chain is enough.
  const prevRandao = keccak_256(new TextEncoder().encode(`${seed}/prevrandao`))
  let cachedBlock: Block | undefined
  const embedded: EmbeddedVm = {
    vm,
    state,
    clock,
    abis: createAbiRegistry(),
    txCommon,
    signing: options.sign ?? false,
    baseFeePerGasWei,
    defaultGasLimit: maxTransactionGas(hardfork, blockGasLimit),
    currentBlock() {
      if (cachedBlock?.header.number !== clock.blockNumber || cachedBlock.header.timestamp !== clock.timestamp) {
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
      }
      return cachedBlock
    },
  }

  // The VM runs one transaction at a time; callers may still fire several at once (Promise.all),
  // so every operation on the state queues behind the previous one.
  let queueTail: Promise<unknown> = Promise.resolve()
  let running = 0
  const checkIdle = (what: string) => {
    if (running > 0) {
      throw new ChainBusyError(`cannot ${what} while ${running} operation(s) are still running: await them first`)
    }
  }
  const backend: ChainBackend<EmbeddedMark> & { checkIdle(what: string): void } = {
    hardfork,
    chainId,
    clock,
    abis: embedded.abis,
    book,
    defaultGasLimit: embedded.defaultGasLimit,
    checkIdle,
    exclusive(operation) {
      running++
      const run = queueTail.then(operation).finally(() => {
        running--
      })
      queueTail = run.catch(() => undefined)
      return run
    },
    runTransaction: (transaction, context) => runEmbeddedTransaction(embedded, transaction, context),
    runCall: (call, functionName) => runEmbeddedCall(embedded, call, functionName),
    fund: (address) => state.putAccount(createAddressFromString(address), new Account(0n, balanceWei)),
    impersonate: async () => {},
    getBalance: async (address) => (await state.getAccount(createAddressFromString(address)))?.balance ?? 0n,
    async setBalance(address, wei) {
      const key = createAddressFromString(address)
      const account = (await state.getAccount(key)) ?? new Account()
      account.balance = wei
      await state.putAccount(key, account)
    },
    getNonce: async (address) => (await state.getAccount(createAddressFromString(address)))?.nonce ?? 0n,
    getCode: async (address) => bytesToHex(await state.getCode(createAddressFromString(address))),
    getStorageAt: async (address, slot) =>
      bytesToBigInt(await state.getStorage(createAddressFromString(address), setLengthLeft(bigIntToBytes(slot), 32))),
    mined() {},
    snapshot() {
      checkIdle('take a snapshot')
      state.pin()
      return { journal: state.mark() }
    },
    revert(mark, later) {
      checkIdle('revert')
      for (const _ of later) state.unpin()
      state.revertTo(mark.journal)
      return mark
    },
    release() {
      state.unpin()
    },
  }
  return { backend, embedded }
}

function toQuantity(value: bigint): Hex {
  return `0x${value.toString(16)}`
}
