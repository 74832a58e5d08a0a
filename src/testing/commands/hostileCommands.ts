import * as fc from 'fast-check'
import type { Abi } from 'abitype'
import { encodeFunctionData } from 'viem'
import type { AddressHex, Hex, Receipt } from '../../chain/types.js'
import type { Side } from '../../market/types.js'
import type { MarketModel } from '../MarketModel.js'
import { ModelFailure } from '../ModelFailure.js'
import type { MarketRun, MarketRunModel } from '../MarketRun.js'
import { expectSameOutcome, predict, attempt, type Outcome } from '../outcomes.js'
import { ZERO_ADDRESS } from '../types.js'
import {
  applyKeeperProgress,
  bookTokens,
  both,
  describeTarget,
  expectEqual,
  finish,
  receiptsOf,
  resolveInterval,
  type IntervalTarget,
  type MarketCommand,
} from './helpers.js'

const MAX_UINT256 = 2n ** 256n - 1n

/** A token id the hostile account aims at: another user's, or one that does not exist (0, the next, above 48 bits, 2^256 − 1). */
export type TokenTarget =
  | { kind: 'victim'; index: number }
  | { kind: 'own'; index: number }
  | { kind: 'zero' }
  | { kind: 'next' }
  | { kind: 'aliased'; index: number }
  | { kind: 'max' }

/** Amounts the hostile account tries: the edges of every integer type the contracts use. */
export const EXTREME_AMOUNTS: readonly bigint[] = [0n, 1n, 2n ** 64n, 2n ** 96n - 1n, 2n ** 96n, MAX_UINT256]

/** Who sends: the hostile EOA itself, or its malicious receiver contract on its behalf. */
export type Sender = 'eoa' | 'receiver'

/** What happens when the malicious receiver is paid: re-enter a call (swallowing or bubbling its failure), refuse, or nothing. */
export type ReentryMode =
  | { kind: 'none' }
  | { kind: 'refuse' }
  | { kind: 'withdrawAgain'; bubble: boolean }
  | { kind: 'addCollateral'; bubble: boolean }
  | { kind: 'withdrawVictim'; victim: TokenTarget; bubble: boolean }
  | { kind: 'processBuffer'; maxItems: bigint; bubble: boolean }
  | { kind: 'commit'; energyWh: bigint; side: Side; limitPriceWeiPerKWh: bigint; bubble: boolean }

/** One hostile action. */
export type HostileAction =
  // Calls on other users' profiles and on nonexistent tokens.
  | { kind: 'addCollateral'; sender: Sender; token: TokenTarget; valueWei: bigint }
  | { kind: 'withdrawCollateral'; sender: Sender; token: TokenTarget; amountWei: bigint }
  | {
      kind: 'commit'
      sender: Sender
      token: TokenTarget
      target: IntervalTarget
      energyWh: bigint
      side: Side
      limitPriceWeiPerKWh: bigint
    }
  | { kind: 'poolWithdraw'; sender: Sender; token: TokenTarget }
  | { kind: 'poolDeposit'; sender: Sender; token: TokenTarget }
  | { kind: 'transferFrom'; sender: Sender; token: TokenTarget; safe: boolean; toPool: boolean }
  | { kind: 'approve'; sender: Sender; token: TokenTarget }
  // The functions the contracts call on each other, and the owner's and reporter's.
  | { kind: 'openCommitment'; sender: Sender; token: TokenTarget; lockWei: bigint }
  | { kind: 'applyCommitmentUpdates'; sender: Sender; token: TokenTarget; amountWei: bigint }
  | { kind: 'recordCommitted'; sender: Sender; target: IntervalTarget; energyWh: bigint }
  | { kind: 'recordMetered'; sender: Sender; target: IntervalTarget; energyWh: bigint }
  | { kind: 'wire'; sender: Sender; contract: 'profile' | 'pool' }
  | { kind: 'ownerOnly'; sender: Sender; call: 'withdrawSurplus' | 'setGracePeriod' | 'setReporter' }
  | { kind: 'updateAnswer'; sender: Sender; answer: bigint }
  | {
      kind: 'meter'
      sender: Sender
      call: 'reportDeliveries' | 'finalizeDeliveries'
      target: IntervalTarget
      token: TokenTarget
    }
  | { kind: 'onERC721Received'; sender: Sender; token: TokenTarget }
  // Anyone's calls, with extreme arguments.
  | { kind: 'keeper'; call: 'processBuffer' | 'settle' | 'expireInterval'; target: IntervalTarget; maxItems: bigint }
  // Its own profiles, legitimately but at the edges.
  | { kind: 'register'; sender: Sender; valueWei: bigint; inPool: boolean }
  | { kind: 'fundReceiver'; valueWei: bigint }
  | { kind: 'ownDeposit'; token: TokenTarget }
  | { kind: 'ownTransfer'; token: TokenTarget; safe: boolean }
  | {
      kind: 'ownCommit'
      token: TokenTarget
      target: IntervalTarget
      energyWh: bigint
      side: Side
      limitPriceWeiPerKWh: bigint
    }
  | { kind: 'ownWithdrawCollateral'; token: TokenTarget; amountWei: bigint | 'available'; reentry: ReentryMode }

