import type { Common } from '@ethereumjs/common'

/**
 * Returns a copy of `common` with `params` merged in, that hands out itself instead of copies.
 *
 * ethereumjs copies the Common and re-merges its parameter tables for every transaction and
 * block header it constructs — a third of the time of a simple transaction. Our chain never
 * changes hardfork or parameters after creation, so one shared, read-only instance is safe.
 */
export function createSharedCommon(common: Common, params: Parameters<Common['updateParams']>[0]): Common {
  const shared = common.copy()
  shared.updateParams(params)
  return Object.assign(shared, {
    copy: () => shared,
    updateParams: () => shared,
  })
}
