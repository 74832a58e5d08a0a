import * as fc from 'fast-check'
import type { SnapshotId } from '../chain/createChain.js'
import type { AddressHex } from '../chain/types.js'
import type { AddUserParameters, DemSimulator } from '../market/DemSimulator.js'
import type { User } from '../market/types.js'
import type { MarketCommand } from './commands/helpers.js'
import { LivenessCommand } from './commands/LivenessCommand.js'
import { createMarketModel } from './createMarketModel.js'
import type { MarketModel } from './MarketModel.js'
import { deployMaliciousReceiver } from './deployMaliciousReceiver.js'
import { diffObservations } from './diffObservations.js'
import { MarketRun, type HostileAccount, type MarketInvariant, type MarketRunModel } from './MarketRun.js'
import { createRunStats, type MarketRunStats } from './MarketRunStats.js'
import { observeMarketStorage } from './observeMarketStorage.js'
import type { MarketModelConfig, MarketObservation, ObservationScope } from './types.js'

export type CreateMarketModelRunnerOptions = {
  /**
   * Add a hostile account (an extra funded EOA that is no user) and, with `'receiver'`, its
   * malicious receiver contract (compiled with solc on first use, then cached). Needed by the
   * hostile commands. Default `false`.
   */
  hostile?: boolean | 'receiver'
  /** Observe everything every this many commands (and after the last). Default 8. */
  fullCheckEvery?: number
  /** Your own checks, run after every command. */
  invariants?: readonly MarketInvariant[]
  /**
   * Users registered (with `sim.addUser`) before the snapshot, so every run starts with them —
   * on the chain and, replayed, in the model. Default none.
   */
  initialUsers?: readonly AddUserParameters[]
  /** Called with a line per command, e.g. `console.log`, to follow runs. */
  trace?: (line: string) => void
  /**
   * How the chain is read; default {@link observeMarketStorage} (straight from storage, no call
   * frames). Pass {@link observeMarket} to read through the contracts' views instead.
   */
  observe?: (sim: DemSimulator, scope: ObservationScope) => Promise<MarketObservation>
}

/** Runs command sequences against one simulator, each from the same snapshot, with the model alongside. */
export type MarketModelRunner = {
  readonly sim: DemSimulator
  readonly hostile: HostileAccount | undefined
  /** The model's configuration, read from the deployed market. */
  readonly config: MarketModelConfig
  /** Counters summed over every run. */
  readonly stats: MarketRunStats
  /**
   * Reverts the simulator to the snapshot, runs `commands` on it and on a fresh model with
   * `fc.asyncModelRun`, checking everything after every command, then observes everything once
   * more and cross-checks the simulator's own API (`sim.profile`, `sim.commitments()`, ...).
   * With `liveness`, the run ends with the liveness property ({@link LivenessCommand}) in keeper
   * calls of that many work items.
   */
  run(commands: Iterable<MarketCommand>, options?: { liveness?: number }): Promise<void>
}

/**
 * Prepares model-based runs on a freshly created simulator: adds the hostile account if asked,
 * takes the snapshot every run starts from (so runs cost no redeploy), and reads the market's
 * parameters into the model's configuration.
 *
 * @param sim a simulator straight from `DemSimulator.create()` (no users or feed rounds yet)
 * @example
 * import fc from 'fast-check'
 * import { DemSimulator } from 'dem-sim'
 * import { createMarketModelRunner, marketCommands } from 'dem-sim/testing'
 * const runner = await createMarketModelRunner(await DemSimulator.create())
 * await fc.assert(fc.asyncProperty(marketCommands(), (commands) => runner.run(commands)), { numRuns: 20 })
 */