type Call = { to: AddressHex; data: Hex; valueWei: bigint; label: string }

/**
 * The hostile account acts: calls every external function of every contract with foreign
 * token ids, other users' commitments and extreme values, calls the functions the contracts
 * call on each other, and drains its own collateral through a malicious receiver that
 * re-enters. The model predicts each outcome; the run checks that the hostile account gains
 * nothing it did not earn by trading and that no one else's state changes.
 */
export class HostileCommand implements MarketCommand {
  constructor(readonly action: HostileAction) {}
  #resolved = ''

  check(m: Readonly<MarketRunModel>): boolean {
    if (m.hostile === undefined) return false
    const usesReceiver =
      ('sender' in this.action && this.action.sender === 'receiver') ||
      this.action.kind === 'fundReceiver' ||
      this.action.kind === 'ownWithdrawCollateral'
    return !usesReceiver || m.hostile.receiver !== undefined
  }

  async run(m: MarketRunModel, r: MarketRun): Promise<void> {
    const hostile = m.hostile
    if (hostile === undefined) throw new Error('no hostile account')
    const { model } = m
    const { sim } = r
    const c = sim.contracts
    const action = this.action
    const senderAddress = (sender: Sender): AddressHex =>
      sender === 'receiver' ? (hostile.receiver?.address as AddressHex) : hostile.address
    const hostileTokens = [hostile.address, hostile.receiver?.address]
      .filter((a): a is AddressHex => a !== undefined)
      .flatMap((a) => model.profilesControlledBy(a))
    const token = (t: TokenTarget): bigint => resolveToken(m, t, hostileTokens)
    const calls: Call[] = []
    const call = (
      label: string,
      to: AddressHex,
      abi: Abi,
      functionName: string,
      args: readonly unknown[],
      valueWei = 0n,
    ) => calls.push({ label, to, data: encodeFunctionData({ abi, functionName, args } as never), valueWei })

    let predictFn: () => unknown
    let sender: Sender = 'eoa'
    let keeperLike = false
    let ownership: bigint[] = []
    let valueMovers: bigint[] = []
    /** Intervals a raw settle or expiry worked on: how far it got comes from its events. */
    let progressIntervals: number[] | undefined
    let before = { attempts: 0n, successes: 0n }
    let reentry: { attempts: bigint; successes: bigint } | undefined
    let setupChanged = false

    switch (action.kind) {
      case 'addCollateral': {
        sender = action.sender
        const id = token(action.token)
        call(`addCollateral(${id})`, c.profile.address, c.profile.abi, 'addCollateral', [id], action.valueWei)
        predictFn = () => model.addCollateral({ from: senderAddress(sender), tokenId: id, valueWei: action.valueWei })
        valueMovers = [id]
        break
      }
      case 'withdrawCollateral': {
        sender = action.sender
        const id = token(action.token)
        call(`withdrawCollateral(${id}, ${action.amountWei})`, c.profile.address, c.profile.abi, 'withdrawCollateral', [
          id,
          action.amountWei,
        ])
        predictFn = () =>
          model.withdrawCollateral({ from: senderAddress(sender), tokenId: id, amountWei: action.amountWei })
        valueMovers = [id]
        break
      }
      case 'commit': {
        sender = action.sender
        const id = token(action.token)
        const interval = resolveInterval(model, action.target)
        call(`commit(${id}, ${interval})`, c.pool.address, c.pool.abi, 'commit', [
          id,
          interval,
          action.energyWh,
          action.side === 'production' ? 0 : 1,
          action.limitPriceWeiPerKWh,
        ])
        predictFn = () =>
          model.commit({
            from: senderAddress(sender),
            tokenId: id,
            interval,
            energyWh: action.energyWh,
            side: action.side,
            limitPriceWeiPerKWh: action.limitPriceWeiPerKWh,
          })
        break
      }
      case 'poolWithdraw': {
        sender = action.sender
        const id = token(action.token)
        call(`pool.withdraw(${id})`, c.pool.address, c.pool.abi, 'withdraw', [id])
        predictFn = () => model.withdraw({ from: senderAddress(sender), tokenId: id })
        ownership = [id]
        break
      }
      case 'poolDeposit': {
        sender = action.sender
        const id = token(action.token)
        call(`pool.deposit(${id})`, c.pool.address, c.pool.abi, 'deposit', [id])
        predictFn = () => model.deposit({ from: senderAddress(sender), tokenId: id })
        ownership = [id]
        break
      }
      case 'transferFrom': {
        sender = action.sender
        const id = token(action.token)
        const owner = (model.profile(id)?.owner ?? ZERO_ADDRESS) as AddressHex
        const to = action.toPool ? c.pool.address : senderAddress(sender)
        call(
          `${action.safe ? 'safeTransferFrom' : 'transferFrom'}(${owner}, ${to}, ${id})`,
          c.profile.address,
          c.profile.abi,
          action.safe ? 'safeTransferFrom' : 'transferFrom',
          [owner, to, id],
        )
        predictFn = () =>
          model.transferFrom({
            sender: senderAddress(sender),
            from: owner,
            to,
            tokenId: id,
            safe: action.safe,
            recipientIsContract: sender === 'receiver',
            acceptsTokens: true,
          })
        ownership = [id]
        break
      }
      case 'approve': {
        sender = action.sender
        const id = token(action.token)
        call(`approve(self, ${id})`, c.profile.address, c.profile.abi, 'approve', [senderAddress(sender), id])
        predictFn = () => model.approve({ from: senderAddress(sender), to: senderAddress(sender), tokenId: id })
        ownership = [id]
        break
      }
      case 'openCommitment': {
        sender = action.sender
        const id = token(action.token)
        const account = (model.profile(id)?.depositor ?? ZERO_ADDRESS) as AddressHex
        call(
          `openCommitment(${id}, ${account}, ${action.lockWei})`,
          c.profile.address,
          c.profile.abi,
          'openCommitment',
          [id, account, action.lockWei],
        )
        predictFn = () => model.forbidden('EnergyProfileUnauthorizedCaller', { caller: senderAddress(sender) })
        break
      }
      case 'applyCommitmentUpdates': {
        sender = action.sender
        const id = token(action.token)
        // Credit the hostile's own token and debit the victim's: a balanced, well-formed batch.
        const own = hostileTokens[0] ?? id
        const amount = action.amountWei & (2n ** 96n - 1n)
        const spend = (id & (2n ** 48n - 1n)) | (amount << 48n) | (1n << 241n)
        const credit = (own & (2n ** 48n - 1n)) | (amount << 144n) | (1n << 240n)
        call(
          `applyCommitmentUpdates(${id} → ${own}, ${amount})`,
          c.profile.address,
          c.profile.abi,
          'applyCommitmentUpdates',
          [[spend, credit]],
        )
        predictFn = () => model.forbidden('EnergyProfileUnauthorizedCaller', { caller: senderAddress(sender) })
        break
      }
      case 'recordCommitted': {
        sender = action.sender
        const interval = resolveInterval(model, action.target)
        call(`recordCommitted(${interval})`, c.pool.address, c.pool.abi, 'recordCommitted', [
          [{ interval, productionWh: action.energyWh, consumptionWh: action.energyWh }],
        ])
        predictFn = () => model.forbidden('EnergyPoolUnauthorizedCaller', { caller: senderAddress(sender) })
        break
      }
      case 'recordMetered': {
        sender = action.sender
        const interval = resolveInterval(model, action.target)
        const energy = action.energyWh & (2n ** 64n - 1n)
        call(`recordMetered(${interval})`, c.pool.address, c.pool.abi, 'recordMetered', [
          interval,
          energy,
          energy,
          energy,
        ])
        predictFn = () => model.forbidden('EnergyPoolUnauthorizedCaller', { caller: senderAddress(sender) })
        break
      }
      case 'wire': {
        sender = action.sender
        if (action.contract === 'profile') {
          call('profile.wire', c.profile.address, c.profile.abi, 'wire', [senderAddress(sender)])
          predictFn = () => model.forbidden('OwnableUnauthorizedAccount', { account: senderAddress(sender) })
        } else {
          call('pool.wire', c.pool.address, c.pool.abi, 'wire', [senderAddress(sender)])
          predictFn = () => model.forbidden('EnergyPoolUnauthorizedCaller', { caller: senderAddress(sender) })
        }
        break
      }
      case 'ownerOnly': {
        sender = action.sender
        const me = senderAddress(sender)
        if (action.call === 'withdrawSurplus')
          call('market.withdrawSurplus', c.market.address, c.market.abi, 'withdrawSurplus', [me, 0n])
        else if (action.call !== 'setReporter')
          call('market.setGracePeriod', c.market.address, c.market.abi, 'setGracePeriod', [1n])
        else call('feed.setReporter', c.priceFeed.address, c.priceFeed.abi, 'setReporter', [me])
        predictFn = () => model.forbidden('OwnableUnauthorizedAccount', { account: me })
        break
      }
      case 'updateAnswer': {
        sender = action.sender
        call(`feed.updateAnswer(${action.answer})`, c.priceFeed.address, c.priceFeed.abi, 'updateAnswer', [
          action.answer,
        ])
        predictFn = () => model.updateAnswer({ from: senderAddress(sender), feed: 'price', answer: action.answer })
        break
      }
      case 'meter': {
        sender = action.sender
        const from = senderAddress(sender)
        const meter = c.meter
        const interval = resolveInterval(model, action.target)
        if (meter === undefined) {
          call('feed.updateAnswer(1)', c.priceFeed.address, c.priceFeed.abi, 'updateAnswer', [1n])
          predictFn = () => model.updateAnswer({ from, feed: 'price', answer: 1n })
        } else if (action.call === 'reportDeliveries') {
          // Its own (or anyone's) profile, claiming the most a reading can say.
          const id = token(action.token)
          call(`meter.reportDeliveries(${interval}, ${id})`, meter.address, meter.abi, 'reportDeliveries', [
            interval,
            [id],
            [2n ** 64n - 1n],
          ])
          predictFn = () => model.reportDeliveries({ from, interval, deliveries: new Map([[id, 2n ** 64n - 1n]]) })
        } else {
          // Finalizing early would let a keeper settle before the real readings arrive.
          call(`meter.finalizeDeliveries(${interval})`, meter.address, meter.abi, 'finalizeDeliveries', [interval])
          predictFn = () => model.finalizeDeliveries({ from, interval })
        }
        break
      }
      case 'onERC721Received': {
        sender = action.sender
        const id = token(action.token)
        call(`pool.onERC721Received(${id})`, c.pool.address, c.pool.abi, 'onERC721Received', [
          senderAddress(sender),
          senderAddress(sender),
          id,
          '0x',
        ])
        predictFn = () => model.forbidden('EnergyPoolUnexpectedToken', { token: senderAddress(sender) })
        break
      }
      case 'keeper': {
        keeperLike = true
        const interval = resolveInterval(model, action.target)
        const target =
          action.call === 'processBuffer'
            ? `processBuffer(${action.maxItems})`
            : `${action.call}(${interval}, ${action.maxItems})`
        if (action.call === 'processBuffer')
          call(target, c.market.address, c.market.abi, 'processBuffer', [action.maxItems])
        else call(target, c.market.address, c.market.abi, action.call, [interval, action.maxItems])
        progressIntervals = action.call === 'processBuffer' ? [] : [interval]
        valueMovers = bookTokens(model, interval)
        predictFn = () => {
          if (action.call === 'processBuffer') return model.processBuffer(action.maxItems)
          if (action.call === 'settle') return model.settle(interval, action.maxItems)
          return model.expireInterval(interval, action.maxItems)
        }
        break
      }
      case 'register': {
        sender = action.sender
        call(
          `register(${action.valueWei}${action.inPool ? ', in pool' : ''})`,
          c.profile.address,
          c.profile.abi,
          action.inPool ? 'registerUserInPool' : 'registerUser',
          [7, 4],
          action.valueWei,
        )
        predictFn = () => {
          const id = model.registerUser({
            from: senderAddress(sender),
            valueWei: action.valueWei,
            location: 7,
            energyType: 4,
            inPool: action.inPool,
          })
          ownership = [id]
          valueMovers = [id]
          return id
        }
        break
      }
      case 'fundReceiver': {
        const receiver = hostile.receiver as NonNullable<typeof hostile.receiver>
        // `execute` is payable: the value stays with the receiver, its `receive` does not run.
        calls.push({
          label: `fundReceiver(${action.valueWei})`,
          to: receiver.address,
          data: encodeFunctionData({
            abi: receiver.abi,
            functionName: 'execute',
            args: [hostile.address, '0x', 0n],
          } as never),
          valueWei: action.valueWei,
        })
        predictFn = () => model.transfer({ from: hostile.address, to: receiver.address, valueWei: action.valueWei })
        break
      }
      case 'ownDeposit': {
        const id = token(action.token)
        const controller = (model.controllerOf(id) ?? hostile.address) as AddressHex
        sender = controller.toLowerCase() === hostile.receiver?.address.toLowerCase() ? 'receiver' : 'eoa'
        call(`safeTransferFrom(self, pool, ${id})`, c.profile.address, c.profile.abi, 'safeTransferFrom', [
          senderAddress(sender),
          c.pool.address,
          id,
        ])
        predictFn = () =>
          model.transferFrom({
            sender: senderAddress(sender),
            from: senderAddress(sender),
            to: c.pool.address,
            tokenId: id,
            safe: true,
          })
        ownership = [id]
        break
      }
      case 'ownTransfer': {
        // Between the hostile EOA and its receiver, both ways.
        const id = token(action.token)
        const owner = (model.profile(id)?.owner ?? hostile.address) as AddressHex
        sender = owner.toLowerCase() === hostile.receiver?.address.toLowerCase() ? 'receiver' : 'eoa'
        const to =
          sender === 'receiver' ? hostile.address : ((hostile.receiver?.address ?? hostile.address) as AddressHex)
        call(
          `${action.safe ? 'safeTransferFrom' : 'transferFrom'}(self, ${to}, ${id})`,
          c.profile.address,
          c.profile.abi,
          action.safe ? 'safeTransferFrom' : 'transferFrom',
          [senderAddress(sender), to, id],
        )
        predictFn = () =>
          model.transferFrom({
            sender: senderAddress(sender),
            from: senderAddress(sender),
            to,
            tokenId: id,
            safe: action.safe,
            recipientIsContract: to !== hostile.address,
            acceptsTokens: true,
          })
        ownership = [id]
        break
      }
      case 'ownCommit': {
        const id = token(action.token)
        const controller = (model.controllerOf(id) ?? hostile.address) as AddressHex
        sender = controller.toLowerCase() === hostile.receiver?.address.toLowerCase() ? 'receiver' : 'eoa'
        const interval = resolveInterval(model, action.target)
        call(
          `commit(own ${id}, ${interval}, ${action.energyWh} Wh, ${action.side}, limit ${action.limitPriceWeiPerKWh})`,
          c.pool.address,
          c.pool.abi,
          'commit',
          [id, interval, action.energyWh, action.side === 'production' ? 0 : 1, action.limitPriceWeiPerKWh],
        )
        predictFn = () =>
          model.commit({
            from: senderAddress(sender),
            tokenId: id,
            interval,
            energyWh: action.energyWh,
            side: action.side,
            limitPriceWeiPerKWh: action.limitPriceWeiPerKWh,
          })
        break
      }
      case 'ownWithdrawCollateral': {
        const receiver = hostile.receiver as NonNullable<typeof hostile.receiver>
        sender = 'receiver'
        if (model.profilesControlledBy(receiver.address).length === 0) {
          setupChanged = true
          // The receiver needs a profile of its own first: it registers one with ETH the hostile EOA sends along.
          const valueWei = 10n ** 6n
          const data = encodeFunctionData({ abi: c.profile.abi, functionName: 'registerUserInPool', args: [9, 4] })
          await both(
            `${this} (the receiver registers a profile first)`,
            () =>
              model.transaction(() => {
                model.transfer({ from: hostile.address, to: receiver.address, valueWei })
                return model.registerUser({
                  from: receiver.address,
                  valueWei,
                  location: 9,
                  energyType: 4,
                  inPool: true,
                })
              }),
            () =>
              sim.chain.sendTransaction({
                from: hostile.address,
                to: receiver.address,
                value: valueWei,
                data: encodeFunctionData({
                  abi: receiver.abi,
                  functionName: 'execute',
                  args: [c.profile.address, data, valueWei],
                } as never),
              }),
          )
        }
        const receiverTokens = model.profilesControlledBy(receiver.address)
        const id = receiverTokens[
          (action.token.kind === 'own' ? action.token.index : 0) % receiverTokens.length
        ] as bigint
        const p = model.profile(id)
        const amountWei =
          action.amountWei === 'available' ? (p === undefined ? 1n : p.collateralWei - p.lockedWei) : action.amountWei
        const behaviour = reentryCall(m, r, action.reentry, id, amountWei, hostileTokens)
        // The behaviour is set first, in its own transaction that cannot fail.
        await sim.chain.sendTransaction({
          from: hostile.address,
          to: receiver.address,
          data: encodeFunctionData({
            abi: receiver.abi,
            functionName: 'setBehaviour',
            args: [behaviour.to, behaviour.data, behaviour.bubble, behaviour.refuse],
          } as never),
        })
        before = await receiverCounters(r)
        call(
          `withdrawCollateral(own ${id}, ${amountWei}) with ${describeReentry(action.reentry)}`,
          c.profile.address,
          c.profile.abi,
          'withdrawCollateral',
          [id, amountWei],
        )
        reentry = { attempts: 0n, successes: 0n }
        const counters = reentry
        predictFn = () => {
          counters.attempts = 0n
          counters.successes = 0n
          return model.withdrawCollateral({
            from: receiver.address,
            tokenId: id,
            amountWei,
            onReceive: behaviour.model === undefined ? undefined : () => behaviour.model?.(counters),
          })
        }
        valueMovers = [id, ...behaviour.movers]
        keeperLike = behaviour.keeperLike
        break
      }
    }

    const sent = calls[0] as Call
    this.#resolved = ` → ${sent.label}${sender === 'receiver' ? ' via receiver' : ''}`
    const receiver = hostile.receiver
    const viaReceiver = sender === 'receiver' && receiver !== undefined && action.kind !== 'fundReceiver'
    // Through the receiver, the hostile EOA sends the value along to `execute`, which forwards it.
    const predicted: Outcome<unknown> = predict(() =>
      viaReceiver && sent.valueWei > 0n
        ? model.transaction(() => {
            model.transfer({
              from: hostile.address,
              to: (receiver as NonNullable<typeof receiver>).address,
              valueWei: sent.valueWei,
            })
            return predictFn()
          })
        : predictFn(),
    )
    const actual = await attempt(async () => {
      if (viaReceiver) {
        const data = encodeFunctionData({
          abi: receiver.abi,
          functionName: 'execute',
          args: [sent.to, sent.data, sent.valueWei],
        } as never)
        return sim.chain.sendTransaction({ from: hostile.address, to: receiver.address, data, value: sent.valueWei })
      }
      return sim.chain.sendTransaction({ from: hostile.address, to: sent.to, data: sent.data, value: sent.valueWei })
    })
    expectSameOutcome(this.toString(), predicted, actual)

    if (reentry !== undefined && actual.ok) {
      const after = await receiverCounters(r)
      expectEqual(
        `${this} re-entries (attempts, successes)`,
        [reentry.attempts, reentry.successes],
        [after.attempts - before.attempts, after.successes - before.successes],
      )
    }
    if (action.kind === 'keeper' && action.call === 'settle')
      valueMovers = bookTokens(model, resolveInterval(model, action.target))

    const receipts: Receipt[] = actual.ok ? [actual.value] : receiptsOf(actual)
    if (actual.ok && progressIntervals !== undefined && progressIntervals.length > 0) {
      await applyKeeperProgress(m, r, this.toString(), receipts, progressIntervals)
      valueMovers = [...valueMovers, ...bookTokens(model, progressIntervals[0] as number)]
    }
    await finish(
      m,
      r,
      this,
      {
        failedFirst: !actual.ok && !setupChanged,
        hostileOnly: !keeperLike,
        ownership: [
          ...ownership,
          ...hostileTokens,
          ...(hostile.receiver ? model.profilesControlledBy(hostile.receiver.address) : []),
        ],
        valueMovers: [...valueMovers, ...hostileTokens],
        intervals: action.kind === 'keeper' || action.kind === 'ownWithdrawCollateral' ? model.touchedIntervals : [],
        newCommitments:
          predicted.ok && (action.kind === 'ownCommit' || action.kind === 'commit') ? [predicted.value as bigint] : [],
        receipts,
      },
      actual,
    )
  }

