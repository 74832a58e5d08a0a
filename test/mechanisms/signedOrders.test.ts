import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { EnergyPool } from '../../src/artifacts/index.js'
import { InvalidArgumentError } from '../../src/chain/errors.js'
import { DemSimulator } from '../../src/market/DemSimulator.js'
import { packOrder, signOrder, type OrderTerms } from '../../src/market/signOrder.js'
import { OrderBatchTooLargeError } from '../../src/market/OrderBatchTooLargeError.js'
import type { User } from '../../src/market/types.js'
import { MECHANISMS } from '../../src/mechanisms/mechanisms.js'
import { UnknownOrderError } from '../../src/mechanisms/UnknownOrderError.js'
import { readBook } from '../../src/mechanisms/readBook.js'

const ETHER = 10n ** 18n

type Entry = { energyWh: bigint; side: 'production' | 'consumption'; limitPriceWeiPerKWh: bigint }
// Limits around every built-in mechanism's prices: the oracle's below, sdr's between the default tariffs.
const PRICE = 50_000_000_000_000n
const ENTRIES: Entry[] = [
  { energyWh: 3_000n, side: 'production', limitPriceWeiPerKWh: PRICE / 5n },
  { energyWh: 2_000n, side: 'production', limitPriceWeiPerKWh: PRICE / 4n },
  { energyWh: 2_500n, side: 'consumption', limitPriceWeiPerKWh: 2n * PRICE },
  { energyWh: 2_000n, side: 'consumption', limitPriceWeiPerKWh: (9n * PRICE) / 5n },
]

async function setUp(mechanism: (typeof MECHANISMS)[number]) {
  const sim = await DemSimulator.create({ mechanism })
  const users: User[] = []
  for (let i = 0; i < ENTRIES.length; i++) users.push(await sim.addUser({ collateralWei: ETHER }))
  return { sim, users }
}

/** The contracts' ETH equals Σ collateral (order credits included) plus the clearing account. */
async function expectValueConserved(sim: DemSimulator, users: readonly User[]) {
  let collateralWei = await sim.chain.call({ ...sim.contracts.profile, functionName: 'clearingWei' })
  for (const user of users) collateralWei += (await sim.profile(user)).collateralWei
  expect(await sim.heldWei()).toBe(collateralWei)
}

/** Settles interval 0 after the entries and returns each profile's collateral afterwards. */
async function settleAndRead(sim: DemSimulator, users: readonly User[]) {
  sim.advanceInterval()
  await sim.setOracle({ priceWeiPerKWh: PRICE, producedWh: 10_000n, consumedWh: 10_000n })
  const result = await sim.settle(0)
  await expectValueConserved(sim, users)
  const collateral = []
  for (const user of users) collateral.push((await sim.profile(user)).collateralWei)
  return { result, collateral }
}

const orderOf = (user: User, entry: Entry, interval = 0) => ({ user, interval, ...entry })

