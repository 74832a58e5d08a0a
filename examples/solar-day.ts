// One day of 24 hourly intervals: four rooftop-solar producers follow a bell curve over daylight
// hours, six households consume with an evening peak. Each hour everyone commits for the next
// hour, the keeper files the buffer, the oracle reports, and the closed hour is settled.
import { DemSimulator, gasLedgerTable, tableToText } from 'dem-sim'

const sim = await DemSimulator.create()
const producers = await Promise.all([0, 1, 2, 3].map(() => sim.addUser({ collateralWei: 10n ** 18n, energyType: 0 })))
const households = []
for (let i = 0; i < 6; i++) households.push(await sim.addUser({ collateralWei: 10n ** 18n, energyType: 5 }))

const solarWh = (hour: number, peakWh: number) =>
  BigInt(Math.max(0, Math.round(peakWh * Math.sin(((hour - 6) / 12) * Math.PI))))
const loadWh = (hour: number) =>
  BigInt(Math.round(400 + 600 * Math.exp(-(((hour - 19) / 2.5) ** 2)) + 250 * Math.exp(-(((hour - 8) / 1.5) ** 2))))
const priceAt = (hour: number) => 120_000_000n + BigInt(Math.round(80_000_000 * Math.exp(-(((hour - 19) / 3) ** 2))))

console.log('hour  supply  demand  traded  price(wei/kWh)  value(wei)')
for (let hour = 0; hour < 24; hour++) {
  const interval = sim.currentInterval
  let producedWh = 0n
  let consumedWh = 0n
  for (const [i, producer] of producers.entries()) {
    const energyWh = solarWh(hour, 2_500 + 500 * i)
    producedWh += energyWh
    if (energyWh > 0n)
      await sim.commit(producer, { interval, energyWh, side: 'production', limitPriceWeiPerKWh: 100_000_000n })
  }
  for (const household of households) {
    const energyWh = loadWh(hour)
    consumedWh += energyWh
    await sim.commit(household, { interval, energyWh, side: 'consumption', limitPriceWeiPerKWh: 250_000_000n })
  }
  await sim.processBuffer()
  sim.advanceInterval()
  await sim.setOracle({ priceWeiPerKWh: priceAt(hour), producedWh, consumedWh })
  const r = await sim.settle(interval)
  console.log(
    `${String(hour).padStart(4)}  ${String(r.supplyWh).padStart(6)}  ${String(r.demandWh).padStart(6)}  ${String(r.tradedWh).padStart(6)}  ${String(r.price).padStart(14)}  ${r.tradedValueWei}`,
  )
}
console.log(`ETH held by the contracts: ${await sim.heldWei()} wei`)
console.log(tableToText(gasLedgerTable(sim.gas.table().filter((row) => !row.setup))))
