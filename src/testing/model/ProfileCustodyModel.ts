import type { AddressHex } from '../../chain/types.js'
import type { Side } from '../../market/types.js'
import { lockFor } from '../../mechanisms/lockFor.js'
import { ModelFailure } from '../ModelFailure.js'
import { type ModelCommitment, type ModelProfile, ZERO_ADDRESS } from '../types.js'
import { checkedSub, type ModelContext } from './ModelContext.js'
import type { ReceiveHook } from './ModelState.js'

const COLLATERAL_CAP_WEI = 2n ** 96n - 1n
const MAX_UINT24 = 2 ** 24 - 1
const MAX_COMMITMENT_ID = 2n ** 31n - 1n

/** `EnergyProfile.registerUser` / `registerUserInPool` as the model takes it. */
export type RegisterUserParameters = {
  from: string
  valueWei: bigint
  location?: number
  energyType?: number
  inPool?: boolean
}

/** ERC-721 `transferFrom` / `safeTransferFrom` as the model takes it. */
export type TransferFromParameters = {
  sender: string
  from: string
  to: string
  tokenId: bigint
  safe?: boolean
  recipientIsContract?: boolean
  acceptsTokens?: boolean
}

/** `EnergyProfile.withdrawCollateral` as the model takes it; `onReceive` models a contract recipient. */
export type WithdrawCollateralParameters = { from: string; tokenId: bigint; amountWei: bigint; onReceive?: ReceiveHook }

/** `EnergyPool.commit` as the model takes it. */
export type CommitParameters = {
  from: string
  tokenId: bigint
  interval: number
  energyWh: bigint
  side: Side
  limitPriceWeiPerKWh: bigint
}

/**
 * The profile contract and the pool's custody in the model: minting, ERC-721 approvals and
 * transfers, escrow in the pool, collateral in and out (with the reentrancy guard), and the
 * collateral a commitment locks.
 */
export class ProfileCustodyModel {
  readonly #ctx: ModelContext
  /** True while a collateral function runs: re-entering one reverts with `EnergyProfileReentrantCall`. */
  #guarded = false

  constructor(context: ModelContext) {
    this.#ctx = context
  }

  /** ETH held by the profile contract: Σ collateral + the clearing account. */
  get heldWei(): bigint {
    return this.#ctx.state.balances.get(this.#ctx.addresses.profile) ?? 0n
  }

  /** Who acts for a profile: its depositor while escrowed, else its owner. */
  controllerOf(tokenId: bigint): AddressHex | undefined {
    const p = this.#ctx.state.profiles.get(tokenId)
    if (p === undefined) return undefined
    return p.owner === this.#ctx.addresses.pool ? p.depositor : p.owner
  }

