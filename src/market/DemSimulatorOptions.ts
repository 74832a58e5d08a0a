import type { Chain, CreateChainOptions } from '../chain/createChain.js'
import { DEFAULT_GRID_TARIFF, type FlatTariff } from '../mechanisms/gridTariff.js'
import type { MarketMechanism } from '../mechanisms/MarketMechanism.js'
import { resolveMechanism } from '../mechanisms/mechanisms.js'
import { checkBatch, checkGracePeriod, checkPositive, checkSmallInteger, checkTariff } from './checkArguments.js'
import { KEEPER_BATCHES } from './keeperBatches.js'

export type DemSimulatorOptions = Pick<
  CreateChainOptions,
  'hardfork' | 'seed' | 'sign' | 'baseFeePerGasWei' | 'blockGasLimit'
> & {
  /** The clearing mechanism: a built-in name (`'oracle-price'`, the default) or a {@link MarketMechanism} module. */
  mechanism?: string | MarketMechanism
  /** Length of a market interval in seconds. Default 3600. */
  intervalSeconds?: bigint
  /** When interval 0 opens (unix seconds); the chain's clock starts there. Default 1,700,000,000. */
  startTime?: bigint
  /** How long after its end an interval may still start settling; more than one interval. Default 24 intervals. */
  gracePeriodSeconds?: bigint
  /** Decimals of the price feed's answers (wei per kWh × 10^decimals). Default 0. */
  priceDecimals?: number
  /** Decimals of the metered-energy feeds' answers (Wh × 10^decimals). Default 0. */
  energyDecimals?: number
  /** Accounts created up front besides the owner, reporter and keeper; more are added as users join. Default 0. */
  accounts?: number
  /** Starting ETH of every account. Default 1,000,000 ether. */
  balanceWei?: bigint
  /**
   * Commitments per `processBuffer` / `expireInterval` transaction when the caller does not say.
   * Default `KEEPER_BATCHES.process.default`: under the per-transaction cap however the
   * commitments spread over intervals.
   */
  defaultBatchSize?: number
  /**
   * Work items per `settle` transaction when the caller does not say (a commitment counts once in
   * each pass the mechanism makes over it). Default `KEEPER_BATCHES.settle.default`: under the
   * per-transaction cap however large the interval.
   */
  settleBatchSize?: number
  /** The grid tariff the market's households face, for a mechanism that prices against it (`sdr`). Default {@link DEFAULT_GRID_TARIFF}. */
  gridTariff?: FlatTariff
  /** Run on this chain (e.g. `await connectChain({ rpcUrl })`) instead of a fresh embedded one; its accounts 0–2 become owner, reporter and keeper. */
  chain?: Chain
}

export type AddUserParameters = {
  /** ETH locked in the profile as collateral at registration. */
  collateralWei: bigint
  /** A location label (grid zone, postcode...). Default 0. */
  location?: number
  /** An energy-type label (0 solar, 1 wind, 2 hydro, 3 biomass, 4 storage, 5 consumer-only). Default 0. */
  energyType?: number
  /** Escrow the profile in the pool, so it can commit. Default true. */
  deposit?: boolean
}

/** {@link DemSimulatorOptions} with every default filled in and every value checked. */
export type ResolvedSimulatorOptions = {
  intervalSeconds: bigint
  startTime: bigint
  priceDecimals: number
  energyDecimals: number
  defaultBatchSize: number
  settleBatchSize: number
  mechanism: MarketMechanism
  gridTariff: FlatTariff
  /** Zero: the market's default. */
  gracePeriodSeconds: bigint
}

/**
 * Fills in the defaults of a simulator's options and checks them, before anything is deployed.
 *
 * @throws {InvalidArgumentError} naming the first option out of range
 */
export function resolveSimulatorOptions(options: DemSimulatorOptions): ResolvedSimulatorOptions {
  const intervalSeconds = options.intervalSeconds ?? 3600n
  const startTime = options.startTime ?? options.chain?.timestamp ?? 1_700_000_000n
  const priceDecimals = options.priceDecimals ?? 0
  const energyDecimals = options.energyDecimals ?? 0
  const defaultBatchSize = options.defaultBatchSize ?? KEEPER_BATCHES.process.default
  const settleBatchSize = options.settleBatchSize ?? KEEPER_BATCHES.settle.default
  const mechanism = resolveMechanism(options.mechanism)
  checkPositive(intervalSeconds, 'intervalSeconds')
  checkPositive(startTime, 'startTime')
  checkSmallInteger(priceDecimals, 'priceDecimals', 18)
  checkSmallInteger(energyDecimals, 'energyDecimals', 18)
  checkBatch(defaultBatchSize, 'defaultBatchSize')
  checkBatch(settleBatchSize, 'settleBatchSize')
  const gridTariff = options.gridTariff ?? DEFAULT_GRID_TARIFF
  checkTariff(gridTariff)
  const gracePeriodSeconds = options.gracePeriodSeconds ?? 0n
  if (options.gracePeriodSeconds !== undefined) checkGracePeriod(gracePeriodSeconds, intervalSeconds)

  return {
    intervalSeconds,
    startTime,
    priceDecimals,
    energyDecimals,
    defaultBatchSize,
    settleBatchSize,
    mechanism,
    gridTariff,
    gracePeriodSeconds,
  }
}
