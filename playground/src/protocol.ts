// Messages between the page and its two workers. Everything crosses by structured clone, which
// keeps bigints as bigints.
import type {
  ChartSpec,
  CommitmentState,
  FiledOrder,
  IntervalState,
  OrderSkipReason,
  OrderTerms,
  ProfileState,
  ReportTable,
  ScenarioDefinition,
  Side,
  Trade,
} from 'dem-sim'

/** The market to deploy: one of the library's mechanisms and its parameters. */
export type DeployParameters = {
  mechanism: string
  intervalSeconds: bigint
  /** How many intervals after its end an interval may still start settling. */
  graceIntervals: bigint
  priceDecimals: number
  energyDecimals: number
}

export type MarketRequest =
  | { op: 'deploy'; parameters: DeployParameters }
  | { op: 'addUser'; collateralWei: bigint; side: Side }
  | { op: 'commit'; user: number; interval: number; energyWh: bigint; side: Side; limitPriceWeiPerKWh: bigint }
  | {
      op: 'signOrder'
      user: number
      interval: number
      energyWh: bigint
      side: Side
      limitPriceWeiPerKWh: bigint
      /** The user's next unused nonce when not given. */
      nonce: bigint | undefined
    }
  | { op: 'submitOrders' }
  | { op: 'setOracle'; priceWeiPerKWh: bigint; producedWh: bigint; consumedWh: bigint }
  | { op: 'advance' }
  | { op: 'processBuffer' }
  | { op: 'settle'; interval: number }

/** One transaction as the page shows it. */
export type TransactionRecord = {
  operation: string
  /** It deployed or wired the market. */
  setup: boolean
  from: string
  gasUsed: bigint
  status: 'success' | 'reverted'
  events: { eventName: string; args: Record<string, unknown> }[]
}

/** A typed error as thrown in the worker, flattened for the page. */
export type ErrorRecord = {
  name: string
  message: string
  /** A decoded custom error, for a revert. */
  errorName?: string | undefined
  args?: readonly unknown[] | undefined
  namedArgs?: Record<string, unknown> | undefined
  /** The offending field, for a scenario. */
  path?: string | undefined
}

export type MarketUser = { index: number; address: string; tokenId: bigint; side: Side; profile: ProfileState }

/** An order a household signed off chain, waiting for the aggregator's next batch. */
export type PendingOrder = OrderTerms & { user: number }

/** What one `submitOrders` batch did: the orders filed into their books and those skipped, with why. */
export type BatchOutcome = {
  orders: number
  gasUsed: bigint
  filed: (FiledOrder & { user: number })[]
  skipped: { index: number; user: number; tokenId: bigint; nonce: bigint; reason: OrderSkipReason }[]
}

export type MarketState = {
  mechanism: string
  /** Whether the deployed mechanism reads the oracle's price (else it discovers or computes its own). */
  readsPriceFeed: boolean
  currentInterval: number
  intervalSeconds: bigint
  addresses: Record<string, string>
  users: MarketUser[]
  commitments: CommitmentState[]
  bufferLength: bigint
  intervals: IntervalState[]
  heldWei: bigint
  pendingOrders: PendingOrder[]
}

export type SettlementOutcome = {
  interval: number
  price: bigint
  priceDecimals: number
  supplyWh: bigint
  demandWh: bigint
  producedWh: bigint
  consumedWh: bigint
  tradedWh: bigint
  tradedValueWei: bigint
  trades: Trade[]
}

/** A clearing mechanism the Deploy tab offers. */
export type MechanismOption = { id: string; label: string }

/** The market worker's first message, once the library is loaded: what the tabs can offer. */
export type MarketReady = { id: 0; mechanisms: MechanismOption[]; scenarios: ScenarioDefinition[] }

export type MarketReply = {
  id: number
  transactions: TransactionRecord[]
  state: MarketState | undefined
  error?: ErrorRecord | undefined
  outcome?: SettlementOutcome | undefined
  batch?: BatchOutcome | undefined
}

export type JobRequest = { op: 'gas'; users: number[] } | { op: 'scenario'; text: string }

export type ChartRecord = { name: string; caption: string; spec: ChartSpec }

/** What a finished job hands back: its result, tables, charts and the report files to download. */
export type JobResult = {
  kind: 'gas' | 'scenario'
  name: string
  wallMs: number
  tables: ReportTable[]
  charts: ChartRecord[]
  files: { name: string; type: string; content: string }[]
}

export type JobMessage =
  | { type: 'ready' }
  | { type: 'progress'; completed: number; total: number; label: string }
  | { type: 'done'; result: JobResult }
  | { type: 'error'; error: ErrorRecord }
