// Your own invariant, checked by fast-check over random sequences of market operations.
//
// `dem-sim/testing` brings the reference model, the command arbitraries and a runner that checks
// the chain against the model (and the invariants of docs/design.md §5) after every command; you add
// checks of your own. This one: no consumer ever pays more than its limit price for the energy
// it bought. Run it with `npx tsx examples/custom-invariant.ts` after `npm run build`.
import fc from 'fast-check'
import { DemSimulator, IEnergyMarket, parseEvents } from 'dem-sim'
import { createMarketModelRunner, marketCommands, type MarketInvariant } from 'dem-sim/testing'

const consumersPayAtMostTheirLimit: MarketInvariant = ({ model, effects }) => {
  for (const receipt of effects.receipts ?? []) {
    for (const { args } of parseEvents(receipt.logs, IEnergyMarket.abi, 'CommitmentSettled')) {
      const commitment = model.commitment(args.commitmentId)
      if (commitment?.side !== 'consumption') continue
      const { energyWh: boughtWh, amountWei: paidWei } = args
      const mostWei = (boughtWh * commitment.limitPriceWeiPerKWh + 999n) / 1000n
      if (paidWei > mostWei)
        throw new Error(
          `commitment ${commitment.commitmentId} paid ${paidWei} wei for ${boughtWh} Wh, above its limit (${mostWei} wei)`,
        )
    }
  }
}

const sim = await DemSimulator.create({ gracePeriodSeconds: 7_200n })
const runner = await createMarketModelRunner(sim, {
  initialUsers: [
    { collateralWei: 10n ** 7n },
    { collateralWei: 10n ** 6n, energyType: 5 },
    { collateralWei: 10n ** 6n },
  ],
  invariants: [consumersPayAtMostTheirLimit],
})

await fc.assert(
  fc.asyncProperty(marketCommands({ maxCommands: 40, graceIntervals: 2 }), (commands) => runner.run(commands)),
  { numRuns: 8, seed: 42 },
)

const { runs, commands, transactions, settledCommitments, elapsedMs } = runner.stats
console.log(
  `${runs} runs, ${commands} commands, ${transactions} transactions, ${settledCommitments} commitments settled in ${(elapsedMs / 1000).toFixed(1)} s: the invariant held`,
)
