import type { Chain } from '../../src/chain/createChain.js'
import { TransactionFailedError } from '../../src/chain/errors.js'
import type { WorkloadEngine, WorkloadReceipt } from './fixtureWorkload.js'

/**
 * Runs workload transactions on our chain through `chain.sendTransaction`, the path `deploy` and
 * `send` take. A reverted or halted transaction is mined and thrown with its receipt; here it is
 * returned like any other receipt, as a node's would be.
 *
 * @param chain a chain from `createChain`, whose accounts the workload uses
 * @returns an engine for `runWorkload`
 * @example
 * import { createChain } from '../../src/chain/createChain.js'
 * import { toWorkloadEngine } from './toWorkloadEngine.js'
 * const engine = toWorkloadEngine(await createChain())
 */
export function toWorkloadEngine(chain: Chain): WorkloadEngine {
  return {
    async sendTransaction(transaction): Promise<WorkloadReceipt> {
      try {
        const receipt = await chain.sendTransaction({
          from: transaction.from,
          to: transaction.to,
          data: transaction.data,
          value: transaction.value,
          gasLimit: transaction.gasLimit,
        })
        return { gasUsed: receipt.gasUsed, status: receipt.status, contractAddress: receipt.contractAddress }
      } catch (error) {
        if (!(error instanceof TransactionFailedError)) throw error
        return {
          gasUsed: error.receipt.gasUsed,
          status: error.receipt.status,
          contractAddress: error.receipt.contractAddress,
        }
      }
    },
  }
}
