import type { AddressHex, Hex, Receipt } from '../chain/types.js'

/** One transaction in the ledger. */
export type GasEntry = {
  /** The simulator operation, e.g. `'registerUser'`, `'commit'`, `'settle'`. */
  operation: string
  /** The account that sent it. */
  from: AddressHex
  /** The profile it acted for, when there is one. */
  tokenId: bigint | undefined
  /** The market interval it concerned, when there is one. */
  interval: number | undefined
  /** Part of setting the market up (deploying and wiring its contracts), paid once and not by its users. */
  setup: boolean
  /** One transaction for the commitments of many (a keeper's or the meter's batch): reports count its gas per commitment. */
  batched: boolean
  /** Part of settling an interval: the settle calls, and the ranking of a mechanism that ranks. */
  settles: boolean
  gasUsed: bigint
  /** The transaction's calldata, for what a rollup would charge to post it. */
  calldata: Hex
  status: Receipt['status']
  blockNumber: bigint
  transactionHash: Receipt['transactionHash']
}

/** Gas statistics of a group of transactions, like hardhat-gas-reporter's table rows. */
export type GasSummary = {
  calls: number
  min: bigint
  max: bigint
  /** Rounded down to the gas unit. */
  avg: bigint
  /** The middle value; with an even number of calls the mean of the two middle ones, rounded down. */
  median: bigint
  total: bigint
}

export type GasTableRow = GasSummary & {
  operation: string
  /** The operation's transactions set the market up (see {@link GasEntry.setup}). */
  setup: boolean
  /** The operation is a batch for many commitments (see {@link GasEntry.batched}). */
  batched: boolean
  /** The operation settles intervals (see {@link GasEntry.settles}). */
  settles: boolean
}

/**
 * Where a transaction belongs: the profile and interval it acted for, whether it set the market up,
 * handled many commitments at once, or settled an interval (see {@link GasEntry}).
 */
export type GasContext = {
  tokenId?: bigint | undefined
  interval?: number | undefined
  setup?: boolean | undefined
  batched?: boolean | undefined
  settles?: boolean | undefined
}

function summarize(entries: readonly GasEntry[]): GasSummary {
  let min = entries[0]?.gasUsed ?? 0n
  let max = 0n
  let total = 0n
  for (const { gasUsed } of entries) {
    if (gasUsed < min) min = gasUsed
    if (gasUsed > max) max = gasUsed
    total += gasUsed
  }
  const calls = entries.length
  return {
    calls,
    min,
    max,
    avg: calls === 0 ? 0n : total / BigInt(calls),
    median: median(entries.map((e) => e.gasUsed)),
    total,
  }
}

function median(values: bigint[]): bigint {
  if (values.length === 0) return 0n
  const sorted = values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] as bigint)
    : ((sorted[middle - 1] as bigint) + (sorted[middle] as bigint)) / 2n
}

function groupBy<K>(entries: readonly GasEntry[], key: (entry: GasEntry) => K | undefined): Map<K, GasSummary> {
  const groups = new Map<K, GasEntry[]>()
  for (const entry of entries) {
    const k = key(entry)
    if (k === undefined) continue
    let group = groups.get(k)
    if (group === undefined) groups.set(k, (group = []))
    group.push(entry)
  }
  return new Map([...groups].map(([k, group]) => [k, summarize(group)]))
}

/** Setup and operation rows of the same name stay apart. */
const rowKey = (entry: GasEntry): string => `${entry.setup ? 'setup' : 'run'} ${entry.operation}`

/** A position in the ledger, for rewinding it along with a chain snapshot. */
export type GasLedgerMark = number

/**
 * Creates the record of every transaction a simulator sends, with its gas, for gas tables and
 * per-user / per-interval totals.
 *
 * @example
 * const ledger = createGasLedger()
 * ledger.record('commit', receipt, { tokenId: 1n, interval: 3 })
 * console.table(ledger.table())
 */
export function createGasLedger() {
  const entries: GasEntry[] = []
  const record = (operation: string, receipt: Receipt, context: GasContext = {}): GasEntry => {
    const entry: GasEntry = {
      operation,
      from: receipt.from,
      tokenId: context.tokenId,
      interval: context.interval,
      setup: context.setup ?? false,
      batched: context.batched ?? false,
      settles: context.settles ?? false,
      gasUsed: receipt.gasUsed,
      calldata: receipt.input,
      status: receipt.status,
      blockNumber: receipt.blockNumber,
      transactionHash: receipt.transactionHash,
    }
    entries.push(entry)
    return entry
  }
  return {
    /** Every recorded transaction, oldest first. */
    get entries(): readonly GasEntry[] {
      return entries
    },
    record,
    /** Records into this ledger as setup: what a market's deployment and wiring send. */
    setup: {
      record: (operation: string, receipt: Receipt, context: GasContext = {}): GasEntry =>
        record(operation, receipt, { ...context, setup: true }),
    },
    /** One row per operation (setup transactions apart), in first-seen order. */
    table(): GasTableRow[] {
      const firstOf = new Map<string, GasEntry>()
      for (const entry of entries) if (!firstOf.has(rowKey(entry))) firstOf.set(rowKey(entry), entry)
      return [...groupBy(entries, rowKey)].map(([key, summary]) => {
        const first = firstOf.get(key)
        return {
          operation: key.slice(key.indexOf(' ') + 1),
          setup: first?.setup ?? false,
          batched: first?.batched ?? false,
          settles: first?.settles ?? false,
          ...summary,
        }
      })
    },
    /** Gas per sending account. */
    byAccount(): Map<AddressHex, GasSummary> {
      return groupBy(entries, (e) => e.from)
    },
    /** Gas per profile, for the transactions that acted for one. */
    byToken(): Map<bigint, GasSummary> {
      return groupBy(entries, (e) => e.tokenId)
    },
    /** Gas per market interval, for the transactions that concerned one. */
    byInterval(): Map<number, GasSummary> {
      return groupBy(entries, (e) => e.interval)
    },
    /** Summary of one operation's transactions. */
    summary(operation?: string): GasSummary {
      return summarize(operation === undefined ? entries : entries.filter((e) => e.operation === operation))
    },
    mark(): GasLedgerMark {
      return entries.length
    },
    revertTo(mark: GasLedgerMark): void {
      entries.length = Math.min(mark, entries.length)
    },
    clear(): void {
      entries.length = 0
    },
  }
}

export type GasLedger = ReturnType<typeof createGasLedger>