  toString(): string {
    const { kind, ...rest } = this.action
    return `hostile.${kind}(${describeAction(rest)}${this.#resolved})`
  }
}

function describeAction(rest: Record<string, unknown>): string {
  return Object.entries(rest)
    .map(
      ([k, v]) =>
        `${k}: ${typeof v === 'bigint' ? v.toString() : v !== null && typeof v === 'object' ? ('kind' in v && 'target' in rest && v === rest.target ? describeTarget(v as IntervalTarget) : JSON.stringify(v, (_, x: unknown) => (typeof x === 'bigint' ? x.toString() : x))) : String(v)}`,
    )
    .join(', ')
}

function describeReentry(mode: ReentryMode): string {
  return mode.kind === 'none' ? 'no re-entry' : `re-entry ${mode.kind}`
}

/** The token id `target` means now. */
function resolveToken(m: Readonly<MarketRunModel>, target: TokenTarget, hostileTokens: readonly bigint[]): bigint {
  const victims = m.users.map((u) => u.tokenId).filter((id) => !hostileTokens.includes(id))
  switch (target.kind) {
    case 'victim':
      return victims.length === 0 ? m.model.lastTokenId + 1n : (victims[target.index % victims.length] as bigint)
    case 'own':
      return hostileTokens.length === 0
        ? m.model.lastTokenId + 1n
        : (hostileTokens[target.index % hostileTokens.length] as bigint)
    case 'zero':
      return 0n
    case 'next':
      return m.model.lastTokenId + 1n
    case 'aliased':
      // Equal to a victim's id in the low 48 bits the packed words keep.
      return (victims.length === 0 ? 1n : (victims[target.index % victims.length] as bigint)) + 2n ** 48n
    case 'max':
      return MAX_UINT256
  }
}