  /** Profiles whose controller is `account`. */
  profilesControlledBy(account: string): bigint[] {
    const who = account.toLowerCase()
    return [...this.#ctx.state.profiles.values()]
      .filter((p) => this.controllerOf(p.tokenId) === who)
      .map((p) => p.tokenId)
  }

  registerUser(parameters: RegisterUserParameters): bigint {
    const from = parameters.from.toLowerCase() as AddressHex
    const a = this.#ctx.addresses
    return this.#ctx.transaction(() => {
      this.#ctx.pay(from, a.profile, parameters.valueWei)
      this.#checkCap()
      const s = this.#ctx.state
      const tokenId = ++s.lastTokenId
      const inPool = parameters.inPool ?? false
      s.profiles.set(tokenId, {
        tokenId,
        owner: inPool ? a.pool : from,
        depositor: inPool ? from : ZERO_ADDRESS,
        approved: ZERO_ADDRESS,
        collateralWei: parameters.valueWei,
        lockedWei: 0n,
        openCommitments: 0,
        location: parameters.location ?? 0,
        energyType: parameters.energyType ?? 0,
      })
      return tokenId
    })
  }

  approve(parameters: { from: string; to: string; tokenId: bigint }): void {
    const from = parameters.from.toLowerCase() as AddressHex
    this.#ctx.transaction(() => {
      const p = this.#requireOwned(parameters.tokenId)
      if (p.owner !== from && !this.#ctx.state.operators.has(`${p.owner}|${from}`))
        throw ModelFailure.revert('ERC721InvalidApprover', { approver: from })
      p.approved = parameters.to.toLowerCase() as AddressHex
    })
  }

  setApprovalForAll(parameters: { from: string; operator: string; approved: boolean }): void {
    const from = parameters.from.toLowerCase()
    const operator = parameters.operator.toLowerCase()
    this.#ctx.transaction(() => {
      if (operator === ZERO_ADDRESS) throw ModelFailure.revert('ERC721InvalidOperator', { operator })
      if (parameters.approved) this.#ctx.state.operators.add(`${from}|${operator}`)
      else this.#ctx.state.operators.delete(`${from}|${operator}`)
    })
  }

  transferFrom(parameters: TransferFromParameters): void {
    const to = parameters.to.toLowerCase() as AddressHex
    this.#ctx.transaction(() => {
      this.#transfer(
        parameters.sender.toLowerCase() as AddressHex,
        parameters.from.toLowerCase() as AddressHex,
        to,
        parameters.tokenId,
      )
      if (
        parameters.safe &&
        to !== this.#ctx.addresses.pool &&
        parameters.recipientIsContract &&
        !parameters.acceptsTokens
      ) {
        throw ModelFailure.revert('ERC721InvalidReceiver', { receiver: to })
      }
    })
  }

  deposit(parameters: { from: string; tokenId: bigint }): void {
    const pool = this.#ctx.addresses.pool
    this.#ctx.transaction(() =>
      this.#transfer(pool, parameters.from.toLowerCase() as AddressHex, pool, parameters.tokenId),
    )
  }

  withdraw(parameters: { from: string; tokenId: bigint }): void {
    const from = parameters.from.toLowerCase()
    const pool = this.#ctx.addresses.pool
    this.#ctx.transaction(() => {
      const depositor = this.#ctx.state.profiles.get(parameters.tokenId)?.depositor ?? ZERO_ADDRESS
      if (depositor !== from)
        throw ModelFailure.revert('EnergyPoolNotDepositor', { caller: from, tokenId: parameters.tokenId, depositor })
      this.#transfer(pool, pool, depositor, parameters.tokenId)
    })
  }

  addCollateral(parameters: { from: string; tokenId: bigint; valueWei: bigint }): void {
    const from = parameters.from.toLowerCase()
    this.#ctx.transaction(() => {
      this.#ctx.pay(from, this.#ctx.addresses.profile, parameters.valueWei)
      const p = this.#checkController(parameters.tokenId, from)
      if (parameters.valueWei === 0n) throw ModelFailure.revert('EnergyProfileZeroAmount', {})
      this.#checkCap()
      p.collateralWei += parameters.valueWei
    })
  }

  withdrawCollateral(parameters: WithdrawCollateralParameters): void {
    const from = parameters.from.toLowerCase() as AddressHex
    const { amountWei } = parameters
    this.#ctx.transaction(() => {
      const p = this.#checkController(parameters.tokenId, from)
      if (amountWei === 0n) throw ModelFailure.revert('EnergyProfileZeroAmount', {})
      const availableWei = availableWeiOf(p)
      if (amountWei > availableWei) {
        throw ModelFailure.revert('EnergyProfileInsufficientCollateral', {
          tokenId: parameters.tokenId,
          availableWei,
          neededWei: amountWei,
        })
      }
      p.collateralWei -= amountWei
      this.#ctx.pay(this.#ctx.addresses.profile, from, amountWei)
      if (parameters.onReceive !== undefined) {
        this.#guarded = true
        try {
          parameters.onReceive(amountWei)
        } catch (error) {
          if (!(error instanceof ModelFailure)) throw error
          throw ModelFailure.revert('EnergyProfileTransferFailed', { to: from, amountWei })
        } finally {
          this.#guarded = false
        }
      }
    })
  }

  /** The reentrancy guard as a transaction sees it: throws if a collateral function is running. */
  checkNotReentered(): void {
    if (this.#guarded) throw ModelFailure.revert('EnergyProfileReentrantCall', {})
  }

  commit(parameters: CommitParameters): bigint {
    const from = parameters.from.toLowerCase()
    const { tokenId, interval, energyWh, side, limitPriceWeiPerKWh } = parameters
    this.#ctx.touch(interval)
    return this.#ctx.transaction(() => {
      if (energyWh === 0n) throw ModelFailure.revert('EnergyPoolZeroEnergy', {})
      if (side === 'consumption' && limitPriceWeiPerKWh === 0n)
        throw ModelFailure.revert('EnergyPoolZeroConsumerLimit', {})
      const current = this.#ctx.currentInterval
      if (interval < current)
        throw ModelFailure.revert('EnergyPoolIntervalClosed', {
          interval: BigInt(interval),
          currentInterval: BigInt(current),
        })
      const lockedWei = side === 'consumption' ? lockFor(energyWh, limitPriceWeiPerKWh) : 0n
      const s = this.#ctx.state
      const p = s.profiles.get(tokenId)
      const depositor = p?.depositor ?? ZERO_ADDRESS
      if (p === undefined || depositor !== from || depositor === ZERO_ADDRESS) {
        throw ModelFailure.revert('EnergyProfileNotDepositor', { account: from, tokenId, depositor })
      }
      const availableWei = availableWeiOf(p)
      if (lockedWei > availableWei)
        throw ModelFailure.revert('EnergyProfileInsufficientCollateral', {
          tokenId,
          availableWei,
          neededWei: lockedWei,
        })
      if (p.openCommitments === MAX_UINT24)
        throw ModelFailure.revert('EnergyProfileTooManyOpenCommitments', { tokenId })
      const commitmentId = BigInt(s.commitments.length)
      if (commitmentId > MAX_COMMITMENT_ID) throw ModelFailure.revert('EnergyPoolLedgerFull', { commitmentId })
      p.lockedWei += lockedWei
      p.openCommitments += 1
      s.commitments.push({
        commitmentId,
        tokenId,
        interval,
        side,
        energyWh,
        limitPriceWeiPerKWh,
        lockedWei,
        expiredInBuffer: false,
      })
      return commitmentId
    })
  }

  /** Unlocks an unsettled commitment's collateral and closes it on its profile. */
  release(c: ModelCommitment): void {
    const p = this.#ctx.state.profiles.get(c.tokenId) as ModelProfile
    p.lockedWei = checkedSub(p.lockedWei, c.lockedWei, 'locked collateral')
    p.openCommitments -= 1
  }

  /**
   * `EnergyProfile.escrowOrders` for one filed order's request: a consumer order's lock leaves its
   * profile's free collateral for the clearing account. Returns false (nothing changed) when the
   * profile is short of it.
   */
  escrowOrder(tokenId: bigint, lockWei: bigint): boolean {
    if (lockWei === 0n) return true
    const s = this.#ctx.state
    const p = s.profiles.get(tokenId)
    if (p === undefined || lockWei > availableWeiOf(p)) return false
    p.collateralWei -= lockWei
    s.clearingWei += lockWei
    return true
  }

  /** Gives an unsettled order's lock back from the clearing account (its interval expired). */
  releaseOrder(c: ModelCommitment): void {
    const s = this.#ctx.state
    const p = s.profiles.get(c.tokenId) as ModelProfile
    s.clearingWei = checkedSub(s.clearingWei, c.lockedWei, 'clearing account')
    p.collateralWei += c.lockedWei
  }

  #checkCap(): void {
    const heldWei = this.heldWei
    if (heldWei > COLLATERAL_CAP_WEI)
      throw ModelFailure.revert('EnergyProfileCollateralCapExceeded', { heldWei, capWei: COLLATERAL_CAP_WEI })
  }

  #requireOwned(tokenId: bigint): ModelProfile {
    const p = this.#ctx.state.profiles.get(tokenId)
    if (p === undefined) throw ModelFailure.revert('ERC721NonexistentToken', { tokenId })
    return p
  }

  #checkController(tokenId: bigint, caller: string): ModelProfile {
    this.checkNotReentered()
    const p = this.#requireOwned(tokenId)
    const controller = this.controllerOf(tokenId) as AddressHex
    if (controller !== caller) throw ModelFailure.revert('EnergyProfileNotController', { caller, tokenId, controller })
    return p
  }

  /** ERC-721 `transferFrom` with `auth` = the calling account, and the profile contract's `_update` hook. */
  #transfer(auth: AddressHex, from: AddressHex, to: AddressHex, tokenId: bigint): void {
    if (to === ZERO_ADDRESS) throw ModelFailure.revert('ERC721InvalidReceiver', { receiver: to })
    const s = this.#ctx.state
    const pool = this.#ctx.addresses.pool
    const p = s.profiles.get(tokenId)
    const owner = p?.owner ?? ZERO_ADDRESS
    const authorized = owner === auth || s.operators.has(`${owner}|${auth}`) || (p !== undefined && p.approved === auth)
    if (!authorized || p === undefined) {
      if (p === undefined) throw ModelFailure.revert('ERC721NonexistentToken', { tokenId })
      throw ModelFailure.revert('ERC721InsufficientApproval', { operator: auth, tokenId })
    }
    p.approved = ZERO_ADDRESS
    p.owner = to
    if (to === pool) {
      p.depositor = owner
    } else if (owner === pool) {
      if (p.openCommitments !== 0)
        throw ModelFailure.revert('EnergyProfileHasOpenCommitments', {
          tokenId,
          openCommitments: BigInt(p.openCommitments),
        })
      p.depositor = ZERO_ADDRESS
    }
    if (owner !== from) throw ModelFailure.revert('ERC721IncorrectOwner', { sender: from, tokenId, owner })
  }
}

/** Collateral a profile may lock or withdraw now. */
function availableWeiOf(p: ModelProfile): bigint {
  return p.collateralWei - p.lockedWei
}
