// Your own clearing mechanism: a market contract on dem-sim's MeritOrderMarket, compiled at run
// time, plugged in with its rules in TypeScript, run through a scenario, checked against its
// rules trade by trade and by the model-based suite — which also catches rules that disagree
// with the contract. This one charges everyone the marginal producer's offer ("pay-as-offer").
import fc from 'fast-check'
import {
  type ClearingOutcome,
  compileContracts,
  createMeritOrderMechanism,
  DemSimulator,
  type IntervalBook,
  matchMeritOrder,
  type MeterReadings,
  payOut,
  runScenario,
} from 'dem-sim'
import {
  CloseIntervalCommand,
  CommitBatchCommand,
  createMarketModelRunner,
  marketCommands,
  SettleCommand,
} from 'dem-sim/testing'

// The core does the buffer, the books, the payouts and expiry, the merit-order family the verified
// ranking and the match; a member says what the uniform price is and what each side pays or receives.
const source = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MarketCore} from "dem-sim/contracts/MarketCore.sol";
import {MeritOrderMarket} from "dem-sim/contracts/MeritOrderMarket.sol";
import {IEnergyOracle} from "dem-sim/contracts/interfaces/IEnergyOracle.sol";
import {IEnergyPool} from "dem-sim/contracts/interfaces/IEnergyPool.sol";

