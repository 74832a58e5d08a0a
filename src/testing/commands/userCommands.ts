import type { Side, User } from '../../market/types.js'
import { lockFor } from '../../mechanisms/lockFor.js'
import type { MarketRun, MarketRunModel } from '../MarketRun.js'
import {
  both,
  describeTarget,
  expectEqual,
  finish,
  invalidArgument,
  receiptsOf,
  resolveInterval,
  resolveUser,
  step,
  type IntervalTarget,
  type MarketCommand,
} from './helpers.js'

const MAX_UINT32 = 2 ** 32 - 1
const MAX_UINT64 = 2n ** 64n - 1n
const MAX_UINT96 = 2n ** 96n - 1n
const PLACEHOLDER = '0x00000000000000000000000000000000000dea11'

/** `sim.addUser`: a fresh account registers a profile with collateral, into the pool or not. */
export class AddUserCommand implements MarketCommand {
  constructor(readonly parameters: { collateralWei: bigint; location: number; energyType: number; deposit: boolean }) {}
  check(): boolean {
    return true
  }
  async run(m: MarketRunModel, r: MarketRun): Promise<void> {
    const { collateralWei, location, energyType, deposit } = this.parameters
    let user: User | undefined
    const { actual } = await both(
      this.toString(),
      () => {
        if (collateralWei < 0n) invalidArgument('collateralWei must be a non-negative bigint')
        if (location < 0 || location > MAX_UINT32 || energyType < 0 || energyType > 255)
          invalidArgument('label out of range')
        // The account does not exist yet: predict with a stand-in funded like every new account.
        return m.model.dryRun(() => {
          m.model.addAccount(PLACEHOLDER)
          return m.model.registerUser({
            from: PLACEHOLDER,
            valueWei: collateralWei,
            location,
            energyType,
            inPool: deposit,
          })
        })
      },
      async () => (user = await r.sim.addUser({ collateralWei, location, energyType, deposit })),
    )
    if (actual.ok && user !== undefined) {
      m.model.addAccount(user.address)
      const tokenId = m.model.registerUser({
        from: user.address,
        valueWei: collateralWei,
        location,
        energyType,
        inPool: deposit,
      })
      expectEqual(`${this} token id`, tokenId, user.tokenId)
      m.users.push({ address: user.address, tokenId: user.tokenId })
    }
    await finish(
      m,
      r,
      this,
      {
        failedFirst: !actual.ok,
        ownership: user ? [user.tokenId] : [],
        valueMovers: user ? [user.tokenId] : [],
        receipts: actual.ok ? [actual.value.receipt] : receiptsOf(actual),
      },
      actual,
    )
  }
  toString(): string {
    const { collateralWei, location, energyType, deposit } = this.parameters
    return `addUser(${collateralWei} wei, location ${location}, type ${energyType}${deposit ? ', in pool' : ''})`
  }
}

/** `sim.deposit`: escrow a user's profile, by `safeTransferFrom` or by `approve` + `pool.deposit`. */
export class DepositCommand implements MarketCommand {
  constructor(
    readonly userIndex: number,
    readonly via: 'safeTransferFrom' | 'approve',
  ) {}
  #resolved = ''
  check(m: Readonly<MarketRunModel>): boolean {
    return m.users.length > 0
  }
  async run(m: MarketRunModel, r: MarketRun): Promise<void> {
    const user = resolveUser(m, this.userIndex)
    this.#resolved = ` → profile ${user.tokenId}`
    const pool = r.sim.contracts.pool.address
    const { actual, modelSteps } = await both(
      this.toString(),
      (steps) => {
        if (this.via === 'safeTransferFrom') {
          step(steps, () =>
            m.model.transferFrom({
              sender: user.address,
              from: user.address,
              to: pool,
              tokenId: user.tokenId,
              safe: true,
            }),
          )
        } else {
          step(steps, () => m.model.approve({ from: user.address, to: pool, tokenId: user.tokenId }))
          step(steps, () => m.model.deposit({ from: user.address, tokenId: user.tokenId }))
        }
      },
      () => r.sim.deposit(user, { via: this.via }),
    )
    await finish(
      m,
      r,
      this,
      {
        failedFirst: !actual.ok && modelSteps === 0,
        ownership: [user.tokenId],
        receipts: actual.ok ? actual.value.receipts : receiptsOf(actual),
      },
      actual,
    )
  }
  toString(): string {
    return `deposit(user#${this.userIndex}${this.#resolved}, via ${this.via})`
  }
}

