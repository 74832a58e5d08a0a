// The seed demo's two-user scenario (DEM.py): one consumer commits to 10 kWh, one producer to
// 3 kWh and 4 kWh, all in the same interval. In the seed design settlement never matched them;
// here both production commitments sell in full (7 kWh) and the consumer buys 7 of its 10 kWh,
// paying only for what it got. The unmatched 3 kWh release their locked collateral.
import { DemSimulator } from 'dem-sim'

const sim = await DemSimulator.create()
const consumer = await sim.addUser({ collateralWei: 10n ** 17n, energyType: 5 })
const producer = await sim.addUser({ collateralWei: 10n ** 17n, energyType: 0 })

const interval = sim.currentInterval
const priceWeiPerKWh = 2_000_000_000n
await sim.commit(consumer, { interval, energyWh: 10_000n, side: 'consumption', limitPriceWeiPerKWh: priceWeiPerKWh })
await sim.commit(producer, { interval, energyWh: 3_000n, side: 'production', limitPriceWeiPerKWh: priceWeiPerKWh })
await sim.commit(producer, { interval, energyWh: 4_000n, side: 'production', limitPriceWeiPerKWh: priceWeiPerKWh })
console.log('locked by the consumer:', (await sim.profile(consumer)).lockedWei, 'wei')
await sim.processBuffer()

sim.advanceInterval()
await sim.setOracle({ priceWeiPerKWh, producedWh: 7_000n, consumedWh: 10_000n })
const result = await sim.settle(interval)
console.log(`supply ${result.supplyWh} Wh, demand ${result.demandWh} Wh, traded ${result.tradedWh} Wh for ${result.tradedValueWei} wei`)
for (const trade of result.trades) console.log(`  commitment ${trade.commitmentId} (${trade.side}): ${trade.energyWh} Wh, ${trade.amountWei} wei`)

for (const [name, user] of [['consumer', consumer], ['producer', producer]] as const) {
  const profile = await sim.profile(user)
  console.log(`${name}: collateral ${profile.collateralWei} wei, locked ${profile.lockedWei} wei, open commitments ${profile.openCommitments}`)
}
