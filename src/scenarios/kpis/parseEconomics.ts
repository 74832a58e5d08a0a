import {
  DEFAULT_ECONOMICS,
  ECONOMICS_FIELDS,
  MAX_DATA_FEE_GWEI_PER_BYTE,
  MAX_ETH_PRICE,
  MAX_GAS_PRICE_GWEI,
  MAX_HORIZON_DAYS,
  MAX_NETWORKS,
  MAX_TRANSACTION_OVERHEAD_BYTES,
  NETWORK_FIELDS,
} from './economicsSchema.js'
import { MAX_NAME_LENGTH } from '../schemaNodes.js'
import { gweiToWei } from './gweiToWei.js'
import type { Economics, Network } from './types.js'

/** Refuses a value at a path of the definition (a `ScenarioError` from the scenario parser). */
export type FailAt = (path: string, problem: string, value: unknown) => never

const SECONDS_PER_DAY = 86_400

/**
 * Checks a scenario's `economics` section and fills in its defaults (`DEFAULT_ECONOMICS`: gas at
 * 1 gwei, 3000 per ether, `EUR`, joins amortised over 365 days or the run's length if longer, 100
 * bytes of overhead per rollup transaction, and the networks of docs/economics.md). The gas price
 * is rounded to whole wei per gas.
 *
 * @param value the section as found in the definition (`undefined` when left out)
 * @param fail raises the parser's error for a path and value
 * @param runSeconds the run's length: the horizon may not be shorter
 * @returns the resolved economics
 */
export function parseEconomics(value: unknown, fail: FailAt, runSeconds = 0): Economics {
  if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value)))
    return fail('economics', 'must be an object', value)
  const section = (value ?? {}) as Record<string, unknown>
  refuseUnknown(section, 'economics', Object.keys(ECONOMICS_FIELDS), fail)
  const economics = resolve(section, fail, Math.max(DEFAULT_ECONOMICS.horizonDays, runSeconds / SECONDS_PER_DAY))
  const runDays = runSeconds / SECONDS_PER_DAY
  if (economics.horizonDays < runDays)
    fail(
      'economics.horizonDays',
      `must be at least the run's length (${runDays} day${runDays === 1 ? '' : 's'})`,
      economics.horizonDays,
    )
  return economics
}

function resolve(section: Record<string, unknown>, fail: FailAt, defaultHorizonDays: number): Economics {
  const {
    gasPriceGwei = DEFAULT_ECONOMICS.gasPriceGwei,
    ethPrice = DEFAULT_ECONOMICS.ethPrice,
    currency = DEFAULT_ECONOMICS.currency,
    horizonDays = defaultHorizonDays,
    transactionOverheadBytes = DEFAULT_ECONOMICS.transactionOverheadBytes,
    networks = DEFAULT_ECONOMICS.networks,
  } = section
  gwei(gasPriceGwei, 'economics.gasPriceGwei', MAX_GAS_PRICE_GWEI, fail)
  if (typeof ethPrice !== 'number' || !Number.isFinite(ethPrice) || ethPrice <= 0)
    fail('economics.ethPrice', 'must be a finite positive number (the price of one ether in the currency)', ethPrice)
  if ((ethPrice as number) > MAX_ETH_PRICE) fail('economics.ethPrice', `must be at most ${MAX_ETH_PRICE}`, ethPrice)
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency))
    fail('economics.currency', 'must be a three-letter ISO 4217 code in capitals, e.g. "EUR"', currency)
  if (typeof horizonDays !== 'number' || !Number.isFinite(horizonDays) || horizonDays <= 0)
    fail('economics.horizonDays', 'must be a finite positive number of days', horizonDays)
  if ((horizonDays as number) > MAX_HORIZON_DAYS)
    fail('economics.horizonDays', `must be at most ${MAX_HORIZON_DAYS} days`, horizonDays)
  if (
    typeof transactionOverheadBytes !== 'number' ||
    !Number.isInteger(transactionOverheadBytes) ||
    transactionOverheadBytes < 0 ||
    transactionOverheadBytes > MAX_TRANSACTION_OVERHEAD_BYTES
  )
    fail(
      'economics.transactionOverheadBytes',
      `must be a whole number of bytes from 0 to ${MAX_TRANSACTION_OVERHEAD_BYTES}`,
      transactionOverheadBytes,
    )
  return {
    gasPriceGwei: gasPriceGwei as number,
    gasPriceWei: gweiToWei(gasPriceGwei as number),
    ethPrice: ethPrice as number,
    currency: currency as string,
    horizonDays: horizonDays as number,
    transactionOverheadBytes: transactionOverheadBytes as number,
    networks: parseNetworks(networks, fail),
  }
}

function parseNetworks(value: unknown, fail: FailAt): Network[] {
  if (!Array.isArray(value)) return fail('economics.networks', 'must be an array of networks', value)
  if (value.length > MAX_NETWORKS) fail('economics.networks', `must list at most ${MAX_NETWORKS} networks`, value)
  const names = new Set<string>()
  return value.map((item: unknown, i) => {
    const at = `economics.networks[${i}]`
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return fail(at, 'must be an object', item)
    const network = item as Record<string, unknown>
    refuseUnknown(network, at, Object.keys(NETWORK_FIELDS), fail)
    const { name, gasPriceGwei, dataFeeGweiPerByte = 0 } = network
    if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME_LENGTH)
      fail(`${at}.name`, `must be a name of 1 to ${MAX_NAME_LENGTH} characters`, name)
    if (names.has(name as string)) fail(`${at}.name`, 'names another network already listed', name)
    names.add(name as string)
    gwei(gasPriceGwei, `${at}.gasPriceGwei`, MAX_GAS_PRICE_GWEI, fail)
    gwei(dataFeeGweiPerByte, `${at}.dataFeeGweiPerByte`, MAX_DATA_FEE_GWEI_PER_BYTE, fail)
    return {
      name: name as string,
      gasPriceGwei: gasPriceGwei as number,
      dataFeeGweiPerByte: dataFeeGweiPerByte as number,
    }
  })
}

function gwei(value: unknown, path: string, max: number, fail: FailAt): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'must be a number of gwei', value)
  if ((value as number) < 0) fail(path, 'must not be negative (gwei)', value)
  if ((value as number) > max) fail(path, `must be at most ${max} gwei`, value)
}

function refuseUnknown(section: Record<string, unknown>, at: string, known: readonly string[], fail: FailAt): void {
  for (const key of Object.keys(section)) {
    if (!known.includes(key)) fail(`${at}.${key}`, `is not a known field (${at}: ${known.join(', ')})`, section[key])
  }
}