/** `sim.withdraw`: take a profile back out of the pool. */
export class WithdrawProfileCommand implements MarketCommand {
  constructor(readonly userIndex: number) {}
  #resolved = ''
  check(m: Readonly<MarketRunModel>): boolean {
    return m.users.length > 0
  }
  async run(m: MarketRunModel, r: MarketRun): Promise<void> {
    const user = resolveUser(m, this.userIndex)
    this.#resolved = ` → profile ${user.tokenId}`
    const { actual } = await both(
      this.toString(),
      () => m.model.withdraw({ from: user.address, tokenId: user.tokenId }),
      () => r.sim.withdraw(user),
    )
    await finish(
      m,
      r,
      this,
      {
        failedFirst: !actual.ok,
        ownership: [user.tokenId],
        receipts: actual.ok ? [actual.value.receipt] : receiptsOf(actual),
      },
      actual,
    )
  }
  toString(): string {
    return `withdrawProfile(user#${this.userIndex}${this.#resolved})`
  }
}

/** `sim.addCollateral`. */
export class AddCollateralCommand implements MarketCommand {
  constructor(
    readonly userIndex: number,
    readonly amountWei: bigint,
  ) {}
  #resolved = ''
  check(m: Readonly<MarketRunModel>): boolean {
    return m.users.length > 0
  }
  async run(m: MarketRunModel, r: MarketRun): Promise<void> {
    const user = resolveUser(m, this.userIndex)
    this.#resolved = ` → profile ${user.tokenId}`
    const { actual } = await both(
      this.toString(),
      () => {
        if (this.amountWei < 0n) invalidArgument('amountWei must be a non-negative bigint')
        m.model.addCollateral({ from: user.address, tokenId: user.tokenId, valueWei: this.amountWei })
      },
      () => r.sim.addCollateral(user, this.amountWei),
    )
    await finish(
      m,
      r,
      this,
      {
        failedFirst: !actual.ok,
        valueMovers: [user.tokenId],
        receipts: actual.ok ? [actual.value.receipt] : receiptsOf(actual),
      },
      actual,
    )
  }
  toString(): string {
    return `addCollateral(user#${this.userIndex}${this.#resolved}, ${this.amountWei} wei)`
  }
}

/** How much a collateral withdrawal asks for, relative to what the profile has when it runs. */
export type WithdrawAmount = 'available' | 'available+1' | 'half' | 'one' | 'zero' | 'collateral' | bigint

/** `sim.withdrawCollateral`. */
export class WithdrawCollateralCommand implements MarketCommand {
  constructor(
    readonly userIndex: number,
    readonly amount: WithdrawAmount,
  ) {}
  #resolved = ''
  check(m: Readonly<MarketRunModel>): boolean {
    return m.users.length > 0
  }
  async run(m: MarketRunModel, r: MarketRun): Promise<void> {
    const user = resolveUser(m, this.userIndex)
    const p = m.model.profile(user.tokenId)
    const available = p === undefined ? 0n : p.collateralWei - p.lockedWei
    const amountWei =
      typeof this.amount === 'bigint'
        ? this.amount
        : {
            available,
            'available+1': available + 1n,
            half: available / 2n,
            one: 1n,
            zero: 0n,
            collateral: p?.collateralWei ?? 0n,
          }[this.amount]
    this.#resolved = ` → profile ${user.tokenId}, ${amountWei} wei`
    const { actual } = await both(
      this.toString(),
      () => m.model.withdrawCollateral({ from: user.address, tokenId: user.tokenId, amountWei }),
      () => r.sim.withdrawCollateral(user, amountWei),
    )
    await finish(
      m,
      r,
      this,
      {
        failedFirst: !actual.ok,
        valueMovers: [user.tokenId],
        receipts: actual.ok ? [actual.value.receipt] : receiptsOf(actual),
      },
      actual,
    )
  }
  toString(): string {
    return `withdrawCollateral(user#${this.userIndex}, ${String(this.amount)}${this.#resolved})`
  }
}

