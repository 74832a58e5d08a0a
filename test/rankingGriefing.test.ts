import type { Abi } from 'abitype'
import { afterAll, describe, expect, it } from 'vitest'
import type { AddressHex } from '../src/chain/types.js'
import { DemSimulator } from '../src/market/DemSimulator.js'
import { KeeperWaitError } from '../src/mechanisms/KeeperWaitError.js'
import { meritOrder } from '../src/mechanisms/meritOrder.js'
import { MECHANISMS } from '../src/mechanisms/mechanisms.js'
import { readBook } from '../src/mechanisms/readBook.js'

/**
 * A stranger ranks an interval of a merit-order market out of turn (issue #23): the keeper
 * recovers from a ranking that skipped an entry (proving the skip and ranking again), waits out
 * the claim of a correct one and continues it, and settles every commitment as it would have
 * alone. Each case prints the griefer's gas against the extra gas it cost the keeper. Which
 * mechanisms rank is asked of their market's ABI.
 */
const ranking = MECHANISMS.filter((m) => (m.market.abi as Abi).some((f) => f.type === 'function' && f.name === 'rank'))
const ETHER = 10n ** 18n
const PRODUCERS = 6
const CONSUMERS = 6
const lines: string[] = []

/** An interval with six producers and six consumers whose limits cross, closed and reported. */
async function market(mechanism: (typeof ranking)[number]) {
  const sim = await DemSimulator.create({ mechanism })
  const users = []
  for (let k = 0; k < PRODUCERS + CONSUMERS; k++) users.push(await sim.addUser({ collateralWei: ETHER }))
  for (const [k, user] of users.entries()) {
    const producer = k < PRODUCERS
    // Limits out of book order, so the merit order differs from filing order.
    const limitPriceWeiPerKWh = producer
      ? 100n + BigInt((k * 7) % PRODUCERS) * 10n
      : 400n - BigInt((k * 5) % CONSUMERS) * 10n
    await sim.commit(user, {
      interval: 0,
      energyWh: 1_000n,
      side: producer ? 'production' : 'consumption',
      limitPriceWeiPerKWh,
    })
  }
  sim.advanceInterval()
  await sim.setOracle({ producedWh: 5_000n, consumedWh: 5_000n })
  await sim.processBuffer()
  const [account] = await sim.chain.addAccounts(1)
  const griefer = (account as { address: AddressHex }).address
  const contract = { address: sim.contracts.market.address, abi: mechanism.market.abi as Abi }
  const send = async (functionName: string, args: readonly unknown[]) =>
    (await sim.chain.send({ ...contract, functionName, args, from: griefer } as never)).receipt.gasUsed
  // The griefer starts the settlement itself, as anyone may, so the interval is clearing.
  await send('settle', [0, 1_000n])
  const order = meritOrder(
    await readBook({ chain: sim.chain, market: contract.address, pool: sim.contracts.pool.address }, 0),
  )
  return { sim, send, order }
}

/** The keeper's gas preparing interval 0 (its ranking and resets), from the ledger. */
function keeperPreparationGas(sim: DemSimulator): bigint {
  const keeper = sim.roles.keeper.toLowerCase()
  return sim.gas.entries
    .filter((e) => e.interval === 0 && e.from.toLowerCase() === keeper && e.operation !== 'settle')
    .reduce((sum, e) => sum + e.gasUsed, 0n)
}

describe.each(ranking.map((m) => [m.name, m] as const))('%s: a stranger ranks out of turn', (name, mechanism) => {
  afterAll(() => {
    for (const line of lines.splice(0)) console.log(line)
  })

  it('is asked of the market ABI, and some built-in mechanism ranks', () => {
    expect(ranking.length).toBeGreaterThan(0)
  })

  it('the keeper proves a skip, ranks again and settles as it would have alone', async () => {
    // Arrange: the keeper alone, for the trades and its gas.
    const alone = await market(mechanism)
    const expected = await alone.sim.settle(0)
    const aloneGas = keeperPreparationGas(alone.sim)
    const { sim, send, order } = await market(mechanism)

    // Act: the griefer ranks the producers' merit order without its first entry.
    const griefGas = await send('rank', [0, order.producerPositions.slice(1), order.consumerPositions])
    const result = await sim.settle(0)

    // Assert
    expect(result.trades).toEqual(expected.trades)
    expect(sim.gas.entries.filter((e) => e.operation === 'resetRanking')).toHaveLength(1)
    const extra = keeperPreparationGas(sim) - aloneGas
    lines.push(`${name} skip: griefer ${griefGas} gas, keeper +${extra} gas (ratio ${ratio(griefGas, extra)})`)
    expect(griefGas).toBeGreaterThan(extra)
  })

  it('the keeper waits out the claim of a correct prefix, then continues it', async () => {
    // Arrange
    const alone = await market(mechanism)
    const expected = await alone.sim.settle(0)
    const aloneGas = keeperPreparationGas(alone.sim)
    const { sim, send, order } = await market(mechanism)
    const griefGas = await send('rank', [0, order.producerPositions.slice(0, 2), order.consumerPositions.slice(0, 2)])

    // Act
    const wait = await sim.settle(0).then(
      () => undefined,
      (error: unknown) => error,
    )
    expect(wait).toBeInstanceOf(KeeperWaitError)
    sim.chain.setTime((wait as KeeperWaitError).retryAt)
    const result = await sim.settle(0)

    // Assert: the stranger's prefix only helped.
    expect(result.trades).toEqual(expected.trades)
    const keeperGas = keeperPreparationGas(sim)
    lines.push(`${name} prefix: griefer ${griefGas} gas, keeper ${keeperGas - aloneGas} gas against ranking alone`)
    expect(keeperGas).toBeLessThan(aloneGas)
  })
})

function ratio(griefGas: bigint, extra: bigint): string {
  return extra <= 0n ? 'no extra gas' : (Number(griefGas) / Number(extra)).toFixed(2)
}
