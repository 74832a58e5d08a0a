// Two prosumers, one trade: a producer sells 2 kWh to a consumer at the oracle's price.
// Prints the trades, both profiles' collateral before and after, and the gas of every operation.
import { DemSimulator, gasLedgerTable, tableToText } from 'dem-sim'

const sim = await DemSimulator.create()
const producer = await sim.addUser({ collateralWei: 10n ** 16n, energyType: 0 })
const consumer = await sim.addUser({ collateralWei: 10n ** 16n, energyType: 5 })

const interval = sim.currentInterval
await sim.commit(producer, { interval, energyWh: 3_000n, side: 'production', limitPriceWeiPerKWh: 1_000_000n })
await sim.commit(consumer, { interval, energyWh: 2_000n, side: 'consumption', limitPriceWeiPerKWh: 2_000_000n })
await sim.processBuffer()

sim.advanceInterval() // the interval closes; the oracle reports its price and metered energy
await sim.setOracle({ priceWeiPerKWh: 1_500_000n, producedWh: 3_000n, consumedWh: 2_000n })
const result = await sim.settle(interval)

console.log(
  `interval ${interval}: traded ${result.tradedWh} Wh at ${result.price} wei/kWh, ${result.tradedValueWei} wei moved`,
)
for (const trade of result.trades) {
  console.log(`  profile ${trade.tokenId} (${trade.side}): ${trade.energyWh} Wh, ${trade.amountWei} wei`)
}
for (const user of [producer, consumer]) {
  const { collateralWei } = await sim.profile(user)
  console.log(`profile ${user.tokenId} collateral: ${collateralWei} wei`)
}
console.log(`ETH held by the contracts: ${await sim.heldWei()} wei`)
console.log(tableToText(gasLedgerTable(sim.gas.table())))