/** `sim.commit`: a user commits to produce or consume in a past, current or future interval. */
export class CommitCommand implements MarketCommand {
  constructor(
    readonly parameters: {
      userIndex: number
      target: IntervalTarget
      energyWh: bigint
      side: Side
      limitPriceWeiPerKWh: bigint
    },
  ) {}
  #resolved = ''
  check(m: Readonly<MarketRunModel>): boolean {
    return m.users.length > 0
  }
  async run(m: MarketRunModel, r: MarketRun): Promise<void> {
    const { userIndex, target, energyWh, side, limitPriceWeiPerKWh } = this.parameters
    const user = resolveUser(m, userIndex)
    const interval = resolveInterval(m.model, target)
    this.#resolved = ` → profile ${user.tokenId}, interval ${interval}`
    let commitmentId: bigint | undefined
    const { actual } = await both(
      this.toString(),
      () => {
        if (!Number.isInteger(interval) || interval < 0 || interval > MAX_UINT32)
          invalidArgument('interval out of range')
        if (energyWh < 0n || energyWh > MAX_UINT64) invalidArgument('energyWh out of range')
        if (limitPriceWeiPerKWh < 0n || limitPriceWeiPerKWh > MAX_UINT96)
          invalidArgument('limitPriceWeiPerKWh out of range')
        return (commitmentId = m.model.commit({
          from: user.address,
          tokenId: user.tokenId,
          interval,
          energyWh,
          side,
          limitPriceWeiPerKWh,
        }))
      },
      () => r.sim.commit(user, { interval, energyWh, side, limitPriceWeiPerKWh }),
    )
    if (actual.ok) {
      expectEqual(
        `${this} commitment id and lock`,
        [commitmentId, side === 'consumption' ? lockFor(energyWh, limitPriceWeiPerKWh) : 0n],
        [actual.value.commitmentId, actual.value.lockedWei],
      )
    }
    await finish(
      m,
      r,
      this,
      {
        failedFirst: !actual.ok,
        newCommitments: commitmentId === undefined ? [] : [commitmentId],
        receipts: actual.ok ? [actual.value.receipt] : receiptsOf(actual),
      },
      actual,
    )
  }
  toString(): string {
    const { userIndex, target, energyWh, side, limitPriceWeiPerKWh } = this.parameters
    return `commit(user#${userIndex}, ${describeTarget(target)}, ${energyWh} Wh, ${side}, limit ${limitPriceWeiPerKWh}${this.#resolved})`
  }
}

/**
 * Several users commit in one go (one transaction each, in order; a failing one does not stop
 * the others): fills an interval's book so that settlements trade and split pro rata.
 */
export class CommitBatchCommand implements MarketCommand {
  readonly #commits: CommitCommand[]
  constructor(
    readonly entries: readonly {
      userIndex: number
      target: IntervalTarget
      energyWh: bigint
      side: Side
      limitPriceWeiPerKWh: bigint
    }[],
  ) {
    this.#commits = entries.map((entry) => new CommitCommand(entry))
  }
  check(m: Readonly<MarketRunModel>): boolean {
    return m.users.length > 0
  }
  async run(m: MarketRunModel, r: MarketRun): Promise<void> {
    const created: bigint[] = []
    const receipts = []
    let failures = 0
    for (const commit of this.#commits) {
      const { userIndex, target, energyWh, side, limitPriceWeiPerKWh } = commit.parameters
      const user = resolveUser(m, userIndex)
      const interval = resolveInterval(m.model, target)
      let commitmentId: bigint | undefined
      const { actual } = await both(
        `${this} entry ${commit}`,
        () => {
          if (!Number.isInteger(interval) || interval < 0 || interval > MAX_UINT32)
            invalidArgument('interval out of range')
          return (commitmentId = m.model.commit({
            from: user.address,
            tokenId: user.tokenId,
            interval,
            energyWh,
            side,
            limitPriceWeiPerKWh,
          }))
        },
        () => r.sim.commit(user, { interval, energyWh, side, limitPriceWeiPerKWh }),
      )
      if (actual.ok && commitmentId !== undefined) {
        expectEqual(`${this} commitment id`, commitmentId, actual.value.commitmentId)
        created.push(commitmentId)
        receipts.push(actual.value.receipt)
      } else {
        failures += 1
        receipts.push(...receiptsOf(actual))
      }
    }
    await finish(m, r, this, { failedFirst: failures === this.#commits.length, newCommitments: created, receipts })
  }
  toString(): string {
    return `commitBatch(${this.#commits.map((c) => c.toString().replace(/^commit/, '')).join(', ')})`
  }
}
