import type { ResolvedUserGroup } from './types.js'

/**
 * Each user's group, in an interleaved order that depends only on the groups: user `k` joins the
 * group furthest behind its share among users 0..k (ties to the earlier group); a group with a
 * fixed `count` takes no more than that. With the three groups of a `mix` this is the role order
 * every scenario has always had.
 */
export function assignGroups(count: number, groups: readonly Pick<ResolvedUserGroup, 'share' | 'count'>[]): number[] {
  const assigned = groups.map(() => 0)
  const result: number[] = []
  for (let k = 0; k < count; k++) {
    let best = -1
    let bestDeficit = -Infinity
    for (const [g, group] of groups.entries()) {
      if (group.share === 0 || (group.count !== undefined && (assigned[g] as number) >= group.count)) continue
      const deficit = group.share * (k + 1) - (assigned[g] as number)
      if (deficit > bestDeficit + 1e-12) [best, bestDeficit] = [g, deficit]
    }
    if (best < 0) throw new RangeError(`no group left for user ${k}`)
    assigned[best] = (assigned[best] as number) + 1
    result.push(best)
  }
  return result
}
