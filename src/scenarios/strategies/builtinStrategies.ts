import { batteryStrategy } from './batteryStrategy.js'
import { priceResponsiveStrategy } from './priceResponsiveStrategy.js'
import { profileStrategy } from './profileStrategy.js'
import { randomStrategy } from './randomStrategy.js'
import type { Strategy } from './types.js'

/** The strategies a scenario can name without code, by their `type`. */
export const BUILTIN_STRATEGIES = {
  profile: profileStrategy,
  battery: batteryStrategy,
  'price-responsive': priceResponsiveStrategy,
  random: randomStrategy,
} as const satisfies Record<string, Strategy>

export type BuiltinStrategyName = keyof typeof BUILTIN_STRATEGIES
