import { DEFAULT_ECONOMICS, ECONOMICS_FIELDS, MAX_ETH_PRICE, MAX_GAS_PRICE_GWEI } from '../scenarioSchema.js'
import type { Economics } from './types.js'

/** Refuses a value at a path of the definition (a `ScenarioError` from the scenario parser). */
export type FailAt = (path: string, problem: string, value: unknown) => never

/**
 * Checks a scenario's `economics` section and fills in its defaults (`gasPriceGwei` 1, `ethPrice`
 * 3000, `currency` `"EUR"`). The gas price is rounded to whole wei per gas.
 *
 * @param value the section as found in the definition (`undefined` when left out)
 * @param fail raises the parser's error for a path and value
 * @returns the resolved economics
 */
export function parseEconomics(value: unknown, fail: FailAt): Economics {
  if (value === undefined) return resolve(DEFAULT_ECONOMICS)
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return fail('economics', 'must be an object', value)
  const section = value as Record<string, unknown>
  const known = Object.keys(ECONOMICS_FIELDS)
  for (const key of Object.keys(section)) {
    if (!known.includes(key))
      fail(`economics.${key}`, `is not a known field (economics: ${known.join(', ')})`, section[key])
  }
  const {
    gasPriceGwei = DEFAULT_ECONOMICS.gasPriceGwei,
    ethPrice = DEFAULT_ECONOMICS.ethPrice,
    currency = DEFAULT_ECONOMICS.currency,
  } = section
  if (typeof gasPriceGwei !== 'number' || !Number.isFinite(gasPriceGwei))
    fail('economics.gasPriceGwei', 'must be a number of gwei', gasPriceGwei)
  if ((gasPriceGwei as number) < 0) fail('economics.gasPriceGwei', 'must not be negative (gwei)', gasPriceGwei)
  if ((gasPriceGwei as number) > MAX_GAS_PRICE_GWEI)
    fail('economics.gasPriceGwei', `must be at most ${MAX_GAS_PRICE_GWEI} gwei`, gasPriceGwei)
  if (typeof ethPrice !== 'number' || !Number.isFinite(ethPrice) || ethPrice <= 0)
    fail('economics.ethPrice', 'must be a finite positive number (the price of one ether in the currency)', ethPrice)
  if ((ethPrice as number) > MAX_ETH_PRICE) fail('economics.ethPrice', `must be at most ${MAX_ETH_PRICE}`, ethPrice)
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency))
    fail('economics.currency', 'must be a three-letter ISO 4217 code in capitals, e.g. "EUR"', currency)
  return resolve({ gasPriceGwei: gasPriceGwei as number, ethPrice: ethPrice as number, currency: currency as string })
}

function resolve(economics: Omit<Economics, 'gasPriceWei'>): Economics {
  return { ...economics, gasPriceWei: BigInt(Math.round(economics.gasPriceGwei * 1e9)) }
}
