import {
  BERLIN,
  CANCUN,
  ContractDecoder,
  EdrContext,
  L1_CHAIN_TYPE,
  LONDON,
  MERGE,
  MineOrdering,
  OSAKA,
  PRAGUE,
  SHANGHAI,
  l1GenesisState,
  l1HardforkFromString,
  l1ProviderFactory,
  type Provider,
  type ProviderConfig,
} from '@nomicfoundation/edr'
import type { ChainState } from '../../src/chain/ChainState.js'
import type { AddressHex, ChainAccount, ChainHardfork, Hex } from '../../src/chain/types.js'
import type { WorkloadEngine, WorkloadReceipt, WorkloadTransaction } from './fixtureWorkload.js'

export type CreateEdrChainOptions = {
  /** Default `'osaka'`, like our chain. */
  hardfork?: ChainHardfork
  /** Accounts EDR owns (signs for) and funds at genesis; pass our chain's to get the same addresses. */
  accounts: readonly ChainAccount[]
  /** Genesis balance of each account. Default 1,000,000 ether, like our chain. */
  balanceWei?: bigint
  /** Initial base fee (EDR's then follows EIP-1559; ours stays). Default 0, like our chain. */
  baseFeePerGasWei?: bigint
  /** Default 30,000,000, like our chain. */
  blockGasLimit?: bigint
  /** Genesis timestamp (seconds). Default 1,700,000,000, like our chain. */
  startTime?: bigint
  /** Default 31337. */
  chainId?: bigint
  /** Answer a reverting `eth_call` with a JSON-RPC error carrying the revert data, as a node does, instead of a result. Default false. */
  failingCallsThrow?: boolean
  /** Genesis accounts (code, storage, nonces, balances) from our chain's `dumpState()`, over the funded ones. */
  state?: ChainState
}

/** A JSON-RPC error EDR returned. */
export class EdrRequestError extends Error {
  override name = 'EdrRequestError'
  readonly code: number | undefined
  readonly data: unknown
  constructor(method: string, error: { code?: number; message?: string; data?: unknown }) {
    super(`${method} failed: ${error.message ?? 'unknown error'}`)
    this.code = error.code
    this.data = error.data
  }
}

export type EdrChain = WorkloadEngine & {
  readonly hardfork: ChainHardfork
  /** The in-process EDR provider, for requests this adapter does not wrap. */
  readonly provider: Provider
  /** Sends one JSON-RPC request through `provider.handleRequest` and returns its `result`. */
  request<T = unknown>(method: string, params?: readonly unknown[]): Promise<T>
  /** `evm_snapshot`. */
  snapshot(): Promise<Hex>
  /** `evm_revert`; true when the snapshot existed. */
  revert(id: Hex): Promise<boolean>
}

const EDR_HARDFORK: Record<ChainHardfork, string> = {
  berlin: BERLIN,
  london: LONDON,
  paris: MERGE,
  shanghai: SHANGHAI,
  cancun: CANCUN,
  prague: PRAGUE,
  osaka: OSAKA,
}

const DEFAULT_BALANCE_WEI = 10n ** 24n

/** Headroom over the initial base fee for EDR's to rise after full blocks (1 gwei). */
const MAX_BASE_FEE_DRIFT_WEI = 10n ** 9n

/** EIP-7825 (osaka) caps a transaction's gas limit at 2^24; as `maxTransactionGas` in src/chain/hardforks.ts. */
const OSAKA_TRANSACTION_GAS_CAP = 2n ** 24n

// EDR allows one context per process ("Should only be called once!"): every provider shares it.
let sharedContext: Promise<EdrContext> | undefined

function edrContext(): Promise<EdrContext> {
  sharedContext ??= (async () => {
    const context = new EdrContext()
    await context.registerProviderFactory(L1_CHAIN_TYPE, l1ProviderFactory())
    return context
  })()
  return sharedContext
}

/**
 * Starts Hardhat's EVM, EDR, in-process, configured like our chain so both can run the same
 * transactions: the same hardfork, accounts (EDR owns their keys and signs `eth_sendTransaction`
 * itself, as with Hardhat's default accounts), balances, base fee, block gas limit and coinbase;
 * automine, one transaction per block, blocks allowed to share a timestamp, and failed
 * transactions mined and reported in their receipts rather than thrown.
 *
 * The default transaction gas limit is our chain's: the block gas limit, capped at 2^24 from osaka
 * on (EIP-7825; EDR refuses a higher default there).
 *
 * @param options the hardfork and the accounts to own and fund
 * @returns a small chain over the provider's JSON-RPC `handleRequest`
 * @example
 * import { createChain } from '../../src/chain/createChain.js'
 * import { createEdrChain } from './createEdrChain.js'
 * const chain = await createChain()
 * const edr = await createEdrChain({ accounts: chain.accounts })
 * const receipt = await edr.sendTransaction({ label: 'ETH', from: chain.accounts[0].address, to: chain.accounts[1].address, data: '0x', value: 1n, gasLimit: undefined, expectedStatus: 'success' })
 */
