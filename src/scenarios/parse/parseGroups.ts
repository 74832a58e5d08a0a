import type { ResolvedStrategy, ResolvedUserGroup, Role, Scenario } from '../types.js'
import {
  DEFAULT_ORDER_BATCH,
  GROUP_FIELDS,
  MAX_NAME_LENGTH,
  MAX_ORDER_BATCH,
  MAX_USERS,
  ORDER_PATHS,
  ROLES,
} from '../scenarioSchema.js'
import { fields, join, type Validator } from './createValidator.js'
import { parseBattery } from './parseBattery.js'
import { parseStrategy } from './parseStrategy.js'
import type { SeriesContext } from './readCsvSeries.js'
import { MAX_GROUPS } from './scenarioDefaults.js'

/** `users.mix`: the shares of producers, consumers and prosumers. */
export function parseMix(v: Validator, value: unknown): Scenario['users']['mix'] {
  if (value === undefined) return { producers: 0.5, consumers: 0.5, prosumers: 0 }
  const mix = v.record(value, 'users.mix', ['producers', 'consumers', 'prosumers'])
  const producers = mix.producers === undefined ? 0 : v.fraction(mix.producers, 'users.mix.producers')
  const consumers = mix.consumers === undefined ? 0 : v.fraction(mix.consumers, 'users.mix.consumers')
  const prosumers = mix.prosumers === undefined ? 0 : v.fraction(mix.prosumers, 'users.mix.prosumers')
  const sum = producers + consumers + prosumers
  if (Math.abs(sum - 1) > 1e-9) v.fail('users.mix', `shares must sum to 1 (they sum to ${sum})`, value)
  return { producers, consumers, prosumers }
}

/** The groups a mix stands for, each following its profile. */
export function groupsOfMix(mix: Scenario['users']['mix']): ResolvedUserGroup[] {
  const profile: ResolvedStrategy = { type: 'profile', params: {} }
  return (['producers', 'consumers', 'prosumers'] as const)
    .filter((name) => mix[name] > 0)
    .map((name) => ({
      name,
      role: name.slice(0, -1) as Role,
      share: mix[name],
      count: undefined,
      strategy: profile,
      battery: undefined,
      orders: 'direct' as const,
      orderBatch: DEFAULT_ORDER_BATCH,
    }))
}

/** The mix that groups add up to. */
export function mixOfGroups(groups: readonly ResolvedUserGroup[]): Scenario['users']['mix'] {
  const mix = { producers: 0, consumers: 0, prosumers: 0 }
  for (const group of groups) mix[`${group.role}s`] += group.share
  return mix
}

/** `users.groups`: each group's share or count, role, strategy and battery. */
export function parseGroups(
  context: SeriesContext,
  value: unknown,
  count: number,
  limitPrices: Scenario['limitPrices'],
  custom: readonly string[],
): ResolvedUserGroup[] {
  const { v } = context
  if (!Array.isArray(value) || value.length === 0) v.fail('users.groups', 'must be a non-empty array of groups', value)
  const list = value as unknown[]
  if (list.length > MAX_GROUPS) v.fail('users.groups', `must have at most ${MAX_GROUPS} groups`, value)
  const byCount = list.some(
    (group) => group !== null && typeof group === 'object' && (group as { count?: unknown }).count !== undefined,
  )
  const groups = list.map((item, g): ResolvedUserGroup => {
    const at = `users.groups[${g}]`
    const group = v.record(item, at, fields(GROUP_FIELDS))
    const name = group.name === undefined ? `group-${g}` : v.string(group.name, join(at, 'name'), MAX_NAME_LENGTH)
    let share: number
    let exact: number | undefined
    if (byCount) {
      if (group.count === undefined)
        v.fail(
          join(at, 'count'),
          'is required when another group gives a count (give every group a count, or every group a share)',
          undefined,
        )
      if (group.share !== undefined) v.fail(join(at, 'share'), 'cannot be given with count', group.share)
      exact = v.integer(group.count, join(at, 'count'), 0, MAX_USERS)
      share = exact / count
    } else {
      if (group.share === undefined)
        v.fail(
          join(at, 'share'),
          'is required: the share of users.count in this group (or give every group a count)',
          undefined,
        )
      share = v.fraction(group.share, join(at, 'share'))
    }
    const role = group.role === undefined ? 'prosumer' : v.oneOf<Role>(group.role, join(at, 'role'), ROLES)
    const battery = group.battery === undefined ? undefined : parseBattery(context, group.battery, join(at, 'battery'))
    const strategy = parseStrategy(v, group.strategy ?? { type: 'profile' }, join(at, 'strategy'), limitPrices, custom)
    if (strategy.type === 'battery' && battery === undefined)
      v.fail(join(at, 'battery'), 'is required by the battery strategy (e.g. { "capacityWh": 10000 })', undefined)
    const orders = group.orders === undefined ? 'direct' : v.oneOf(group.orders, join(at, 'orders'), ORDER_PATHS)
    const orderBatch =
      group.orderBatch === undefined
        ? DEFAULT_ORDER_BATCH
        : v.integer(group.orderBatch, join(at, 'orderBatch'), 1, MAX_ORDER_BATCH)
    return { name, role, share, count: exact, strategy, battery, orders, orderBatch }
  })
  if (byCount) {
    const total = groups.reduce((n, group) => n + (group.count as number), 0)
    if (total !== count)
      v.fail('users.groups', `counts must add up to users.count (${count}); they add up to ${total}`, value)
  } else {
    const total = groups.reduce((n, group) => n + group.share, 0)
    if (Math.abs(total - 1) > 1e-9) v.fail('users.groups', `shares must sum to 1 (they sum to ${total})`, value)
  }
  return groups
}