describe.each(MECHANISMS.map((m) => [m.name, m] as const))('signed orders on %s', (_name, mechanism) => {
  it('settle exactly as the same direct commitments do, value conserved', async () => {
    const { sim, users } = await setUp(mechanism)
    const start = sim.snapshot()
    for (const [i, user] of users.entries()) await sim.commit(user, { interval: 0, ...(ENTRIES[i] as Entry) })
    const direct = await settleAndRead(sim, users)
    sim.revert(start)

    const { filed, skipped } = await sim.submitOrders(users.map((user, i) => orderOf(user, ENTRIES[i] as Entry)))
    expect(skipped).toEqual([])
    expect(filed.map((f) => [f.index, f.orderId, f.tokenId])).toEqual(
      users.map((user, i) => [i, 2n ** 31n + BigInt(i), user.tokenId]),
    )
    const consumer = users[2] as User
    // A consumer order's lock leaves its collateral for the clearing account at filing.
    expect((await sim.profile(consumer)).collateralWei).toBe(ETHER - (2_500n * 2n * PRICE) / 1_000n)
    expect((await sim.profile(consumer)).openCommitments).toBe(0)
    await expectValueConserved(sim, users)
    const batched = await settleAndRead(sim, users)

    expect(batched.collateral).toEqual(direct.collateral)
    const outcome = (r: typeof direct.result) => r.trades.map((t) => [t.tokenId, t.side, t.energyWh, t.amountWei])
    expect(outcome(batched.result)).toEqual(outcome(direct.result))
    expect(batched.result.tradedWh).toBe(direct.result.tradedWh)
    expect(batched.result.tradedWh).toBeGreaterThan(0n)
  })

  it('mix with direct commitments in one interval, and expire like them', async () => {
    const { sim, users } = await setUp(mechanism)
    const start = sim.snapshot()
    await sim.commit(users[0] as User, { interval: 0, ...(ENTRIES[0] as Entry) })
    await sim.submitOrders(users.slice(1).map((user, i) => orderOf(user, ENTRIES[i + 1] as Entry)))
    const mixed = await settleAndRead(sim, users)
    sim.revert(start)
    for (const [i, user] of users.entries()) await sim.commit(user, { interval: 0, ...(ENTRIES[i] as Entry) })
    expect((await settleAndRead(sim, users)).collateral).toEqual(mixed.collateral)

    sim.revert(start)
    await sim.submitOrders(users.map((user, i) => orderOf(user, ENTRIES[i] as Entry)))
    sim.advanceInterval(30)
    await sim.expireInterval(0)
    for (const user of users) expect((await sim.profile(user)).collateralWei).toBe(ETHER)
    await expectValueConserved(sim, users)
  })

  it('are listed by sim.filedOrders with their terms and status, beside the commitments', async () => {
    const { sim, users } = await setUp(mechanism)
    const start = sim.snapshot()
    await sim.commit(users[0] as User, { interval: 0, ...(ENTRIES[0] as Entry) })
    await sim.submitOrders(users.slice(1).map((user, i) => orderOf(user, ENTRIES[i + 1] as Entry)))
    const consumer = users[2] as User
    const listed = await sim.filedOrders()
    expect(listed.map((o) => [o.commitmentId, o.tokenId, o.side, o.energyWh, o.status])).toEqual(
      users.slice(1).map((user, i) => {
        const { side, energyWh } = ENTRIES[i + 1] as Entry
        return [2n ** 31n + BigInt(i), user.tokenId, side, energyWh, 'filed']
      }),
    )
    expect((await sim.filedOrders(consumer)).map((o) => o.lockedWei)).toEqual([(2_500n * 2n * PRICE) / 1_000n])
    expect(await sim.commitments()).toHaveLength(1)
    await settleAndRead(sim, users)
    expect(new Set((await sim.filedOrders()).map((o) => o.status))).toEqual(new Set(['settled']))
    sim.revert(start)
    expect(await sim.filedOrders()).toEqual([])
  })
})