async function receiverCounters(r: MarketRun): Promise<{ attempts: bigint; successes: bigint }> {
  const receiver = r.hostile?.receiver
  if (receiver === undefined) return { attempts: 0n, successes: 0n }
  const read = (functionName: string) =>
    r.sim.chain.call({ address: receiver.address, abi: receiver.abi, functionName } as never) as Promise<bigint>
  return { attempts: await read('reentryAttempts'), successes: await read('reentrySuccesses') }
}

/** The call the receiver makes when paid, and what the model does for it. */
function reentryCall(
  m: MarketRunModel,
  r: MarketRun,
  mode: ReentryMode,
  tokenId: bigint,
  amountWei: bigint,
  hostileTokens: readonly bigint[],
): {
  to: AddressHex
  data: Hex
  bubble: boolean
  refuse: boolean
  model: ((counters: { attempts: bigint; successes: bigint }) => void) | undefined
  movers: bigint[]
  keeperLike: boolean
} {
  const c = r.sim.contracts
  const receiver = r.hostile?.receiver?.address as AddressHex
  const model: MarketModel = m.model
  const none = {
    to: ZERO_ADDRESS,
    data: '0x' as Hex,
    bubble: false,
    refuse: false,
    model: undefined,
    movers: [],
    keeperLike: false,
  }
  const nested = (bubble: boolean, op: () => unknown) => (counters: { attempts: bigint; successes: bigint }) => {
    counters.attempts += 1n
    try {
      model.transaction(op)
      counters.successes += 1n
    } catch (error) {
      if (!(error instanceof ModelFailure) || bubble) throw error
    }
  }
  switch (mode.kind) {
    case 'none':
      return none
    case 'refuse':
      return { ...none, refuse: true, model: () => model.forbidden('MaliciousReceiverRefused', {}) }
    case 'withdrawAgain':
      return {
        ...none,
        to: c.profile.address,
        data: encodeFunctionData({
          abi: c.profile.abi,
          functionName: 'withdrawCollateral',
          args: [tokenId, amountWei],
        }),
        bubble: mode.bubble,
        model: nested(mode.bubble, () => model.withdrawCollateral({ from: receiver, tokenId, amountWei })),
      }
    case 'addCollateral':
      return {
        ...none,
        to: c.profile.address,
        data: encodeFunctionData({ abi: c.profile.abi, functionName: 'addCollateral', args: [tokenId] }),
        bubble: mode.bubble,
        model: nested(mode.bubble, () => model.addCollateral({ from: receiver, tokenId, valueWei: 0n })),
      }
    case 'withdrawVictim': {
      const victims = m.users.map((u) => u.tokenId).filter((id) => !hostileTokens.includes(id))
      const victim =
        victims.length === 0
          ? 1n
          : (victims[(mode.victim.kind === 'victim' ? mode.victim.index : 0) % victims.length] as bigint)
      return {
        ...none,
        to: c.profile.address,
        data: encodeFunctionData({ abi: c.profile.abi, functionName: 'withdrawCollateral', args: [victim, 1n] }),
        bubble: mode.bubble,
        model: nested(mode.bubble, () => model.withdrawCollateral({ from: receiver, tokenId: victim, amountWei: 1n })),
      }
    }
    case 'processBuffer':
      return {
        ...none,
        to: c.market.address,
        data: encodeFunctionData({ abi: c.market.abi, functionName: 'processBuffer', args: [mode.maxItems] }),
        bubble: mode.bubble,
        model: nested(mode.bubble, () => model.processBuffer(mode.maxItems)),
        keeperLike: true,
      }
    case 'commit': {
      const interval = model.currentInterval
      return {
        ...none,
        to: c.pool.address,
        data: encodeFunctionData({
          abi: c.pool.abi,
          functionName: 'commit',
          args: [tokenId, interval, mode.energyWh, mode.side === 'production' ? 0 : 1, mode.limitPriceWeiPerKWh],
        }),
        bubble: mode.bubble,
        model: nested(mode.bubble, () =>
          model.commit({
            from: receiver,
            tokenId,
            interval,
            energyWh: mode.energyWh,
            side: mode.side,
            limitPriceWeiPerKWh: mode.limitPriceWeiPerKWh,
          }),
        ),
      }
    }
  }
}