/// @notice Uniform price = the offer of the last producer the merit-order match reached.
contract PayAsOfferMarket is MeritOrderMarket {
    constructor(address owner_, IEnergyPool pool_, IEnergyOracle oracle_, uint256 grace_, uint256 minEnergyWh_)
        MarketCore(owner_, pool_, oracle_, grace_, minEnergyWh_) {}

    function _clearingPrice(uint256 marginalProducerLimit, uint256) internal pure override returns (uint256) {
        return marginalProducerLimit;
    }

    function _consumerPaymentWei(Round memory round, uint256, uint256 cumBeforeWh, uint256 tradedWh) internal pure override returns (uint256) {
        return _share(round.price, cumBeforeWh, tradedWh);
    }

    function _producerReceiptWei(Round memory round, uint256, uint256 cumBeforeWh, uint256 tradedWh) internal pure override returns (uint256) {
        return _share(round.price, cumBeforeWh, tradedWh);
    }

    /// @dev Cumulative floors: each side moves exactly floor(p × E / 1000) wei in total.
    function _share(uint256 price, uint256 cumBeforeWh, uint256 tradedWh) private pure returns (uint256) {
        return price * (cumBeforeWh + tradedWh) / 1000 - price * cumBeforeWh / 1000;
    }
}
`

/** The same rule in TypeScript, what the contract must compute to the wei. */
function clearPayAsOffer(book: IntervalBook, readings: MeterReadings): ClearingOutcome {
  const match = matchMeritOrder(book, readings)
  const price = match.tradedWh === 0n ? 0n : match.marginalOfferWeiPerKWh
  const share = (_limit: bigint, cumBeforeWh: bigint, tradedWh: bigint) =>
    (price * (cumBeforeWh + tradedWh)) / 1000n - (price * cumBeforeWh) / 1000n
  return payOut(book, readings, match, { consumerPaysWei: share, producerReceivesWei: share }, price)
}

const { PayAsOfferMarket } = await compileContracts({ sources: { 'PayAsOfferMarket.sol': source } })
if (PayAsOfferMarket === undefined) throw new Error('PayAsOfferMarket did not compile')
const payAsOffer = createMeritOrderMechanism({
  name: 'pay-as-offer',
  description: 'uniform price at the marginal offer',
  market: PayAsOfferMarket,
  clear: clearPayAsOffer,
})

// 1. One interval by hand: the contract's trades against the rules.
const sim = await DemSimulator.create({ mechanism: payAsOffer })
const ETHER = 10n ** 18n
const producers = [await sim.addUser({ collateralWei: ETHER }), await sim.addUser({ collateralWei: ETHER })]
const consumers = [await sim.addUser({ collateralWei: ETHER }), await sim.addUser({ collateralWei: ETHER })]
const interval = sim.currentInterval
const terms = [
  { user: producers[0]!, energyWh: 3_000n, side: 'production', limitPriceWeiPerKWh: 100_000n },
  { user: producers[1]!, energyWh: 2_000n, side: 'production', limitPriceWeiPerKWh: 140_000n },
  { user: consumers[0]!, energyWh: 2_500n, side: 'consumption', limitPriceWeiPerKWh: 300_000n },
  { user: consumers[1]!, energyWh: 2_000n, side: 'consumption', limitPriceWeiPerKWh: 160_000n },
] as const
const book: { producers: IntervalBook['producers'][number][]; consumers: IntervalBook['consumers'][number][] } = {
  producers: [],
  consumers: [],
}
for (const t of terms) {
  const { commitmentId, lockedWei } = await sim.commit(t.user, {
    interval,
    energyWh: t.energyWh,
    side: t.side,
    limitPriceWeiPerKWh: t.limitPriceWeiPerKWh,
  })
  book[t.side === 'production' ? 'producers' : 'consumers'].push({
    commitmentId,
    tokenId: t.user.tokenId,
    side: t.side,
    energyWh: t.energyWh,
    limitPriceWeiPerKWh: t.limitPriceWeiPerKWh,
    lockedWei,
  })
}
await sim.processBuffer()
sim.advanceInterval()
const readings = {
  producedWh: 5_000n,
  consumedWh: 5_000n,
  deliveredWh: new Map([
    [producers[0]!.tokenId, 3_000n],
    [producers[1]!.tokenId, 2_000n],
  ]),
}
await sim.setOracle(readings) // the reporter finalizes the deliveries, so the interval can settle now
const settled = await sim.settle(interval)
const expected = payAsOffer.clear(book, readings, sim.terms)
const byId = new Map(settled.trades.map((t) => [t.commitmentId, t]))
const disagreements = expected.trades.filter(
  (t) => byId.get(t.commitmentId)?.energyWh !== t.energyWh || byId.get(t.commitmentId)?.amountWei !== t.amountWei,
)
if (disagreements.length > 0)
  throw new Error(`the contract and the rules differ on commitment ${disagreements[0]!.commitmentId}`)
console.log(
  `interval ${interval}: ${settled.tradedWh} Wh at ${settled.price} wei/kWh, ${settled.tradedValueWei} wei; the contract agreed with clearPayAsOffer on ${expected.trades.length} trades`,
)

// 2. A scenario on it, beside the built-in pay-as-clear.
const scenario = { name: 'morning', intervals: 6, startHour: 8, users: { count: 20 } }
for (const result of [
  await runScenario(scenario, { mechanism: payAsOffer }),
  await runScenario({ ...scenario, market: { mechanism: 'pay-as-clear' } }),
]) {
  console.log(
    `${result.mechanism}: traded ${result.totals.tradedWh} Wh for ${result.totals.tradedValueWei} wei in ${result.totals.transactions} transactions`,
  )
}

// 3. The model-based suite: random operations on the contract and on the reference model, whose
// trades come from clearPayAsOffer; every run ends with the liveness property.
const initialUsers = [
  { collateralWei: 10n ** 9n },
  { collateralWei: 10n ** 9n, energyType: 5 },
  { collateralWei: 10n ** 6n },
]
const runner = await createMarketModelRunner(await DemSimulator.create({ mechanism: payAsOffer }), { initialUsers })
await fc.assert(
  fc.asyncProperty(
    marketCommands({ maxCommands: 30, weights: { commitBatch: 8, closeInterval: 6, settle: 3, settleStep: 3 } }),
    fc.integer({ min: 1, max: 6 }),
    (commands, maxItems) => runner.run(commands, { liveness: maxItems }),
  ),
  { numRuns: 6, seed: 7 },
)
console.log(
  `model-based: ${runner.stats.runs} runs, ${runner.stats.commands} commands, ${runner.stats.settledCommitments} commitments settled; the contract followed clearPayAsOffer`,
)

// 4. Rules that disagree with their contract (here: producers paid one wei more) are reported at
// the first differing trade.
const offByOne = createMeritOrderMechanism({
  name: 'pay-as-offer (wrong rules)',
  description: 'the contract above with rules that overpay producers',
  market: PayAsOfferMarket,
  clear: (book, readings) => {
    const outcome = clearPayAsOffer(book, readings)
    const producers = new Set(book.producers.map((c) => c.commitmentId))
    const trades = outcome.trades.map((t) =>
      producers.has(t.commitmentId) && t.amountWei > 0n ? { ...t, amountWei: t.amountWei + 1n } : t,
    )
    const receivedWei = trades.filter((t) => producers.has(t.commitmentId)).reduce((sum, t) => sum + t.amountWei, 0n)
    return { ...outcome, trades, receivedWei, surplusWei: outcome.paidWei - receivedWei }
  },
})
const wrong = await createMarketModelRunner(await DemSimulator.create({ mechanism: offByOne }), { initialUsers })
const trade = [
  {
    userIndex: 0,
    target: { kind: 'relative', offset: 0 },
    energyWh: 2_000n,
    side: 'production',
    limitPriceWeiPerKWh: 100n,
  },
  {
    userIndex: 1,
    target: { kind: 'relative', offset: 0 },
    energyWh: 1_000n,
    side: 'consumption',
    limitPriceWeiPerKWh: 300n,
  },
] as const
const readingsOf = { producedWh: 2_000n, consumedWh: 1_000n }
try {
  await wrong.run([
    new CommitBatchCommand(trade),
    new CloseIntervalCommand(readingsOf),
    new CloseIntervalCommand(readingsOf),
    new SettleCommand({ kind: 'relative', offset: -2 }, undefined),
  ])
  throw new Error('the wrong rules were not caught')
} catch (error) {
  const message = (error as Error).message
  if (!message.includes('first whose trade differs')) throw error
  console.log(`wrong rules caught: ${message.split('\n')[0]}`)
}
