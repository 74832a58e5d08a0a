import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DemSimulator } from '../../src/market/DemSimulator.js'
import { type OrderTerms, type SignedOrder, signOrder } from '../../src/market/signOrder.js'
import type { OrderSkipReason } from '../../src/market/submitOrders.js'
import type { Side, User } from '../../src/market/types.js'
import { MECHANISMS } from '../../src/mechanisms/mechanisms.js'

const SEED = 22_0001
const RUNS = 12
const USERS = 4
const ETHER = 10n ** 18n
// Limits around every built-in mechanism's prices (sdr's between the default tariffs).
const PRICE = 50_000_000_000_000n

/** What an adversary does to an order before it reaches the pool. */
const MUTATIONS = ['none', 'forged', 'tampered', 'expired', 'replayed', 'duplicated', 'malformed'] as const
type Mutation = (typeof MUTATIONS)[number]

const orderArbitrary = fc.record({
  user: fc.integer({ min: 0, max: USERS - 1 }),
  side: fc.constantFrom<Side>('production', 'consumption'),
  energyWh: fc.oneof(fc.bigInt({ min: 1n, max: 3_000n }), fc.constantFrom(99n, 100n)),
  nonce: fc.bigInt({ min: 0n, max: 3n }),
  mutation: fc.constantFrom(...MUTATIONS),
  batch: fc.integer({ min: 0, max: 2 }),
})
const caseArbitrary = fc.record({
  orders: fc.array(orderArbitrary, { minLength: 1, maxLength: 10 }),
  /** A user whose collateral vanishes between signing and submission. */
  drained: fc.option(fc.integer({ min: 0, max: USERS - 1 }), { nil: undefined }),
})

type Planned = {
  signed: SignedOrder
  user: number
  side: Side
  energyWh: bigint
  expected: OrderSkipReason | 'filed'
}

describe.each(MECHANISMS.map((m) => [m.name, m] as const))('hostile signed orders on %s', (_name, mechanism) => {
  it('file exactly the orders a reference says, skip the rest with its reason, conserve value, settle', async () => {
    const sim = await DemSimulator.create({ mechanism })
    const users: User[] = []
    for (let i = 0; i < USERS; i++) users.push(await sim.addUser({ collateralWei: ETHER }))
    const minEnergyWh = await sim.chain.call({ ...sim.contracts.market, functionName: 'minEnergyWh' })
    const fresh = sim.snapshot()
    const domain = { chainId: sim.chain.chainId, pool: sim.contracts.pool.address }
    const keyOf = (user: User) =>
      sim.chain.accounts.find((a) => a.address.toLowerCase() === user.address.toLowerCase())
        ?.privateKey as `0x${string}`
    console.log(`${mechanism.name} hostile orders property: seed ${SEED}, ${RUNS} runs`)
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async (c) => {
        sim.revert(fresh)
        const generated: { signed: SignedOrder; batch: number; mutation: Mutation; energyWh: bigint }[] = []
        for (const o of c.orders) {
          const user = users[o.user] as User
          const terms: OrderTerms = {
            tokenId: user.tokenId,
            interval: 0,
            side: o.side,
            energyWh: o.energyWh,
            limitPriceWeiPerKWh: o.side === 'production' ? PRICE / 5n : 2n * PRICE,
            nonce: o.nonce,
            deadline: o.mutation === 'expired' ? sim.startTime - 1n : sim.startTime + 3_599n,
          }
          const stranger = users[(o.user + 1) % USERS] as User
          let signed = await signOrder(keyOf(o.mutation === 'forged' ? stranger : user), domain, terms)
          if (o.mutation === 'tampered') signed = { ...signed, word: signed.word + (1n << 80n) }
          if (o.mutation === 'malformed') signed = { ...signed, word: signed.word | (1n << 250n) }
          const previous = generated.at(-1)
          if (o.mutation === 'replayed' && previous !== undefined) generated.push({ ...previous, batch: o.batch })
          else generated.push({ signed, batch: o.batch, mutation: o.mutation, energyWh: o.energyWh })
          if (o.mutation === 'duplicated')
            generated.push({ signed, batch: o.batch, mutation: 'none', energyWh: o.energyWh })
        }
        // The reference, batch by batch as the pool checks: what needs no state, the depositor, the
        // nonce (marked in batch order), the consumer's collateral, one production per profile.
        const used = new Set<string>()
        const producing = new Set<number>()
        const batches: Planned[][] = [0, 1, 2].map((b) =>
          generated
            .filter((g) => g.batch === b)
            .map(({ signed, mutation, energyWh }) => ({
              signed,
              user: Number((signed.word & (2n ** 48n - 1n)) - 1n),
              side: (signed.word >> 240n === 1n ? 'consumption' : 'production') as Side,
              energyWh,
              expected: (mutation === 'malformed'
                ? 'malformed'
                : mutation === 'expired'
                  ? 'expired'
                  : ((signed.word >> 80n) & (2n ** 64n - 1n)) < minEnergyWh
                    ? 'belowMinimum'
                    : mutation === 'forged' || mutation === 'tampered'
                      ? 'notController'
                      : 'filed') as OrderSkipReason | 'filed',
            })),
        )
        for (const batch of batches) {
          const marked = new Set<string>()
          const nonceKey = (p: Planned) => `${p.signed.word & (2n ** 48n - 1n)}:${p.signed.terms & (2n ** 64n - 1n)}`
          for (const p of batch) {
            if (p.expected !== 'filed') continue
            if (used.has(nonceKey(p)) || marked.has(nonceKey(p))) p.expected = 'nonceUsed'
            else marked.add(nonceKey(p))
          }
          for (const p of batch)
            if (p.expected === 'filed' && p.side === 'consumption' && c.drained === p.user)
              p.expected = 'insufficientCollateral'
          for (const p of batch) {
            if (p.expected !== 'filed') continue
            if (p.side === 'production' && producing.has(p.user)) p.expected = 'secondProduction'
            else {
              used.add(nonceKey(p))
              if (p.side === 'production') producing.add(p.user)
            }
          }
        }
        if (c.drained !== undefined) await sim.withdrawCollateral(users[c.drained] as User, ETHER - 1n)

        const checkValue = async () => {
          let collateralWei = await sim.chain.call({ ...sim.contracts.profile, functionName: 'clearingWei' })
          for (const user of users) collateralWei += (await sim.profile(user)).collateralWei
          expect(await sim.heldWei()).toBe(collateralWei)
        }
        for (const batch of batches) {
          if (batch.length === 0) continue
          const { filed, skipped } = await sim.submitOrders(batch.map((p) => p.signed))
          const outcome = [...filed.map((f) => [f.index, 'filed']), ...skipped.map((s) => [s.index, s.reason])]
          outcome.sort((a, b) => (a[0] as number) - (b[0] as number))
          expect(outcome).toEqual(batch.map((p, k) => [k, p.expected]))
          await checkValue()
        }
        sim.advanceInterval()
        await sim.setOracle({ priceWeiPerKWh: PRICE, producedWh: 100_000n, consumedWh: 100_000n })
        const result = await sim.settle(0)
        const filedCount = batches.flat().filter((p) => p.expected === 'filed').length
        expect(result.trades).toHaveLength(filedCount)
        expect(result.tradedWh).toBeLessThanOrEqual(
          result.supplyWh < result.demandWh ? result.supplyWh : result.demandWh,
        )
        await checkValue()
      }),
      { seed: SEED, numRuns: RUNS },
    )
  }, 300_000)
})