describe.each(MECHANISMS.map((m) => [m.name, m] as const))('bad signed orders on %s', (_name, mechanism) => {
  it('are skipped one by one with their reason, never the batch, and change nothing', async () => {
    const { sim, users } = await setUp(mechanism)
    const [p1, p2, c1, c2] = users as [User, User, User, User]
    const domain = { chainId: sim.chain.chainId, pool: sim.contracts.pool.address }
    const keyOf = (user: User) =>
      sim.chain.accounts.find((a) => a.address.toLowerCase() === user.address.toLowerCase())
        ?.privateKey as `0x${string}`
    const terms = (user: User, entry: Entry, nonce: bigint, deadline = sim.startTime + 3_599n): OrderTerms => ({
      tokenId: user.tokenId,
      interval: 0,
      nonce,
      deadline,
      ...entry,
    })
    const good = await signOrder(keyOf(p1), domain, terms(p1, ENTRIES[0] as Entry, 7n))
    const forged = await signOrder(keyOf(c2), domain, terms(p2, ENTRIES[1] as Entry, 0n))
    const tampered = { ...(await signOrder(keyOf(c1), domain, terms(c1, ENTRIES[2] as Entry, 0n))) }
    tampered.word = packOrder(terms(c1, { ...(ENTRIES[2] as Entry), limitPriceWeiPerKWh: 1n }, 0n)).word
    const expired = await signOrder(keyOf(c2), domain, terms(c2, ENTRIES[3] as Entry, 1n, sim.startTime - 1n))
    const badSignature = { ...good, r: `0x${'00'.repeat(32)}` as const }
    const malformed = { ...good, word: good.word | (1n << 255n) }

    const before = await Promise.all(users.map((u) => sim.profile(u)))
    const { filed, skipped } = await sim.submitOrders([forged, good, tampered, good, expired, badSignature, malformed])
    expect(filed.map((f) => f.index)).toEqual([1])
    expect(skipped.map((s) => [s.index, s.reason])).toEqual([
      [0, 'notController'],
      [2, 'notController'],
      [3, 'nonceUsed'],
      [4, 'expired'],
      [5, 'badSignature'],
      [6, 'malformed'],
    ])
    expect(skipped[0]).toMatchObject({ tokenId: p2.tokenId, nonce: 0n })
    // A forgery carrying a genuine order's profile and nonce, ahead of it in the batch, cannot knock it out.
    const genuine = await signOrder(keyOf(p2), domain, terms(p2, ENTRIES[1] as Entry, 3n))
    const decoy = await signOrder(keyOf(c1), domain, terms(p2, ENTRIES[1] as Entry, 3n))
    const raced = await sim.submitOrders([decoy, genuine])
    expect(raced.skipped.map((s) => [s.index, s.reason])).toEqual([[0, 'notController']])
    expect(raced.filed.map((f) => [f.index, f.tokenId])).toEqual([[1, p2.tokenId]])
    // Replayed in a later batch: skipped; the other profiles' state is as before.
    const replay = await sim.submitOrders([good])
    expect(replay.skipped.map((s) => s.reason)).toEqual(['nonceUsed'])
    expect(replay.filed).toEqual([])
    for (const [i, user] of users.entries()) expect(await sim.profile(user)).toEqual(before[i])
    const nonceUsed = (user: User, nonce: bigint) =>
      sim.chain.call({ ...sim.contracts.pool, functionName: 'isNonceUsed', args: [user.tokenId, nonce] })
    expect([await nonceUsed(p2, 0n), await nonceUsed(c1, 0n), await nonceUsed(c2, 1n)]).toEqual([false, false, false])
    await expectValueConserved(sim, users)
  })

  it('skip an order whose collateral vanished after signing, and a second production, keeping the rest', async () => {
    const { sim, users } = await setUp(mechanism)
    const [p1, p2, c1, c2] = users as [User, User, User, User]
    const domain = { chainId: sim.chain.chainId, pool: sim.contracts.pool.address }
    const key = sim.chain.accounts.find((a) => a.address.toLowerCase() === c1.address.toLowerCase())?.privateKey
    const signed = await signOrder(key as `0x${string}`, domain, {
      tokenId: c1.tokenId,
      interval: 0,
      nonce: 0n,
      deadline: sim.startTime + 3_599n,
      ...(ENTRIES[2] as Entry),
    })
    await sim.withdrawCollateral(c1, ETHER - 100n)
    await sim.commit(p2, { interval: 0, ...(ENTRIES[1] as Entry) })
    // Filed first, the direct commitment holds the profile's one production of the interval.
    await sim.processBuffer()
    // Reordered: the batch's order does not matter, each order stands alone.
    const { filed, skipped } = await sim.submitOrders([
      orderOf(c2, ENTRIES[3] as Entry),
      orderOf(p2, ENTRIES[1] as Entry),
      signed,
      orderOf(p1, ENTRIES[0] as Entry),
      orderOf(p1, { ...(ENTRIES[0] as Entry), energyWh: 500n }),
    ])
    expect(skipped.map((s) => [s.index, s.reason])).toEqual([
      [1, 'secondProduction'],
      [2, 'insufficientCollateral'],
      [4, 'secondProduction'],
    ])
    expect(filed.map((f) => [f.index, f.tokenId])).toEqual([
      [0, c2.tokenId],
      [3, p1.tokenId],
    ])
    expect((await sim.profile(c1)).collateralWei).toBe(100n)
    await expectValueConserved(sim, users)
    const { result } = await settleAndRead(sim, users)
    expect(result.trades.map((t) => t.tokenId).sort()).toEqual([p1.tokenId, p2.tokenId, c2.tokenId].sort())
  })
})

