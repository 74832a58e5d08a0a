import { encodeFunctionData } from 'viem'
import type { AddressHex, Receipt } from '../../../chain/types.js'
import type { MaliciousReceiver } from '../../deployMaliciousReceiver.js'
import type { HostileAccount, MarketRun, MarketRunModel } from '../../MarketRun.js'
import { attempt, expectSameOutcome, type Outcome, predict } from '../../outcomes.js'
import {
  applyKeeperProgress,
  bookTokens,
  describeTarget,
  expectEqual,
  finish,
  type IntervalTarget,
  type MarketCommand,
  receiptsOf,
} from '../helpers.js'
import type { HostileAction, Sender } from './HostileAction.js'
import type { HostileContext, HostileEntry, HostileStep } from './HostileStep.js'
import { hostileEntries } from './hostileEntries.js'
import { receiverCounters } from './receiverReentry.js'
import { resolveToken } from './resolveToken.js'

/**
 * The hostile account acts: calls every external function of every contract with foreign
 * token ids, other users' commitments and extreme values, calls the functions the contracts
 * call on each other, and drains its own collateral through a malicious receiver that
 * re-enters. The model predicts each outcome; the run checks that the hostile account gains
 * nothing it did not earn by trading and that no one else's state changes. Each kind of action
 * is an entry of a table (`hostileEntries`): its call, its prediction and what it may move.
 *
 * @example
 * import { HostileCommand } from 'dem-sim/testing'
 * const command = new HostileCommand({ kind: 'poolWithdraw', sender: 'eoa', token: { kind: 'victim', index: 0 } })
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
    const h = hostileContext(m, r, hostile, () => this.toString())
    const entry = hostileEntries[this.action.kind] as HostileEntry<HostileAction>
    const step = await entry(this.action, h)
    const sender = step.sender ?? 'eoa'
    this.#resolved = ` → ${step.call.label}${sender === 'receiver' ? ' via receiver' : ''}`
    const predicted = predictStep(h, step, sender)
    const actual = await attempt(() => sendStep(h, step, sender))
    const tolerated =
      predicted.ok && !actual.ok && actual.failure.kind === 'reverted' && step.mayFailWith?.(actual.failure.errorName)
    if (!tolerated) expectSameOutcome(this.toString(), predicted, actual)

    if (step.reentry !== undefined && actual.ok) {
      const { before, predicted: expected } = step.reentry
      const after = await receiverCounters(r)
      expectEqual(
        `${this} re-entries (attempts, successes)`,
        [expected.attempts, expected.successes],
        [after.attempts - before.attempts, after.successes - before.successes],
      )
    }
    const receipts: Receipt[] = actual.ok ? [actual.value] : receiptsOf(actual)
    if (step.griefs !== undefined)
      for (const receipt of receipts) r.noteGriefing(step.griefs, receipt.gasUsed, actual.ok)
    const valueMovers = [
      ...(step.valueMovers ?? []),
      ...(predicted.ok ? (step.created?.(predicted.value) ?? []) : []),
      ...(step.moversAfter?.() ?? []),
    ]
    const progress = step.progressIntervals ?? []
    if (actual.ok && progress.length > 0) {
      await applyKeeperProgress(m, r, this.toString(), receipts, progress)
      valueMovers.push(...bookTokens(h.model, progress[0] as number))
    }
    const receiverTokens = hostile.receiver ? h.model.profilesControlledBy(hostile.receiver.address) : []
    await finish(
      m,
      r,
      this,
      {
        failedFirst: !actual.ok && !step.setupChanged,
        hostileOnly: !step.keeperLike,
        ownership: [
          ...(step.ownership ?? []),
          ...(predicted.ok ? (step.created?.(predicted.value) ?? []) : []),
          ...h.hostileTokens,
          ...receiverTokens,
        ],
        valueMovers: [...valueMovers, ...h.hostileTokens],
        intervals: step.observeIntervals ? h.model.touchedIntervals : [],
        newCommitments: predicted.ok && step.commits ? [predicted.value as bigint] : [],
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

/** The hostile account's view of the run, with its targets resolved against the current state. */
function hostileContext(
  m: MarketRunModel,
  r: MarketRun,
  hostile: HostileAccount,
  describe: () => string,
): HostileContext {
  const { model } = m
  const hostileTokens = [hostile.address, hostile.receiver?.address]
    .filter((a): a is AddressHex => a !== undefined)
    .flatMap((a) => model.profilesControlledBy(a))
  return {
    m,
    r,
    model,
    contracts: r.sim.contracts,
    hostile,
    hostileTokens,
    senderAddress: (sender: Sender): AddressHex =>
      sender === 'receiver' ? (hostile.receiver?.address as AddressHex) : hostile.address,
    token: (target) => resolveToken(m, target, hostileTokens),
    describe,
    act: (action) => new HostileCommand(action).run(m, r),
  }
}

/** Through the receiver, the hostile EOA sends the value along to `execute`, which forwards it. */
function predictStep(h: HostileContext, step: HostileStep, sender: Sender): Outcome<unknown> {
  const { model, hostile } = h
  const receiver = hostile.receiver
  const { valueWei } = step.call
  return predict(() =>
    sender === 'receiver' && receiver !== undefined && valueWei > 0n
      ? model.transaction(() => {
          model.transfer({ from: hostile.address, to: receiver.address, valueWei })
          return step.predict()
        })
      : step.predict(),
  )
}

/** Sends the step's call from the hostile EOA, or through the receiver's `execute`. */
function sendStep(h: HostileContext, step: HostileStep, sender: Sender): Promise<Receipt> {
  const { chain } = h.r.sim
  const { hostile } = h
  const { to, data, valueWei } = step.call
  if (sender === 'receiver' && hostile.receiver !== undefined) {
    const receiver: MaliciousReceiver = hostile.receiver
    const execute = encodeFunctionData({
      abi: receiver.abi,
      functionName: 'execute',
      args: [to, data, valueWei],
    } as never)
    return chain.sendTransaction({ from: hostile.address, to: receiver.address, data: execute, value: valueWei })
  }
  return chain.sendTransaction({ from: hostile.address, to, data, value: valueWei })
}

function describeAction(rest: Record<string, unknown>): string {
  const json = (v: unknown) => JSON.stringify(v, (_, x: unknown) => (typeof x === 'bigint' ? x.toString() : x))
  return Object.entries(rest)
    .map(([k, v]) => {
      if (typeof v === 'bigint') return `${k}: ${v.toString()}`
      if (v === null || typeof v !== 'object') return `${k}: ${String(v)}`
      const isTarget = 'kind' in v && 'target' in rest && v === rest.target
      return `${k}: ${isTarget ? describeTarget(v as IntervalTarget) : json(v)}`
    })
    .join(', ')
}
