import { TransactionFailedError } from './errors.js'
import type { Chain, Receipt } from './types.js'

export type RecordedChain = {
  /** The same chain; every receipt of its transactions lands in `receipts`. */
  readonly chain: Chain
  /** Receipts in the order their transactions were mined, failed ones included. */
  readonly receipts: readonly Receipt[]
}

const SENDING = new Set<PropertyKey>(['deploy', 'send', 'sendTransaction'])

/**
 * Wraps a chain so that a test can list every transaction's receipt, whatever sent it
 * (a simulator, a scenario run), including those of reverted and halted transactions.
 *
 * @example
 * import { recordReceipts } from 'dem-sim'
 * const { chain, receipts } = recordReceipts(await createChain())
 * await runScenario(PAPER_SCENARIO, { chain })
 * receipts.map((receipt) => receipt.gasUsed)
 */
export function recordReceipts(target: Chain): RecordedChain {
  const receipts: Receipt[] = []
  const record = (value: unknown): void => {
    const receipt =
      value !== null && typeof value === 'object' && 'receipt' in value
        ? (value as { receipt: Receipt }).receipt
        : (value as Receipt)
    receipts.push(receipt)
  }
  const chain = new Proxy(target, {
    get(object, property) {
      const value = Reflect.get(object, property, object) as unknown
      if (typeof value !== 'function') return value
      if (!SENDING.has(property)) return value.bind(object)
      return async (...args: unknown[]) => {
        try {
          const result = (await value.apply(object, args)) as unknown
          record(result)
          return result
        } catch (error) {
          if (error instanceof TransactionFailedError) receipts.push(error.receipt)
          throw error
        }
      }
    },
  })
  return { chain, receipts }
}

/** One transaction whose gas or status differs between two runs. */
export type ReceiptMismatch = {
  /** Position in mining order. */
  index: number
  expected: Pick<Receipt, 'gasUsed' | 'status'> | undefined
  actual: Pick<Receipt, 'gasUsed' | 'status'> | undefined
}

/**
 * Compares two runs transaction by transaction: every `gasUsed` and status, and the count.
 *
 * @returns the transactions that differ; empty when the runs agree
 */
export function compareReceipts(expected: readonly Receipt[], actual: readonly Receipt[]): ReceiptMismatch[] {
  const mismatches: ReceiptMismatch[] = []
  const pick = (receipt: Receipt | undefined) =>
    receipt === undefined ? undefined : { gasUsed: receipt.gasUsed, status: receipt.status }
  for (let index = 0; index < Math.max(expected.length, actual.length); index++) {
    const want = pick(expected[index])
    const got = pick(actual[index])
    if (want?.gasUsed !== got?.gasUsed || want?.status !== got?.status)
      mismatches.push({ index, expected: want, actual: got })
  }
  return mismatches
}
