// Signed orders in one batch: four households sign their orders (EIP-712) and an aggregator
// submits them in one transaction; a replayed order is skipped with its reason, the rest are
// filed. The keeper settles the interval, handing the orders' segment back, and the trades equal
// what direct commitments would have traded. Prints the outcome and the gas of each operation.
import { DemSimulator, gasLedgerTable, tableToText } from 'dem-sim'

const sim = await DemSimulator.create()
const [p1, p2, c1, c2] = [
  await sim.addUser({ collateralWei: 10n ** 16n }),
  await sim.addUser({ collateralWei: 10n ** 16n }),
  await sim.addUser({ collateralWei: 10n ** 16n }),
  await sim.addUser({ collateralWei: 10n ** 16n }),
]
const interval = sim.currentInterval
const first = await sim.submitOrders([
  { user: p1, interval, energyWh: 3_000n, side: 'production', limitPriceWeiPerKWh: 1_000_000n },
  { user: p2, interval, energyWh: 1_000n, side: 'production', limitPriceWeiPerKWh: 1_200_000n },
  { user: c1, interval, energyWh: 2_000n, side: 'consumption', limitPriceWeiPerKWh: 2_000_000n, nonce: 0n },
])
console.log(`filed ${first.filed.map((f) => `order ${f.orderId} of profile ${f.tokenId}`).join(', ')}`)

// The same nonce of profile c1 again (a replay), and c2's first order: only the replay is skipped.
const second = await sim.submitOrders([
  { user: c1, interval, energyWh: 2_000n, side: 'consumption', limitPriceWeiPerKWh: 2_000_000n, nonce: 0n },
  { user: c2, interval, energyWh: 1_000n, side: 'consumption', limitPriceWeiPerKWh: 1_800_000n },
])
for (const s of second.skipped) console.log(`skipped order ${s.index} of the batch (profile ${s.tokenId}): ${s.reason}`)
console.log(`filed ${second.filed.length} of ${second.filed.length + second.skipped.length}`)

sim.advanceInterval()
await sim.setOracle({ priceWeiPerKWh: 1_500_000n, producedWh: 4_000n, consumedWh: 3_000n })
const result = await sim.settle(interval)
console.log(`interval ${interval}: traded ${result.tradedWh} Wh for ${result.tradedValueWei} wei`)
for (const trade of result.trades)
  console.log(`  profile ${trade.tokenId} (${trade.side}): ${trade.energyWh} Wh, ${trade.amountWei} wei`)
console.log(`ETH held by the contracts: ${await sim.heldWei()} wei`)
console.log(tableToText(gasLedgerTable(sim.gas.table())))
