// The seed demo's two-user scenario (DEM.py): one consumer commits to 10 kWh, one producer to
// 3 kWh and 4 kWh, all in the same interval. In the seed design settlement never matched them;
// here they trade. A profile files one production commitment per interval (it has one meter, and
// its delivery must not count twice), so the 4 kWh offer is released at filing: the producer
// sells its 3 kWh in full and the consumer buys 3 of its 10 kWh, paying only for what it got.
// The unmatched 7 kWh release their locked collateral.
import { DemSimulator } from 'dem-sim'

const sim = await DemSimulator.create()
const consumer = await sim.addUser({ collateralWei: 10n ** 17n, energyType: 5 })
const producer = await sim.addUser({ collateralWei: 10n ** 17n, energyType: 0 })

const interval = sim.currentInterval
const priceWeiPerKWh = 2_000_000_000n
await sim.commit(consumer, { interval, energyWh: 10_000n, side: 'consumption', limitPriceWeiPerKWh: priceWeiPerKWh })
await sim.commit(producer, { interval, energyWh: 3_000n, side: 'production', limitPriceWeiPerKWh: priceWeiPerKWh })
await sim.commit(producer, { interval, energyWh: 4_000n, side: 'production', limitPriceWeiPerKWh: priceWeiPerKWh })
console.log(`locked by the consumer: ${(await sim.profile(consumer)).lockedWei} wei`)
const { expired } = await sim.processBuffer()
console.log('released at filing:', expired.map((id) => `commitment ${id}`).join(', '))

sim.advanceInterval()
await sim.setOracle({ priceWeiPerKWh, producedWh: 3_000n, consumedWh: 10_000n })
const result = await sim.settle(interval)
console.log(
  `supply ${result.supplyWh} Wh, demand ${result.demandWh} Wh, traded ${result.tradedWh} Wh for ${result.tradedValueWei} wei`,
)
for (const trade of result.trades)
  console.log(`  commitment ${trade.commitmentId} (${trade.side}): ${trade.energyWh} Wh, ${trade.amountWei} wei`)

for (const [name, user] of [
  ['consumer', consumer],
  ['producer', producer],
] as const) {
  const profile = await sim.profile(user)
  console.log(
    `${name}: collateral ${profile.collateralWei} wei, locked ${profile.lockedWei} wei, open commitments ${profile.openCommitments}`,
  )
}
