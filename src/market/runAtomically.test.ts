import { describe, expect, it } from 'vitest'
import { type Chain, createChain } from '../chain/createChain.js'
import { NodeRequestError, TransactionRevertedError } from '../chain/errors.js'
import { MECHANISMS } from '../mechanisms/mechanisms.js'
import { DemSimulator } from './DemSimulator.js'
import { OperationRolledBackError } from './OperationRolledBackError.js'

const ETHER = 10n ** 18n
const READINGS = { priceWeiPerKWh: 1_000n, producedWh: 10_000n, consumedWh: 10_000n }

/** A chain whose `nth` transaction calling `functionName` is lost, as on a node that dropped the connection. */
function losing(chain: Chain, functionName: string, nth: number): Chain {
  let seen = 0
  return new Proxy(chain, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver)
      return (parameters: Parameters<Chain['send']>[0]) => {
        if (parameters.functionName === functionName && ++seen === nth)
          return Promise.reject(new NodeRequestError('eth_sendRawTransaction', 'connection reset', undefined))
        return target.send(parameters)
      }
    },
  })
}

/** A market with `users` producers and as many consumers committed to the current interval, buffer unprocessed. */
async function market(mechanism: (typeof MECHANISMS)[number], users: number, chain?: Chain) {
  const sim = await DemSimulator.create({ mechanism, defaultBatchSize: 2, ...(chain === undefined ? {} : { chain }) })
  const interval = sim.currentInterval
  for (let k = 0; k < users; k++) {
    const producer = await sim.addUser({ collateralWei: 0n })
    const consumer = await sim.addUser({ collateralWei: ETHER })
    await sim.commit(producer, { interval, energyWh: 1_000n, side: 'production', limitPriceWeiPerKWh: 1n })
    await sim.commit(consumer, { interval, energyWh: 1_000n, side: 'consumption', limitPriceWeiPerKWh: 10n ** 15n })
  }
  return { sim, interval }
}

/** Everything an operation could change, as the simulator's API reads it. */
async function stateOf(sim: DemSimulator, interval: number) {
  const feeds = [sim.contracts.priceFeed, sim.contracts.producedFeed, sim.contracts.consumedFeed]
  return {
    block: sim.chain.blockNumber,
    timestamp: sim.chain.timestamp,
    ledger: sim.gas.entries.length,
    buffer: await sim.bufferLength(),
    interval: await sim.interval(interval),
    commitments: await sim.commitments(),
    profiles: await Promise.all(sim.users.map((u) => sim.profile(u))),
    rounds: await Promise.all(feeds.map((feed) => sim.chain.call({ ...feed, functionName: 'latestRoundData' }))),
    final: await sim.chain.call({ ...sim.contracts.meter, functionName: 'deliveriesFinal', args: [interval] }),
  }
}

async function rolledBack(operation: Promise<unknown>): Promise<OperationRolledBackError> {
  const error = await operation.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(OperationRolledBackError)
  return error as OperationRolledBackError
}

describe.each(MECHANISMS.map((mechanism) => [mechanism.name, mechanism] as const))(
  'operations of several transactions on %s complete or change nothing',
  (_, mechanism) => {
    it('setOracle whose delivery report fails publishes no feed round', async () => {
      const { sim, interval } = await market(mechanism, 2)
      sim.advanceInterval()
      const before = await stateOf(sim, interval)
      // Profile 99 was never minted: the meter refuses it after the feeds' rounds went out.
      const error = await rolledBack(sim.setOracle({ ...READINGS, deliveredWh: new Map([[99n, 1_000n]]) }))
      const feeds = mechanism.readsPriceFeed ? 3 : 2
      expect(error.operation).toBe('setOracle')
      expect(error.sent.map((entry) => entry.operation)).toEqual(Array(feeds).fill('updateAnswer'))
      expect(error.cause).toBeInstanceOf(TransactionRevertedError)
      expect((error.cause as TransactionRevertedError).errorName).toBe('SimulatedMeterUnknownProfile')
      expect(error.shortMessage).toBe(
        `setOracle was rolled back: updateAnswer ×${feeds} had been sent when reportDeliveries reverted: SimulatedMeterUnknownProfile(99, 4)`,
      )
      expect(await stateOf(sim, interval)).toEqual(before)
      // The same report with the producers' own deliveries goes through, and the interval settles.
      await sim.setOracle(READINGS)
      expect((await sim.settle(interval)).tradedWh).toBe(2_000n)
    })

    it('settle that fails after draining the buffer leaves the buffer as it was', async () => {
      const { sim, interval } = await market(mechanism, 2)
      const before = await stateOf(sim, interval)
      const error = await rolledBack(sim.settle(interval))
      expect(error.sent.map((entry) => entry.operation)).toEqual(['processBuffer', 'processBuffer'])
      expect((error.cause as TransactionRevertedError).errorName).toBe('EnergyMarketIntervalNotClosed')
      expect(await stateOf(sim, interval)).toEqual(before)
    })

    it('settle, processBuffer and expireInterval whose later transaction is lost change nothing', async () => {
      const cases = [
        ['settle', 2, (sim: DemSimulator, interval: number) => sim.settle(interval, { maxItems: 2 })],
        ['processBuffer', 2, (sim: DemSimulator) => sim.processBuffer()],
        ['expireInterval', 2, (sim: DemSimulator, interval: number) => sim.expireInterval(interval)],
      ] as const
      for (const [functionName, nth, operation] of cases) {
        const { sim, interval } = await market(
          mechanism,
          2,
          losing(await createChain({ accounts: 3 }), functionName, nth),
        )
        if (functionName !== 'processBuffer') await sim.processBuffer()
        sim.advanceInterval(functionName === 'expireInterval' ? 30 : 1)
        if (functionName === 'settle') await sim.setOracle(READINGS)
        const before = await stateOf(sim, interval)
        const error = await rolledBack(operation(sim, interval))
        expect(error.operation).toBe(functionName)
        expect(error.sent.map((entry) => entry.operation)).toContain(functionName)
        expect(error.cause).toBeInstanceOf(NodeRequestError)
        expect(await stateOf(sim, interval)).toEqual(before)
      }
    })

    it('a failing first transaction is thrown as it is', async () => {
      const { sim, interval } = await market(mechanism, 1)
      await sim.processBuffer()
      const error = await sim.settle(interval).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(TransactionRevertedError)
      expect((error as TransactionRevertedError).errorName).toBe('EnergyMarketIntervalNotClosed')
    })
  },
)
