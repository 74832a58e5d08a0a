import type { Common } from '@ethereumjs/common'

/**
 * Makes `common` answer its hardfork questions from memory and hand out itself instead of copies.
 *
 * ethereumjs copies the Common and re-merges its parameter tables for every transaction and
 * block header it constructs, and scans an array of ~90 EIPs for every `isActivatedEIP` — asked
 * on each opcode step. Our chain never changes hardfork or parameters once its VM exists, so one
 * read-only instance with memoized answers is safe. Call it after every `updateParams`.
 */
export function freezeCommon(common: Common): Common {
  const activated = new Map<number, boolean>()
  const params = new Map<string, bigint>()
  const isActivatedEIP = common.isActivatedEIP.bind(common)
  const param = common.param.bind(common)
  return Object.assign(common, {
    copy: () => common,
    updateParams: () => common,
    isActivatedEIP(eip: number): boolean {
      let answer = activated.get(eip)
      if (answer === undefined) activated.set(eip, (answer = isActivatedEIP(eip)))
      return answer
    },
    param(name: string): bigint {
      let value = params.get(name)
      if (value === undefined) params.set(name, (value = param(name)))
      return value
    },
  })
}

/** A frozen copy of `common` with `params` merged in, for constructing transactions or blocks. */
export function createSharedCommon(common: Common, params: Parameters<Common['updateParams']>[0]): Common {
  const shared = common.copy()
  shared.updateParams(params)
  return freezeCommon(shared)
}
