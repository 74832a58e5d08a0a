import ganache from 'ganache'
import type { AddressHex, ChainAccount, Hex } from '../../src/chain/types.js'
import type { WorkloadEngine, WorkloadReceipt, WorkloadTransaction } from './fixtureWorkload.js'

export type CreateGanacheChainOptions = {
  /** Accounts ganache unlocks (signs for) and funds; pass our chain's to get the same addresses. */
  accounts: readonly ChainAccount[]
  /** Default 1,000,000 ether, like our chain. */
  balanceWei?: bigint
  /** Default 30,000,000, like our chain. */
  blockGasLimit?: bigint
  /** Default 31337. */
  chainId?: number
}

export type GanacheChain = WorkloadEngine & {
  /** Always shanghai: the last hardfork ganache 7 supports. */
  readonly hardfork: 'shanghai'
  request<T = unknown>(method: string, params?: readonly unknown[]): Promise<T>
  /** Stops the provider's timers so the process can exit. */
  close(): Promise<void>
}

/**
 * Starts ganache 7 in-process (the engine the seed demo ran, through Brownie) on shanghai, with
 * our chain's accounts unlocked and funded, instamine (one transaction per block, mined before
 * `eth_sendTransaction` returns) and failed transactions mined and reported in their receipts.
 * Ganache signs every `eth_sendTransaction` itself, in JavaScript.
 *
 * @param options the accounts to unlock and fund
 * @returns a small chain over the provider's EIP-1193 `request`
 * @example
 * import { createGanacheChain } from './createGanacheChain.js'
 * const ganache = await createGanacheChain({ accounts: chain.accounts })
 * await ganache.close()
 */
export async function createGanacheChain(options: CreateGanacheChainOptions): Promise<GanacheChain> {
  const blockGasLimit = options.blockGasLimit ?? 30_000_000n
  const balanceWei = options.balanceWei ?? 10n ** 24n
  const provider = ganache.provider({
    chain: { hardfork: 'shanghai', chainId: options.chainId ?? 31337, vmErrorsOnRPCResponse: false },
    wallet: {
      accounts: options.accounts.map((account) => ({ secretKey: account.privateKey, balance: quantity(balanceWei) })),
    },
    miner: { blockGasLimit: quantity(blockGasLimit), instamine: 'eager' },
    logging: { quiet: true },
  })
  const request = async <T = unknown>(method: string, params: readonly unknown[] = []): Promise<T> =>
    (await provider.request({ method, params } as never)) as T

  const sendTransaction = async (transaction: WorkloadTransaction): Promise<WorkloadReceipt> => {
    const hash = await request<Hex>('eth_sendTransaction', [
      {
        from: transaction.from,
        ...(transaction.to === undefined ? {} : { to: transaction.to }),
        data: transaction.data,
        value: quantity(transaction.value),
        // ganache's own default is 90,000; use our chain's (the block gas limit before osaka).
        gas: quantity(transaction.gasLimit ?? blockGasLimit),
      },
    ])
    const receipt = await request<{ gasUsed: Hex; status: Hex; contractAddress: AddressHex | null } | null>(
      'eth_getTransactionReceipt',
      [hash],
    )
    if (receipt === null) throw new Error(`ganache mined no receipt for ${transaction.label} (${hash})`)
    return {
      gasUsed: BigInt(receipt.gasUsed),
      status: receipt.status === '0x1' ? 'success' : 'reverted',
      contractAddress: receipt.contractAddress ?? undefined,
    }
  }

  return { hardfork: 'shanghai', request, sendTransaction, close: () => provider.disconnect() }
}

function quantity(value: bigint): Hex {
  return `0x${value.toString(16)}`
}
