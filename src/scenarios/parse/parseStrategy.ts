import { MAX_PRICE_WINDOW, STRATEGY_VARIANTS } from '../scenarioSchema.js'
import type { ResolvedStrategy, Scenario } from '../types.js'
import { fields, join, type Validator } from './createValidator.js'
import { MAX_LIMIT_PRICE } from './scenarioDefaults.js'

const STRATEGY_FIELDS: Record<string, readonly string[]> = Object.fromEntries(
  Object.entries(STRATEGY_VARIANTS).map(([type, variant]) => [type, fields(variant)]),
)

/** A group's strategy: a built-in one with its parameters, or one given in code. */
export function parseStrategy(
  v: Validator,
  value: unknown,
  at: string,
  limitPrices: Scenario['limitPrices'],
  custom: readonly string[],
): ResolvedStrategy {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    v.fail(
      at,
      'must be a strategy object ({ "type": "profile" | "battery" | "price-responsive" | "random" | a strategy given in code, ... })',
      value,
    )
  const type = (value as { type?: unknown }).type
  const known = typeof type === 'string' ? STRATEGY_FIELDS[type] : undefined
  if (known === undefined) {
    if (typeof type === 'string' && custom.includes(type)) {
      const { type: _type, ...params } = value as Record<string, unknown>
      return { type, params: JSON.parse(JSON.stringify(params)) as Record<string, unknown> }
    }
    const names = [...Object.keys(STRATEGY_FIELDS), ...custom].map((t) => `"${t}"`).join(', ')
    return v.fail(
      join(at, 'type'),
      `is not a known strategy (${names}; strategies given in code go in runScenario's strategies option)`,
      type,
    )
  }
  const p = v.record(value, at, known)
  const price = (key: string, fallback: bigint | undefined) =>
    p[key] === undefined ? fallback : v.wei(p[key], join(at, key), 0n, MAX_LIMIT_PRICE)
  const windowOf = (key: string, fallback: number) =>
    p[key] === undefined ? fallback : v.integer(p[key], join(at, key), 1, MAX_PRICE_WINDOW)
  switch (type) {
    case 'battery':
      return {
        type,
        params: {
          dischargeAboveWeiPerKWh: price('dischargeAboveWeiPerKWh', 0n),
          sellAboveWeiPerKWh: price('sellAboveWeiPerKWh', undefined),
          priceWindow: windowOf('priceWindow', 3),
        },
      }
    case 'price-responsive':
      return {
        type,
        params: {
          window: windowOf('window', 4),
          margin: p.margin === undefined ? 0.1 : v.fraction(p.margin, join(at, 'margin')),
        },
      }
    case 'random': {
      const minPriceWeiPerKWh = price('minPriceWeiPerKWh', limitPrices.production.minWeiPerKWh) as bigint
      const maxPriceWeiPerKWh = price('maxPriceWeiPerKWh', limitPrices.consumption.maxWeiPerKWh) as bigint
      if (maxPriceWeiPerKWh < minPriceWeiPerKWh)
        v.fail(
          join(at, 'maxPriceWeiPerKWh'),
          `must be at least minPriceWeiPerKWh (${minPriceWeiPerKWh})`,
          p.maxPriceWeiPerKWh,
        )
      const maxEnergyWh =
        p.maxEnergyWh === undefined
          ? 2_000
          : v.integer(p.maxEnergyWh, join(at, 'maxEnergyWh'), 1, Number.MAX_SAFE_INTEGER)
      return {
        type,
        params: {
          commitProbability:
            p.commitProbability === undefined ? 1 : v.fraction(p.commitProbability, join(at, 'commitProbability')),
          maxEnergyWh: BigInt(maxEnergyWh),
          minPriceWeiPerKWh,
          maxPriceWeiPerKWh,
        },
      }
    }
    default:
      return { type: type as string, params: {} }
  }
}
