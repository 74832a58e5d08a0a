import { createChain } from '../../src/chain/createChain.js'
import { createEdrChain } from './createEdrChain.js'
import type { WorkloadEngine, WorkloadReceipt } from './fixtureWorkload.js'
import { toWorkloadEngine } from './toWorkloadEngine.js'
import type { MarketRecording } from './recordMarketWorkload.js'

export type ReplayEngine = 'ours' | 'ours-no-cache' | 'edr'

export type Replay = {
  receipts: WorkloadReceipt[]
  /** From the first recorded transaction to the last receipt, engine start excluded. */
  wallMs: number
  /** CPU time of the whole process over the same span (all threads). */
  cpuMs: number
  /** Creating the engine and loading the deployed state. */
  startMs: number
}

/**
 * Replays a recording on a fresh engine that starts from the recording's deployed state, each
 * transaction at its recorded block timestamp, and times the transactions.
 *
 * @param recording from `recordMarketWorkload`
 * @param engine ours (with or without the code-analysis cache) or EDR, in-process
 * @returns every receipt, in order, and the figures
 */
export async function replayMarketWorkload(recording: MarketRecording, engine: ReplayEngine): Promise<Replay> {
  const started = performance.now()
  const { send, setTime } = await startEngine(recording, engine)
  const startMs = performance.now() - started
  const receipts: WorkloadReceipt[] = []
  const cpuBefore = process.cpuUsage()
  const timed = performance.now()
  for (const transaction of recording.transactions) {
    await setTime(transaction.timestamp)
    receipts.push(await send.sendTransaction(transaction))
  }
  const wallMs = performance.now() - timed
  const cpu = process.cpuUsage(cpuBefore)
  return { receipts, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, startMs }
}

async function startEngine(
  recording: MarketRecording,
  engine: ReplayEngine,
): Promise<{ send: WorkloadEngine; setTime(timestamp: bigint): Promise<void> }> {
  if (engine === 'edr') {
    const edr = await createEdrChain({ accounts: recording.accounts, state: recording.deployed })
    return {
      send: edr,
      // EDR's clock follows the wall clock between blocks: pin every block's timestamp.
      setTime: async (timestamp) => {
        await edr.request('evm_setNextBlockTimestamp', [`0x${timestamp.toString(16)}`])
      },
    }
  }
  const chain = await createChain({
    accounts: recording.accounts.length,
    state: recording.deployed,
    codeAnalysisCache: engine === 'ours',
  })
  return {
    send: toWorkloadEngine(chain),
    setTime: async (timestamp) => {
      if (timestamp !== chain.timestamp) chain.setTime(timestamp)
    },
  }
}