/** Hostile actions, weighted towards attacks on others; see {@link HostileAction}. */
export function hostileCommandArbitrary(): fc.Arbitrary<MarketCommand> {
  const sender = fc.constantFrom<Sender>('eoa', 'receiver')
  const foreign = fc.oneof(
    { arbitrary: fc.nat(10).map((index): TokenTarget => ({ kind: 'victim', index })), weight: 6 },
    { arbitrary: fc.constantFrom<TokenTarget>({ kind: 'zero' }, { kind: 'next' }, { kind: 'max' }), weight: 2 },
    { arbitrary: fc.nat(10).map((index): TokenTarget => ({ kind: 'aliased', index })), weight: 1 },
  )
  const own = fc.nat(5).map((index): TokenTarget => ({ kind: 'own', index }))
  const amount = fc.oneof(
    { arbitrary: fc.constantFrom(...EXTREME_AMOUNTS), weight: 2 },
    { arbitrary: fc.bigInt(1n, 10n ** 6n), weight: 1 },
  )
  const energy = fc.constantFrom(0n, 1n, 1_000n, 2n ** 64n - 1n)
  const limit = fc.constantFrom(0n, 1n, 1_500n, 2n ** 96n - 1n)
  const side = fc.constantFrom<Side>('production', 'consumption')
  const target = fc.oneof(
    fc.integer({ min: -2, max: 2 }).map((offset): IntervalTarget => ({ kind: 'relative', offset })),
    fc.nat(20).map((index): IntervalTarget => ({ kind: 'touched', index })),
    fc.constant<IntervalTarget>({ kind: 'absolute', interval: 2 ** 32 - 1 }),
  )
  const bubble = fc.boolean()
  const reentry: fc.Arbitrary<ReentryMode> = fc.oneof(
    fc.constant<ReentryMode>({ kind: 'none' }),
    fc.constant<ReentryMode>({ kind: 'refuse' }),
    bubble.map((b): ReentryMode => ({ kind: 'withdrawAgain', bubble: b })),
    bubble.map((b): ReentryMode => ({ kind: 'addCollateral', bubble: b })),
    fc.tuple(foreign, bubble).map(([victim, b]): ReentryMode => ({ kind: 'withdrawVictim', victim, bubble: b })),
    fc
      .tuple(fc.constantFrom(0n, 1n, 5n), bubble)
      .map(([maxItems, b]): ReentryMode => ({ kind: 'processBuffer', maxItems, bubble: b })),
    fc.tuple(energy, side, limit, bubble).map(
      ([energyWh, s, l, b]): ReentryMode => ({
        kind: 'commit',
        energyWh,
        side: s,
        limitPriceWeiPerKWh: l,
        bubble: b,
      }),
    ),
  )
  const action: fc.Arbitrary<HostileAction> = fc.oneof(
    {
      arbitrary: fc.record({
        kind: fc.constant('addCollateral' as const),
        sender,
        token: foreign,
        valueWei: fc.constantFrom(0n, 1n, 10n ** 18n),
      }),
      weight: 2,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('withdrawCollateral' as const),
        sender,
        token: foreign,
        amountWei: amount,
      }),
      weight: 3,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('commit' as const),
        sender,
        token: foreign,
        target,
        energyWh: energy,
        side,
        limitPriceWeiPerKWh: limit,
      }),
      weight: 2,
    },
    { arbitrary: fc.record({ kind: fc.constant('poolWithdraw' as const), sender, token: foreign }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant('poolDeposit' as const), sender, token: foreign }), weight: 1 },
    {
      arbitrary: fc.record({
        kind: fc.constant('transferFrom' as const),
        sender,
        token: foreign,
        safe: fc.boolean(),
        toPool: fc.boolean(),
      }),
      weight: 2,
    },
    { arbitrary: fc.record({ kind: fc.constant('approve' as const), sender, token: foreign }), weight: 1 },
    {
      arbitrary: fc.record({ kind: fc.constant('openCommitment' as const), sender, token: foreign, lockWei: amount }),
      weight: 1,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('applyCommitmentUpdates' as const),
        sender,
        token: foreign,
        amountWei: amount,
      }),
      weight: 2,
    },
    {
      arbitrary: fc.record({ kind: fc.constant('recordCommitted' as const), sender, target, energyWh: energy }),
      weight: 1,
    },
    {
      arbitrary: fc.record({ kind: fc.constant('recordMetered' as const), sender, target, energyWh: energy }),
      weight: 1,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('wire' as const),
        sender,
        contract: fc.constantFrom('profile' as const, 'pool' as const),
      }),
      weight: 1,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('ownerOnly' as const),
        sender,
        call: fc.constantFrom('withdrawSurplus' as const, 'setGracePeriod' as const, 'setReporter' as const),
      }),
      weight: 1,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('updateAnswer' as const),
        sender,
        answer: fc.constantFrom(1n, 10n ** 30n, -1n),
      }),
      weight: 1,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('meter' as const),
        sender,
        call: fc.constantFrom('reportDeliveries' as const, 'finalizeDeliveries' as const),
        target,
        token: foreign,
      }),
      weight: 1,
    },
    { arbitrary: fc.record({ kind: fc.constant('onERC721Received' as const), sender, token: foreign }), weight: 1 },
    {
      arbitrary: fc.record({
        kind: fc.constant('keeper' as const),
        call: fc.constantFrom('processBuffer' as const, 'settle' as const, 'expireInterval' as const),
        target,
        maxItems: fc.constantFrom(0n, 1n, 2n ** 64n, MAX_UINT256),
      }),
      weight: 2,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('register' as const),
        sender,
        valueWei: fc.constantFrom(0n, 1n, 10n ** 6n, 10n ** 18n),
        inPool: fc.boolean(),
      }),
      weight: 3,
    },
    {
      arbitrary: fc.record({ kind: fc.constant('fundReceiver' as const), valueWei: fc.constantFrom(1n, 10n ** 18n) }),
      weight: 1,
    },
    { arbitrary: fc.record({ kind: fc.constant('ownDeposit' as const), token: own }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('ownTransfer' as const), token: own, safe: fc.boolean() }), weight: 1 },
    {
      arbitrary: fc.record({
        kind: fc.constant('ownCommit' as const),
        token: own,
        target,
        energyWh: energy,
        side,
        limitPriceWeiPerKWh: limit,
      }),
      weight: 2,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('ownWithdrawCollateral' as const),
        token: own,
        amountWei: fc.oneof(fc.constant('available' as const), amount),
        reentry,
      }),
      weight: 4,
    },
  )
  return action.map((a) => new HostileCommand(a))
}
