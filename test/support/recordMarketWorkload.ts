import type { VM } from '@ethereumjs/vm'
import { DemSimulator } from 'dem-sim'
import { bytesToHex, getAddress } from 'viem'
import type { ChainState } from '../../src/chain/ChainState.js'
import type { EmbeddedChain } from '../../src/chain/createChain.js'
import type { AddressHex, ChainAccount, Hex } from '../../src/chain/types.js'
import type { WorkloadReceipt, WorkloadTransaction } from './fixtureWorkload.js'

/** A mined transaction as it was sent, with the block timestamp it ran at and the receipt it got. */
export type RecordedTransaction = WorkloadTransaction & {
  readonly timestamp: bigint
  readonly receipt: WorkloadReceipt
}

export type MarketRecording = {
  /** Every account the run used, in the chain's order (same seed and balances on a replay). */
  readonly accounts: readonly ChainAccount[]
  /** The chain right after the simulator deployed and wired the contracts: where a replay starts. */
  readonly deployed: ChainState
  /** Everything mined after that, in order. */
  readonly transactions: readonly RecordedTransaction[]
}

export type RecordMarketWorkloadParameters = {
  users: number
  intervals: number
}

/** The slice of a VM transaction the recorder reads; the VM hands the chain's own transaction objects to its listeners. */
type VmTransaction = {
  getSenderAddress(): { toString(): string }
  to?: { toString(): string }
  data: Uint8Array
  value: bigint
  gasLimit: bigint
}
type VmTxResult = {
  totalGasSpent: bigint
  execResult: { exceptionError?: unknown }
  createdAddress?: { toString(): string }
}

/**
 * Runs the market the way a scenario does, through the public `DemSimulator` API — every user
 * joins, then per interval each user commits (half produce, half consume), the keeper drains the
 * buffer, the clock moves on, the oracle reports and the keeper settles — and records each mined
 * transaction from the VM's `beforeTx` / `afterTx` events, starting from the state right after
 * the simulator's deployment (`chain.dumpState()`). Nothing here names a contract function,
 * so the recording follows the contracts and the simulator as they change.
 *
 * @param parameters users and intervals
 * @returns the transactions, replayable on any engine with the same accounts
 */
export async function recordMarketWorkload(parameters: RecordMarketWorkloadParameters): Promise<MarketRecording> {
  const sim = await DemSimulator.create({ defaultBatchSize: 200, settleBatchSize: 400 })
  const chain = sim.chain as EmbeddedChain
  const deployed = chain.dumpState()
  const recording = recordTransactions(chain)
  const users = []
  for (let i = 0; i < parameters.users; i++) users.push(await sim.addUser({ collateralWei: 10n ** 17n }))
  for (let round = 0; round < parameters.intervals; round++) {
    const interval = sim.currentInterval
    for (const [i, user] of users.entries()) {
      const side = i % 2 === 0 ? 'production' : 'consumption'
      const limitPriceWeiPerKWh =
        side === 'production' ? 40_000_000_000_000n + BigInt(i) : 70_000_000_000_000n - BigInt(i)
      await sim.commit(user, {
        interval,
        energyWh: 1_000n + BigInt((i * 7 + round * 13) % 500),
        side,
        limitPriceWeiPerKWh,
      })
    }
    await sim.processBuffer({})
    sim.advanceInterval()
    await sim.setOracle({ priceWeiPerKWh: 50_000_000_000_000n, producedWh: 10n ** 9n, consumedWh: 10n ** 9n })
    await sim.settle(interval, {})
  }
  recording.stop()
  return { accounts: sim.chain.accounts, deployed, transactions: recording.transactions }
}

/** Records every transaction `chain` mines from now until `stop()`. */
function recordTransactions(chain: EmbeddedChain): { transactions: RecordedTransaction[]; stop(): void } {
  const transactions: RecordedTransaction[] = []
  let pending: Omit<RecordedTransaction, 'receipt'> | undefined
  const before = (tx: VmTransaction) => {
    pending = {
      label: `#${transactions.length}`,
      from: getAddress(tx.getSenderAddress().toString()),
      to: tx.to === undefined ? undefined : getAddress(tx.to.toString()),
      data: bytesToHex(tx.data) as Hex,
      value: tx.value,
      gasLimit: tx.gasLimit,
      expectedStatus: 'success',
      timestamp: chain.timestamp,
    }
  }
  const after = (result: VmTxResult) => {
    if (pending === undefined) return
    const status = result.execResult.exceptionError === undefined ? 'success' : 'reverted'
    transactions.push({
      ...pending,
      expectedStatus: status,
      receipt: {
        gasUsed: result.totalGasSpent,
        status,
        contractAddress: result.createdAddress?.toString() as AddressHex | undefined,
      },
    })
    pending = undefined
  }
  const events = (chain.vm as VM).events as unknown as {
    on(name: string, listener: (value: never) => void): void
    off(name: string, listener: (value: never) => void): void
  }
  events.on('beforeTx', before)
  events.on('afterTx', after)
  return {
    transactions,
    stop() {
      events.off('beforeTx', before)
      events.off('afterTx', after)
    },
  }
}
