import { InvalidArgumentError } from '../../chain/errors.js'
import { formatValue } from '../ScenarioError.js'
import { gweiToWei } from './gweiToWei.js'
import { parseEconomics } from './parseEconomics.js'
import type { BreakEven, BreakEvenBasis, Economics, GasFootprint, GasPhase, OrderPath } from './types.js'
import { weiToCurrency } from './weiToCurrency.js'

export type ComputeBreakEvenParameters = {
  /** The mechanism the run cleared with (`result.mechanism`). */
  mechanism: string
  orderPath: OrderPath
  /** What the community's local trade saved over the run, before gas (`result.kpis.community.total.tradeSavingsWei`). */
  tradeSavingsWei: bigint
  footprint: GasFootprint
  /** The run's length, `intervals × intervalSeconds`. */
  runSeconds: number
  /** The horizon, the rollups' overhead bytes, the networks and the price of ether. */
  economics: Economics
}

const SECONDS_PER_DAY = 86_400

/**
 * Where a run's on-chain trading pays for itself: the gas price at which the community's savings
 * from local trade (`tradeSavingsWei`: its bill had the traded energy gone through the grid, minus its bill; before gas) equal the gas of the joins, commitments,
 * keeper and oracle transactions it sent (deployment apart), with joins counted in full and
 * amortised over `economics.horizonDays`; and the run priced on each network, a rollup's cost
 * being `gas × L2 gas price + (transactions × overhead + compressed calldata) × data fee per byte`.
 *
 * @param parameters the run's savings and gas footprint, its length, and the economics
 * @returns the break-even gas prices and each network's cost and net savings
 * @throws InvalidArgumentError naming the field when the run's length or the economics are out of range
 * @example
 * import { computeBreakEven } from 'dem-sim'
 * const { joinsAmortised } = computeBreakEven({
 *   mechanism: result.mechanism,
 *   orderPath: 'direct',
 *   tradeSavingsWei: result.kpis.community.total.tradeSavingsWei,
 *   footprint,
 *   runSeconds: scenario.intervals * scenario.intervalSeconds,
 *   economics: scenario.economics,
 * })
 * console.log(joinsAmortised.breakEvenGasPriceGwei)
 */
export function computeBreakEven(parameters: ComputeBreakEvenParameters): BreakEven {
  const { footprint, runSeconds, tradeSavingsWei } = parameters
  if (!Number.isSafeInteger(runSeconds) || runSeconds <= 0)
    throw new InvalidArgumentError(`runSeconds must be a positive whole number of seconds, got ${runSeconds}`)
  const economics = checkedEconomics(parameters.economics, runSeconds)
  const horizonSeconds = BigInt(Math.round(economics.horizonDays * SECONDS_PER_DAY))
  const share = (amount: bigint) => (amount * BigInt(runSeconds) + horizonSeconds / 2n) / horizonSeconds
  const overhead = BigInt(economics.transactionOverheadBytes)
  const dataBytes = (phase: GasPhase) => BigInt(phase.transactions) * overhead + phase.compressedCalldataBytes
  const basis = (gasUsed: bigint, bytes: bigint): BreakEvenBasis => ({
    gasUsed,
    dataBytes: bytes,
    breakEvenGasPriceGwei: tradeSavingsWei > 0n && gasUsed > 0n ? gweiPerGas(tradeSavingsWei, gasUsed) : null,
    networks: economics.networks.map((network) => {
      const costWei = gasUsed * gweiToWei(network.gasPriceGwei) + bytes * gweiToWei(network.dataFeeGweiPerByte)
      const netSavingsWei = tradeSavingsWei - costWei
      return {
        ...network,
        costWei,
        effectiveGasPriceGwei: gasUsed === 0n ? 0 : gweiPerGas(costWei, gasUsed),
        netSavingsWei,
        inCurrency: {
          cost: weiToCurrency(costWei, economics.ethPrice),
          netSavings: weiToCurrency(netSavingsWei, economics.ethPrice),
        },
      }
    }),
  })
  const { join, operation } = footprint
  return {
    mechanism: parameters.mechanism,
    orderPath: parameters.orderPath,
    tradeSavingsWei,
    footprint,
    runDays: runSeconds / SECONDS_PER_DAY,
    horizonDays: economics.horizonDays,
    joinsInFull: basis(operation.gasUsed + join.gasUsed, dataBytes(operation) + dataBytes(join)),
    joinsAmortised: basis(operation.gasUsed + share(join.gasUsed), dataBytes(operation) + share(dataBytes(join))),
  }
}

/** `wei / gas` in gwei: the quotient exact to 10^-12 wei, then as a number. */
function gweiPerGas(wei: bigint, gas: bigint): number {
  return Number((wei * 10n ** 12n) / gas) / 1e21
}

/** The economics as `parseEconomics` would accept them from a scenario file, or a typed error naming the field. */
function checkedEconomics(economics: Economics, runSeconds: number): Economics {
  const { gasPriceGwei, ethPrice, currency, horizonDays, transactionOverheadBytes, networks } = economics
  return parseEconomics(
    { gasPriceGwei, ethPrice, currency, horizonDays, transactionOverheadBytes, networks },
    (path, problem, value) => {
      throw new InvalidArgumentError(`${path} ${problem}, got ${formatValue(value)}`)
    },
    runSeconds,
  )
}