export async function createEdrChain(options: CreateEdrChainOptions): Promise<EdrChain> {
  const hardfork = options.hardfork ?? 'osaka'
  const edrHardfork = EDR_HARDFORK[hardfork]
  if (edrHardfork === undefined) throw new RangeError(`unsupported hardfork ${String(hardfork)}`)
  const balanceWei = options.balanceWei ?? DEFAULT_BALANCE_WEI
  const baseFeePerGasWei = options.baseFeePerGasWei ?? 0n
  const blockGasLimit = options.blockGasLimit ?? 30_000_000n
  const chainId = options.chainId ?? 31337n
  // Kept free of viem and ethereumjs imports, so the cold-start benchmark loads EDR and nothing else.
  const defaultGasLimit =
    hardfork === 'osaka' && blockGasLimit > OSAKA_TRANSACTION_GAS_CAP ? OSAKA_TRANSACTION_GAS_CAP : blockGasLimit

  const config: ProviderConfig = {
    allowBlocksWithSameTimestamp: true,
    allowUnlimitedContractSize: false,
    bailOnCallFailure: options.failingCallsThrow ?? false,
    bailOnTransactionFailure: false,
    chainId,
    // Our chain's blocks have the zero address as coinbase (warm from shanghai on, EIP-3651).
    coinbase: new Uint8Array(20),
    defaultTransactionGasLimit: defaultGasLimit,
    genesisState: [
      // The system contracts of the fork (EIP-4788 beacon roots, EIP-2935 block hashes), as Hardhat sets them up.
      ...l1GenesisState(l1HardforkFromString(edrHardfork)),
      ...options.accounts
        .filter((account) => options.state?.accounts[account.address.toLowerCase() as AddressHex] === undefined)
        .map((account) => ({ address: Buffer.from(account.address.slice(2), 'hex'), balance: balanceWei })),
      ...Object.entries(options.state?.accounts ?? {}).map(([address, account]) => ({
        address: Buffer.from(address.slice(2), 'hex'),
        balance: BigInt(account.balance),
        nonce: BigInt(account.nonce),
        ...(account.code === undefined ? {} : { code: Buffer.from(account.code.slice(2), 'hex') }),
        storage: Object.entries(account.storage ?? {}).map(([index, value]) => ({
          index: BigInt(index),
          value: BigInt(value),
        })),
      })),
    ],
    hardfork: edrHardfork,
    initialBaseFeePerGas: baseFeePerGasWei,
    minGasPrice: 0n,
    mining: { autoMine: true, blockGasLimit, memPool: { order: MineOrdering.Fifo } },
    network: { genesisBlockGasLimit: blockGasLimit, genesisBlockTime: options.startTime ?? 1_700_000_000n },
    networkId: chainId,
    observability: {},
    ownedAccounts: options.accounts.map((account) => account.privateKey),
    precompileOverrides: [],
  }
  const context = await edrContext()
  const provider = await context.createProvider(
    L1_CHAIN_TYPE,
    config,
    { enable: false, decodeConsoleLogInputsCallback: () => [], printLineCallback: () => {} },
    { subscriptionCallback: () => {} },
    new ContractDecoder(),
  )

  let nextId = 1
  const request = async <T = unknown>(method: string, params: readonly unknown[] = []): Promise<T> => {
    const response = await provider.handleRequest(JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }))
    const body = (typeof response.data === 'string' ? JSON.parse(response.data) : response.data) as {
      result?: T
      error?: { code?: number; message?: string; data?: unknown }
    }
    if (body.error !== undefined) throw new EdrRequestError(method, body.error)
    return body.result as T
  }

  const sendTransaction = async (transaction: WorkloadTransaction): Promise<WorkloadReceipt> => {
    const hash = await request<Hex>('eth_sendTransaction', [
      {
        from: transaction.from,
        ...(transaction.to === undefined ? {} : { to: transaction.to }),
        data: transaction.data,
        value: quantity(transaction.value),
        gas: quantity(transaction.gasLimit ?? defaultGasLimit),
        // Our chain's base fee never moves; EDR's follows EIP-1559 and rises by at least 1 wei
        // after a block fuller than half the gas limit. An EIP-1559 fee cap with no tip pays just
        // the base fee whatever it is (the price does not change gasUsed). Berlin has no base fee
        // and no EIP-1559 transactions: a legacy one at our gas price.
        ...(hardfork === 'berlin'
          ? { gasPrice: quantity(baseFeePerGasWei) }
          : { maxFeePerGas: quantity(baseFeePerGasWei + MAX_BASE_FEE_DRIFT_WEI), maxPriorityFeePerGas: '0x0' }),
      },
    ])
    const receipt = await request<{ gasUsed: Hex; status: Hex; contractAddress: AddressHex | null } | null>(
      'eth_getTransactionReceipt',
      [hash],
    )
    if (receipt === null) throw new Error(`EDR mined no receipt for ${transaction.label} (${hash})`)
    return {
      gasUsed: BigInt(receipt.gasUsed),
      status: receipt.status === '0x1' ? 'success' : 'reverted',
      // EDR returns lowercase addresses; ours are checksummed: compare them case-insensitively.
      contractAddress: receipt.contractAddress ?? undefined,
    }
  }

  return {
    hardfork,
    provider,
    request,
    sendTransaction,
    snapshot: () => request<Hex>('evm_snapshot'),
    revert: (id) => request<boolean>('evm_revert', [id]),
  }
}

function quantity(value: bigint): Hex {
  return `0x${value.toString(16)}`
}