describe('submitOrders bad input', () => {
  it('refuses a malformed entry, an unknown user and a batch too large, sending nothing', async () => {
    const { sim, users } = await setUp(MECHANISMS[0] as (typeof MECHANISMS)[number])
    const user = users[0] as User
    const sent = sim.gas.table().reduce((n, row) => n + row.calls, 0)
    const order = orderOf(user, ENTRIES[0] as Entry)
    await expect(sim.submitOrders([])).rejects.toThrow(InvalidArgumentError)
    await expect(sim.submitOrders([{ ...order, energyWh: -1n }])).rejects.toThrow(/orders\[0\]\.energyWh/)
    await expect(sim.submitOrders([order, { ...order, side: 'both' as never }])).rejects.toThrow(/orders\[1\]\.side/)
    await expect(sim.submitOrders([{ ...order, nonce: 2n ** 64n }])).rejects.toThrow(/nonce/)
    const stranger = { address: user.address, tokenId: 99n }
    await expect(sim.submitOrders([{ ...order, user: stranger }])).rejects.toThrow(/unknown user/)
    await expect(sim.submitOrders([{ word: 1n, terms: 0n, r: '0x12', vs: '0x34' } as never])).rejects.toThrow(
      /orders\[0\] must be/,
    )
    const error = await sim.submitOrders(Array.from({ length: 111 }, () => order)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OrderBatchTooLargeError)
    expect((error as OrderBatchTooLargeError).maxOrders).toBe(110)
    expect(sim.gas.table().reduce((n, row) => n + row.calls, 0)).toBe(sent)
    expect(await sim.chain.call({ ...sim.contracts.pool, functionName: 'orderCount' })).toBe(0n)
  })

  it('signs the digest the pool computes, and a book read without the segments names the order', async () => {
    const { sim, users } = await setUp(MECHANISMS[0] as (typeof MECHANISMS)[number])
    const user = users[0] as User
    const key = sim.chain.accounts.find((a) => a.address.toLowerCase() === user.address.toLowerCase())?.privateKey
    const terms: OrderTerms = { tokenId: user.tokenId, interval: 3, nonce: 5n, deadline: 9n, ...(ENTRIES[0] as Entry) }
    const { word, terms: packed } = packOrder(terms)
    const digest = await sim.chain.call({ ...sim.contracts.pool, functionName: 'orderDigest', args: [word, packed] })
    const account = privateKeyToAccount(key as `0x${string}`)
    const signature = await account.sign({ hash: digest })
    const signed = await signOrder(
      key as `0x${string}`,
      { chainId: sim.chain.chainId, pool: sim.contracts.pool.address },
      terms,
    )
    expect(signature.slice(0, 66)).toBe(signed.r)

    await sim.submitOrders([orderOf(user, ENTRIES[0] as Entry)])
    const source = { chain: sim.chain, market: sim.contracts.market.address, pool: sim.contracts.pool.address }
    await expect(readBook(source, 0)).rejects.toThrow(UnknownOrderError)
    expect((await readBook({ ...source, orders: sim.orders }, 0)).producers[0]).toMatchObject({
      commitmentId: 2n ** 31n,
      tokenId: user.tokenId,
    })
    // The pool refuses a segment it did not file.
    await expect(
      sim.chain.send({
        ...sim.contracts.pool,
        abi: EnergyPool.abi,
        functionName: 'supplyOrders',
        args: [[(2n ** 31n) | (1n << 32n), word]],
      }),
    ).rejects.toMatchObject({ errorName: 'EnergyPoolOrdersMismatch' })
  })
})