export async function createMarketModelRunner(
  sim: DemSimulator,
  options: CreateMarketModelRunnerOptions = {},
): Promise<MarketModelRunner> {
  const { chain, contracts, roles } = sim
  const lastTokenId = await chain.call({ ...contracts.profile, functionName: 'lastTokenId' })
  const commitmentCount = await chain.call({ ...contracts.pool, functionName: 'commitmentCount' })
  const rounds = await chain.call({ ...contracts.priceFeed, functionName: 'latestRound' })
  if (lastTokenId !== 0n || commitmentCount !== 0n || rounds !== 0n) {
    throw new Error('createMarketModelRunner needs a fresh simulator: no profiles, commitments or feed rounds yet')
  }
  let hostile: HostileAccount | undefined
  if (options.hostile) {
    const [account] = await chain.addAccounts(1)
    const address = (account as { address: AddressHex }).address
    hostile = {
      address,
      receiver: options.hostile === 'receiver' ? await deployMaliciousReceiver(sim, address) : undefined,
    }
  }
  const accountBalanceWei = await chain.getBalance(hostile?.address ?? roles.keeper)
  const startedAt = chain.timestamp
  const initialUsers: { parameters: AddUserParameters; user: User }[] = []
  for (const parameters of options.initialUsers ?? []) {
    const { address, tokenId } = await sim.addUser(parameters)
    initialUsers.push({ parameters, user: { address, tokenId } })
  }
  const config: MarketModelConfig = {
    startTime: sim.startTime,
    intervalSeconds: sim.intervalSeconds,
    gracePeriodSeconds: await chain.call({ ...contracts.market, functionName: 'gracePeriodSeconds' }),
    minEnergyWh: await chain.call({ ...contracts.market, functionName: 'minEnergyWh' }),
    terms: sim.terms,
    priceDecimals: sim.priceDecimals,
    energyDecimals: sim.energyDecimals,
    timestamp: startedAt,
    accountBalanceWei,
    addresses: {
      profile: contracts.profile.address,
      pool: contracts.pool.address,
      market: contracts.market.address,
      priceFeed: contracts.priceFeed.address,
      producedFeed: contracts.producedFeed.address,
      consumedFeed: contracts.consumedFeed.address,
      meter: contracts.meter.address,
      ...roles,
    },
  }
  const snapshot: SnapshotId = sim.snapshot()
  const stats = createRunStats()
  const observe = options.observe ?? observeMarketStorage

  const freshModel = (): MarketModel => {
    const model = createMarketModel(config, sim.mechanism)
    if (hostile !== undefined) {
      model.addAccount(hostile.address, accountBalanceWei)
      if (hostile.receiver !== undefined) model.addAccount(hostile.receiver.address, 0n)
    }
    for (const { parameters, user } of initialUsers) {
      model.addAccount(user.address)
      const tokenId = model.registerUser({
        from: user.address,
        valueWei: parameters.collateralWei,
        location: parameters.location,
        energyType: parameters.energyType,
        inPool: parameters.deposit ?? true,
      })
      if (tokenId !== user.tokenId)
        throw new Error(`the model numbered an initial user ${tokenId}, the chain ${user.tokenId}`)
    }
    return model
  }

  return {
    sim,
    hostile,
    config,
    stats,
    async run(commands, runOptions = {}) {
      let state: { model: MarketRunModel; real: MarketRun } | undefined
      const started = performance.now()
      let ledgerMark = 0
      try {
        await fc.asyncModelRun(() => {
          sim.revert(snapshot)
          ledgerMark = sim.gas.mark()
          const model = freshModel()
          const real = new MarketRun(sim, hostile, {
            fullCheckEvery: options.fullCheckEvery,
            invariants: options.invariants,
            observe,
            stats,
            trace: options.trace,
            hostileStartWei: hostile === undefined ? undefined : accountBalanceWei,
          })
          state = { model: { model, users: initialUsers.map(({ user }) => user), hostile }, real }
          return state
        }, commands)
        if (state !== undefined) {
          if (runOptions.liveness !== undefined)
            await new LivenessCommand(runOptions.liveness).run(state.model, state.real)
          await state.real.afterCommand(state.model, 'final full check', {}, true)
          state.real.recordGriefing(state.model.model, ledgerMark)
          await crossCheckSimulatorApi(sim, state.model)
        }
      } finally {
        stats.runs += 1
        stats.elapsedMs += performance.now() - started
      }
    },
  }
}

/** The simulator's own read API agrees with the model: `sim.profile`, `sim.commitments()`, `sim.interval`, the buffer, ETH held. */
async function crossCheckSimulatorApi(sim: DemSimulator, m: MarketRunModel): Promise<void> {
  const { model } = m
  const pool = sim.contracts.pool.address.toLowerCase()
  const expected = {
    profiles: m.users.map((user) => {
      const p = model.profile(user.tokenId)
      if (p === undefined) throw new Error(`the model lost profile ${user.tokenId}`)
      return {
        tokenId: p.tokenId,
        owner: p.owner,
        controller: model.controllerOf(p.tokenId),
        deposited: p.owner === pool,
        location: p.location,
        energyType: p.energyType,
        collateralWei: p.collateralWei,
        lockedWei: p.lockedWei,
        availableWei: p.collateralWei - p.lockedWei,
        openCommitments: p.openCommitments,
      }
    }),
    commitments: model.commitments().map((c) => ({
      commitmentId: c.commitmentId,
      tokenId: c.tokenId,
      interval: c.interval,
      side: c.side,
      energyWh: c.energyWh,
      limitPriceWeiPerKWh: c.limitPriceWeiPerKWh,
      lockedWei: c.lockedWei,
      status: model.commitmentStatus(c.commitmentId),
    })),
    intervals: model.touchedIntervals.map((interval) => ({
      interval,
      phase: model.interval(interval).phase,
      ...model.totals(interval),
    })),
    buffer: model
      .commitments()
      .slice(model.bufferCursor)
      .map((c) => c.commitmentId),
    bufferLength: BigInt(model.bufferLength),
    heldWei: model.heldWei,
  }
  const actual = {
    profiles: await Promise.all(
      m.users.map(async (user) => {
        const p = await sim.profile(user)
        return { ...p, owner: p.owner.toLowerCase(), controller: p.controller.toLowerCase() }
      }),
    ),
    commitments: await sim.commitments(),
    // The price is each mechanism's own record (read from a feed, or discovered); the trades that follow from it are checked command by command.
    intervals: await Promise.all(
      model.touchedIntervals.map(async (interval) => {
        const { price: _price, priceDecimals: _decimals, ...rest } = await sim.interval(interval)
        return rest
      }),
    ),
    buffer: (await sim.buffer()).map((c) => c.commitmentId),
    bufferLength: await sim.bufferLength(),
    heldWei: await sim.heldWei(),
  }
  const differences = diffObservations(expected, actual)
  if (differences.length > 0) {
    throw new Error(`the simulator's API differs from the model:\n  ${differences.slice(0, 20).join('\n  ')}`)
  }
}
