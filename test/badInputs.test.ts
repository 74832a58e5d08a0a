import { encodeFunctionData, type Hex } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import type { SnapshotId } from '../src/chain/createChain.js'
import type { AddressHex } from '../src/chain/types.js'
import { DemSimulator } from '../src/market/DemSimulator.js'
import type { User } from '../src/market/types.js'
import { diffObservations, observeMarket, type MarketObservation } from '../src/testing/index.js'

/**
 * The bad-input catalogue: each row is one named bad input, at the simulator's API (refused
 * before anything is sent) or at the contracts (a mined revert). Every row asserts the typed
 * error — its class, and for reverts the custom error's name and arguments — and that the whole
 * observable market state (every profile, commitment, touched interval, feed and balance) is
 * exactly as before: a failing operation changes nothing (invariant 7).
 *
 * The base state, snapshotted: alice (producer) and bob (consumer) deposited, each with a
 * commitment in interval 0, processed; carol registered but not deposited; the clock in
 * interval 1, nothing reported yet for interval 0.
 */

type World = {
  sim: DemSimulator
  alice: User
  bob: User
  carol: User
  /** An EOA that is no user. */
  stranger: AddressHex
}

type ExpectedError =
  | { type: 'InvalidArgumentError'; message?: RegExp }
  | { type: 'TransactionRejectedError' }
  | { type: 'CallFailedError'; errorName: string }
  | { type: 'TransactionRevertedError'; errorName: string | undefined; args?: (w: World) => Record<string, unknown> }

type BadInput = {
  name: string
  /** Level the input is refused at. */
  level: 'api' | 'contract' | 'calldata'
  /** State to reach first (part of the "before"). */
  arrange?: (w: World) => Promise<void>
  act: (w: World) => Promise<unknown> | unknown
  expected: ExpectedError
}

const MAX_UINT32 = 2 ** 32 - 1
const ETHER = 10n ** 18n

async function sendRaw(w: World, from: AddressHex, to: AddressHex, data: Hex, value = 0n) {
  return w.sim.chain.sendTransaction({ from, to, data, value })
}

/** `commit` calldata with `words` replaced after the selector, to send what the ABI encoder refuses to. */
function commitCalldata(words: readonly bigint[]): Hex {
  const selector = encodeFunctionData({
    abi: DemSimulatorAbi.pool,
    functionName: 'commit',
    args: [1n, 1, 1n, 0, 1n],
  }).slice(0, 10)
  return `${selector}${words.map((word) => word.toString(16).padStart(64, '0')).join('')}` as Hex
}

// Filled in beforeAll (the ABIs come from the deployed simulator).
const DemSimulatorAbi = {} as { pool: DemSimulator['contracts']['pool']['abi'] }

const CATALOGUE: readonly BadInput[] = [
  // ---- The simulator's API refuses these before sending anything.
  {
    name: 'addUser with negative collateral',
    level: 'api',
    act: (w) => w.sim.addUser({ collateralWei: -1n }),
    expected: { type: 'InvalidArgumentError', message: /collateralWei/ },
  },
  {
    name: 'addUser with a location above uint32',
    level: 'api',
    act: (w) => w.sim.addUser({ collateralWei: 1n, location: MAX_UINT32 + 1 }),
    expected: { type: 'InvalidArgumentError', message: /location/ },
  },
  {
    name: 'addUser with an energy type above uint8',
    level: 'api',
    act: (w) => w.sim.addUser({ collateralWei: 1n, energyType: 256 }),
    expected: { type: 'InvalidArgumentError', message: /energyType/ },
  },
  {
    name: 'addUser with a non-boolean deposit flag',
    level: 'api',
    act: (w) => w.sim.addUser({ collateralWei: 1n, deposit: 'yes' as unknown as boolean }),
    expected: { type: 'InvalidArgumentError', message: /deposit/ },
  },
  {
    name: 'commit 2^64 Wh (above uint64)',
    level: 'api',
    act: (w) =>
      w.sim.commit(w.alice, { interval: 1, energyWh: 2n ** 64n, side: 'production', limitPriceWeiPerKWh: 1n }),
    expected: { type: 'InvalidArgumentError', message: /energyWh/ },
  },
  {
    name: 'commit a limit of 2^96 wei/kWh (above uint96)',
    level: 'api',
    act: (w) => w.sim.commit(w.bob, { interval: 1, energyWh: 1n, side: 'consumption', limitPriceWeiPerKWh: 2n ** 96n }),
    expected: { type: 'InvalidArgumentError', message: /limitPriceWeiPerKWh/ },
  },
  {
    name: 'commit a negative energy',
    level: 'api',
    act: (w) => w.sim.commit(w.alice, { interval: 1, energyWh: -5n, side: 'production', limitPriceWeiPerKWh: 1n }),
    expected: { type: 'InvalidArgumentError', message: /energyWh/ },
  },
  {
    name: 'commit to interval -1',
    level: 'api',
    act: (w) => w.sim.commit(w.alice, { interval: -1, energyWh: 1n, side: 'production', limitPriceWeiPerKWh: 1n }),
    expected: { type: 'InvalidArgumentError', message: /interval/ },
  },
  {
    name: 'commit to interval 1.5',
    level: 'api',
    act: (w) => w.sim.commit(w.alice, { interval: 1.5, energyWh: 1n, side: 'production', limitPriceWeiPerKWh: 1n }),
    expected: { type: 'InvalidArgumentError', message: /interval/ },
  },
  {
    name: 'commit to interval 2^32 (above uint32)',
    level: 'api',
    act: (w) =>
      w.sim.commit(w.alice, { interval: MAX_UINT32 + 1, energyWh: 1n, side: 'production', limitPriceWeiPerKWh: 1n }),
    expected: { type: 'InvalidArgumentError', message: /interval/ },
  },
  {
    name: "commit on side 'sell'",
    level: 'api',
    act: (w) => w.sim.commit(w.alice, { interval: 1, energyWh: 1n, side: 'sell' as never, limitPriceWeiPerKWh: 1n }),
    expected: { type: 'InvalidArgumentError', message: /side/ },
  },
  {
    name: 'commit for a user this simulator never added',
    level: 'api',
    act: (w) =>
      w.sim.commit(
        { address: w.stranger, tokenId: w.alice.tokenId },
        { interval: 1, energyWh: 1n, side: 'production', limitPriceWeiPerKWh: 1n },
      ),
    expected: { type: 'InvalidArgumentError', message: /unknown user/ },
  },
  {
    name: 'addCollateral of a negative amount',
    level: 'api',
    act: (w) => w.sim.addCollateral(w.alice, -1n),
    expected: { type: 'InvalidArgumentError', message: /amountWei/ },
  },
  {
    name: 'withdrawCollateral of a number instead of a bigint',
    level: 'api',
    act: (w) => w.sim.withdrawCollateral(w.alice, 10 as unknown as bigint),
    expected: { type: 'InvalidArgumentError', message: /amountWei/ },
  },
  {
    name: 'processBuffer with a batch of 0',
    level: 'api',
    act: (w) => w.sim.processBuffer({ maxItems: 0 }),
    expected: { type: 'InvalidArgumentError', message: /maxItems/ },
  },
  {
    name: 'settle with a batch of 1.5',
    level: 'api',
    act: (w) => w.sim.settle(0, { maxItems: 1.5 }),
    expected: { type: 'InvalidArgumentError', message: /maxItems/ },
  },
  {
    name: 'expireInterval of interval 2^32',
    level: 'api',
    act: (w) => w.sim.expireInterval(MAX_UINT32 + 1),
    expected: { type: 'InvalidArgumentError', message: /interval/ },
  },
  {
    name: 'setOracle with a number price',
    level: 'api',
    act: (w) => w.sim.setOracle({ priceWeiPerKWh: 100 as unknown as bigint }),
    expected: { type: 'InvalidArgumentError', message: /priceWeiPerKWh/ },
  },
  {
    name: 'setOracle with a price beyond int256 once scaled',
    level: 'api',
    act: (w) => w.sim.setOracle({ priceWeiPerKWh: 2n ** 255n }),
    expected: { type: 'InvalidArgumentError' },
  },
  {
    name: 'advanceInterval by -1',
    level: 'api',
    act: (w) => w.sim.advanceInterval(-1),
    expected: { type: 'InvalidArgumentError', message: /intervals/ },
  },
  {
    name: 'reading a profile that does not exist',
    level: 'api',
    act: (w) => w.sim.profile(999n),
    expected: { type: 'CallFailedError', errorName: 'ERC721NonexistentToken' },
  },

  // ---- The contracts refuse these: a mined revert with a typed, decoded custom error.
  {
    name: 'commit 0 Wh',
    level: 'contract',
    act: (w) => w.sim.commit(w.alice, { interval: 1, energyWh: 0n, side: 'production', limitPriceWeiPerKWh: 1n }),
    expected: { type: 'TransactionRevertedError', errorName: 'EnergyPoolZeroEnergy' },
  },
  {
    name: 'commit to an interval that already closed',
    level: 'contract',
    act: (w) => w.sim.commit(w.alice, { interval: 0, energyWh: 1n, side: 'production', limitPriceWeiPerKWh: 1n }),
    expected: {
      type: 'TransactionRevertedError',
      errorName: 'EnergyPoolIntervalClosed',
      args: () => ({ interval: 0, currentInterval: 1 }),
    },
  },
  {
    name: 'commit a profile that is not deposited in the pool',
    level: 'contract',
    act: (w) => w.sim.commit(w.carol, { interval: 1, energyWh: 1n, side: 'production', limitPriceWeiPerKWh: 1n }),
    expected: {
      type: 'TransactionRevertedError',
      errorName: 'EnergyProfileNotDepositor',
      args: (w) => ({
        account: w.carol.address,
        tokenId: w.carol.tokenId,
        depositor: '0x0000000000000000000000000000000000000000',
      }),
    },
  },
  {
    name: 'consume more than the free collateral can back',
    level: 'contract',
    act: (w) =>
      w.sim.commit(w.bob, {
        interval: 1,
        energyWh: 2n ** 64n - 1n,
        side: 'consumption',
        limitPriceWeiPerKWh: 2n ** 96n - 1n,
      }),
    expected: {
      type: 'TransactionRevertedError',
      errorName: 'EnergyProfileInsufficientCollateral',
      args: (w) => ({ tokenId: w.bob.tokenId }),
    },
  },
  {
    name: 'withdraw locked collateral',
    level: 'contract',
    act: (w) => w.sim.withdrawCollateral(w.bob, ETHER),
    expected: {
      type: 'TransactionRevertedError',
      errorName: 'EnergyProfileInsufficientCollateral',
      args: (w) => ({ tokenId: w.bob.tokenId, availableWei: ETHER - 2_000n, neededWei: ETHER }),
    },
  },
  {
    name: 'withdraw 0 wei of collateral',
    level: 'contract',
    act: (w) => w.sim.withdrawCollateral(w.alice, 0n),
    expected: { type: 'TransactionRevertedError', errorName: 'EnergyProfileZeroAmount' },
  },
  {
    name: 'add 0 wei of collateral',
    level: 'contract',
    act: (w) => w.sim.addCollateral(w.alice, 0n),
    expected: { type: 'TransactionRevertedError', errorName: 'EnergyProfileZeroAmount' },
  },
  {
    name: 'withdraw a profile from the pool with an open commitment',
    level: 'contract',
    act: (w) => w.sim.withdraw(w.alice),
    expected: {
      type: 'TransactionRevertedError',
      errorName: 'EnergyProfileHasOpenCommitments',
      args: (w) => ({ tokenId: w.alice.tokenId, openCommitments: 1n }),
    },
  },
  {
    name: 'deposit a profile already in the pool (approve first)',
    level: 'contract',
    act: (w) => w.sim.deposit(w.alice, { via: 'approve' }),
    expected: {
      type: 'TransactionRevertedError',
      errorName: 'ERC721InvalidApprover',
      args: (w) => ({ approver: w.alice.address }),
    },
  },
  {
    name: 'add collateral to somebody else’s profile',
    level: 'contract',
    act: (w) =>
      w.sim.chain.send({
        ...w.sim.contracts.profile,
        functionName: 'addCollateral',
        args: [w.alice.tokenId],
        value: 1n,
        from: w.stranger,
      }),
    expected: {
      type: 'TransactionRevertedError',
      errorName: 'EnergyProfileNotController',
      args: (w) => ({ caller: w.stranger, tokenId: w.alice.tokenId, controller: w.alice.address }),
    },
  },
  {
    name: 'withdraw somebody else’s collateral',
    level: 'contract',
    act: (w) =>
      w.sim.chain.send({
        ...w.sim.contracts.profile,
        functionName: 'withdrawCollateral',
        args: [w.alice.tokenId, 1n],
        from: w.bob.address,
      }),
    expected: {
      type: 'TransactionRevertedError',
      errorName: 'EnergyProfileNotController',
      args: (w) => ({ caller: w.bob.address, tokenId: w.alice.tokenId }),
    },
  },
  {
    name: 'add collateral to a token id that does not exist',
    level: 'contract',
    act: (w) =>
      w.sim.chain.send({
        ...w.sim.contracts.profile,
        functionName: 'addCollateral',
        args: [2n ** 256n - 1n],
        value: 1n,
        from: w.stranger,
      }),
    expected: {
      type: 'TransactionRevertedError',
      errorName: 'ERC721NonexistentToken',
      args: () => ({ tokenId: 2n ** 256n - 1n }),
    },
  },
  {
    name: 'commit another user’s profile',
    level: 'contract',
    act: (w) =>
      w.sim.chain.send({
        ...w.sim.contracts.pool,
        functionName: 'commit',
        args: [w.alice.tokenId, 1, 1n, 0, 1n],
        from: w.bob.address,
      }),
    expected: {
      type: 'TransactionRevertedError',
      errorName: 'EnergyProfileNotDepositor',
      args: (w) => ({ account: w.bob.address, tokenId: w.alice.tokenId, depositor: w.alice.address }),
    },
  },
  {
    name: 'commit a token id aliasing a victim’s in its low 48 bits',
    level: 'contract',
    act: (w) =>
      w.sim.chain.send({
        ...w.sim.contracts.pool,
        functionName: 'commit',
        args: [w.alice.tokenId + 2n ** 48n, 1, 1n, 0, 1n],
        from: w.bob.address,
      }),
    expected: { type: 'TransactionRevertedError', errorName: 'EnergyProfileNotDepositor' },
  },
  {
    name: 'settle the interval still open',
    level: 'contract',
    act: (w) => w.sim.settle(1),
    expected: {
      type: 'TransactionRevertedError',
      errorName: 'EnergyMarketIntervalNotClosed',
      args: (w) => ({ interval: 1, closesAt: w.sim.startTime + 2n * 3600n }),
    },
  },
  {
    name: 'settle with no reading reported for the interval (stale feed)',
    level: 'contract',
    act: (w) => w.sim.settle(0),
    expected: {
      type: 'TransactionRevertedError',
      errorName: 'FeedReadingStaleFeed',
      // The metered readings are read first, through the meter.
      args: (w) => ({ feed: w.sim.contracts.producedFeed.address, updatedAt: 0n }),
    },
  },
  {
    name: 'settle with a zero price',
    level: 'contract',
    arrange: (w) => w.sim.setOracle({ priceWeiPerKWh: 0n, producedWh: 1n, consumedWh: 1n }).then(() => undefined),
    act: (w) => w.sim.settle(0),
    expected: { type: 'TransactionRevertedError', errorName: 'EnergyMarketInvalidPrice', args: () => ({ answer: 0n }) },
  },
  {
    name: 'settle with a negative price',
    level: 'contract',
    arrange: (w) => w.sim.setOracle({ priceWeiPerKWh: -7n, producedWh: 1n, consumedWh: 1n }).then(() => undefined),
    act: (w) => w.sim.settle(0),
    expected: {
      type: 'TransactionRevertedError',
      errorName: 'EnergyMarketInvalidPrice',
      args: () => ({ answer: -7n }),
    },
  },
  {
    name: 'settle with a price of 2^128 (beyond uint128)',
    level: 'contract',
    arrange: (w) =>
      w.sim.setOracle({ priceWeiPerKWh: 2n ** 128n, producedWh: 1n, consumedWh: 1n }).then(() => undefined),
    act: (w) => w.sim.settle(0),
    expected: {
      type: 'TransactionRevertedError',
      errorName: 'EnergyMarketInvalidPrice',
      args: () => ({ answer: 2n ** 128n }),
    },
  },
  {
    name: 'settle with a negative metered energy',
    level: 'contract',
    arrange: (w) => w.sim.setOracle({ priceWeiPerKWh: 100n, producedWh: -1n, consumedWh: 1n }).then(() => undefined),
    act: (w) => w.sim.settle(0),
    expected: {
      type: 'TransactionRevertedError',
      errorName: 'FeedReadingInvalidEnergyReading',
      args: (w) => ({ feed: w.sim.contracts.producedFeed.address, answer: -1n }),
    },
  },
  {
    name: 'settle when the feed has no round inside the next interval',
    level: 'contract',
    arrange: async (w) => {
      w.sim.advanceInterval(2)
      await w.sim.setOracle({ priceWeiPerKWh: 100n, producedWh: 1n, consumedWh: 1n })
    },
    act: (w) => w.sim.settle(0),
    expected: {
      type: 'TransactionRevertedError',
      errorName: 'FeedReadingRoundNotFound',
      args: () => ({ interval: 0 }),
    },
  },
  {
    name: 'settle when the interval’s round is more than 64 rounds back',
    level: 'contract',
    arrange: async (w) => {
      await w.sim.setOracle({ priceWeiPerKWh: 100n, producedWh: 1n, consumedWh: 1n })
      w.sim.advanceInterval()
      for (let i = 0; i < 65; i++) await w.sim.setOracle({ priceWeiPerKWh: 100n })
    },
    act: (w) => w.sim.settle(0),
    expected: {
      type: 'TransactionRevertedError',
      errorName: 'FeedReadingRoundNotFound',
      args: (w) => ({ feed: w.sim.contracts.priceFeed.address, interval: 0 }),
    },
  },
  {
    name: 'settle after the grace period',
    level: 'contract',
    arrange: async (w) => {
      await w.sim.setOracle({ priceWeiPerKWh: 100n, producedWh: 1n, consumedWh: 1n })
      w.sim.advanceInterval(24)
    },
    act: (w) => w.sim.settle(0),
    expected: {
      type: 'TransactionRevertedError',
      errorName: 'EnergyMarketSettlementWindowClosed',
      args: (w) => ({ interval: 0, deadline: w.sim.startTime + 25n * 3600n }),
    },
  },
  {
    name: 'settle an interval already settled',
    level: 'contract',
    arrange: async (w) => {
      await w.sim.setOracle({ priceWeiPerKWh: 100n, producedWh: 1_000n, consumedWh: 1_000n })
      await w.sim.settle(0)
    },
    act: (w) => w.sim.settle(0),
    expected: {
      type: 'TransactionRevertedError',
      errorName: 'EnergyMarketWrongPhase',
      args: () => ({ interval: 0, phase: 4 }),
    },
  },
  {
    name: 'expire an interval before its grace period ends',
    level: 'contract',
    act: (w) => w.sim.expireInterval(0),
    expected: {
      type: 'TransactionRevertedError',
      errorName: 'EnergyMarketIntervalNotExpired',
      args: (w) => ({ interval: 0, expiresAt: w.sim.startTime + 25n * 3600n }),
    },
  },
  {
    name: 'settle(0, 0) sent to the market directly',
    level: 'contract',
    act: (w) =>
      w.sim.chain.send({ ...w.sim.contracts.market, functionName: 'settle', args: [0, 0n], from: w.stranger }),
    expected: { type: 'TransactionRevertedError', errorName: 'EnergyMarketZeroBatch' },
  },
  {
    name: 'processBuffer(0) sent to the market directly',
    level: 'contract',
    act: (w) =>
      w.sim.chain.send({ ...w.sim.contracts.market, functionName: 'processBuffer', args: [0n], from: w.stranger }),
    expected: { type: 'TransactionRevertedError', errorName: 'EnergyMarketZeroBatch' },
  },
  {
    name: 'a feed update from anyone but the reporter',
    level: 'contract',
    act: (w) =>
      w.sim.chain.send({ ...w.sim.contracts.priceFeed, functionName: 'updateAnswer', args: [1n], from: w.stranger }),
    expected: {
      type: 'TransactionRevertedError',
      errorName: 'SimulatedFeedUnauthorizedReporter',
      args: (w) => ({ caller: w.stranger }),
    },
  },
  {
    name: 'a feed answer beyond int192',
    level: 'contract',
    act: (w) => w.sim.setOracle({ producedWh: 2n ** 191n }),
    expected: {
      type: 'TransactionRevertedError',
      errorName: 'SimulatedFeedAnswerOutOfRange',
      args: () => ({ answer: 2n ** 191n }),
    },
  },
  {
    name: 'withdrawSurplus from anyone but the owner',
    level: 'contract',
    act: (w) =>
      w.sim.chain.send({
        ...w.sim.contracts.market,
        functionName: 'withdrawSurplus',
        args: [w.stranger, 0n],
        from: w.stranger,
      }),
    expected: {
      type: 'TransactionRevertedError',
      errorName: 'OwnableUnauthorizedAccount',
      args: (w) => ({ account: w.stranger }),
    },
  },
  {
    name: 'a zero grace period, even from the owner',
    level: 'contract',
    act: (w) =>
      w.sim.chain.send({
        ...w.sim.contracts.market,
        functionName: 'setGracePeriod',
        args: [0n],
        from: w.sim.roles.owner,
      }),
    expected: {
      type: 'TransactionRevertedError',
      errorName: 'EnergyMarketInvalidGracePeriod',
      args: () => ({ gracePeriodSeconds: 0n }),
    },
  },
  {
    name: 'wiring the market a second time',
    level: 'contract',
    act: (w) =>
      w.sim.chain.send({
        ...w.sim.contracts.profile,
        functionName: 'wire',
        args: [w.sim.contracts.market.address],
        from: w.sim.roles.owner,
      }),
    expected: { type: 'TransactionRevertedError', errorName: 'EnergyProfileAlreadyWired' },
  },
  {
    name: 'applyCommitmentUpdates from a user (crediting itself)',
    level: 'contract',
    act: (w) =>
      w.sim.chain.send({
        ...w.sim.contracts.profile,
        functionName: 'applyCommitmentUpdates',
        args: [[w.bob.tokenId | (ETHER << 144n) | (1n << 240n)]],
        from: w.bob.address,
      }),
    expected: {
      type: 'TransactionRevertedError',
      errorName: 'EnergyProfileUnauthorizedCaller',
      args: (w) => ({ caller: w.bob.address }),
    },
  },
  {
    name: 'openCommitment from a user (locking another’s collateral)',
    level: 'contract',
    act: (w) =>
      w.sim.chain.send({
        ...w.sim.contracts.profile,
        functionName: 'openCommitment',
        args: [w.alice.tokenId, w.alice.address, ETHER],
        from: w.bob.address,
      }),
    expected: { type: 'TransactionRevertedError', errorName: 'EnergyProfileUnauthorizedCaller' },
  },
  {
    name: 'recordMetered from a user',
    level: 'contract',
    act: (w) =>
      w.sim.chain.send({
        ...w.sim.contracts.pool,
        functionName: 'recordMetered',
        args: [0, 1n, 1n, 1n],
        from: w.stranger,
      }),
    expected: {
      type: 'TransactionRevertedError',
      errorName: 'EnergyPoolUnauthorizedCaller',
      args: (w) => ({ caller: w.stranger }),
    },
  },
  {
    name: 'transfer somebody else’s profile',
    level: 'contract',
    act: (w) =>
      w.sim.chain.send({
        ...w.sim.contracts.profile,
        functionName: 'transferFrom',
        args: [w.carol.address, w.stranger, w.carol.tokenId],
        from: w.stranger,
      }),
    expected: {
      type: 'TransactionRevertedError',
      errorName: 'ERC721InsufficientApproval',
      args: (w) => ({ operator: w.stranger, tokenId: w.carol.tokenId }),
    },
  },
  {
    name: 'take a profile out of the pool as someone other than its depositor',
    level: 'contract',
    act: (w) =>
      w.sim.chain.send({ ...w.sim.contracts.pool, functionName: 'withdraw', args: [w.bob.tokenId], from: w.stranger }),
    expected: {
      type: 'TransactionRevertedError',
      errorName: 'EnergyPoolNotDepositor',
      args: (w) => ({ caller: w.stranger, tokenId: w.bob.tokenId, depositor: w.bob.address }),
    },
  },
  {
    name: 'add more collateral than the sender owns',
    level: 'contract',
    act: (w) => w.sim.addCollateral(w.alice, 10n ** 30n),
    expected: { type: 'TransactionRejectedError' },
  },

  // ---- Calldata no ABI encoder would produce: the contracts' ABI decoder refuses it (a revert without data).
  {
    name: 'commit with side 2 (no such enum value)',
    level: 'calldata',
    act: (w) =>
      sendRaw(w, w.alice.address, w.sim.contracts.pool.address, commitCalldata([w.alice.tokenId, 1n, 1n, 2n, 1n])),
    expected: { type: 'TransactionRevertedError', errorName: undefined },
  },
  {
    name: 'commit with energyWh of 2^64 in its word',
    level: 'calldata',
    act: (w) =>
      sendRaw(
        w,
        w.alice.address,
        w.sim.contracts.pool.address,
        commitCalldata([w.alice.tokenId, 1n, 2n ** 64n, 0n, 1n]),
      ),
    expected: { type: 'TransactionRevertedError', errorName: undefined },
  },
  {
    name: 'commit with interval 2^32 in its word',
    level: 'calldata',
    act: (w) =>
      sendRaw(
        w,
        w.alice.address,
        w.sim.contracts.pool.address,
        commitCalldata([w.alice.tokenId, 2n ** 32n, 1n, 0n, 1n]),
      ),
    expected: { type: 'TransactionRevertedError', errorName: undefined },
  },
  {
    name: 'commit with its last argument cut off',
    level: 'calldata',
    act: (w) =>
      sendRaw(w, w.alice.address, w.sim.contracts.pool.address, commitCalldata([w.alice.tokenId, 1n, 1n, 0n])),
    expected: { type: 'TransactionRevertedError', errorName: undefined },
  },
  {
    name: 'plain ETH sent to the profile contract',
    level: 'calldata',
    act: (w) => sendRaw(w, w.stranger, w.sim.contracts.profile.address, '0x', ETHER),
    expected: { type: 'TransactionRevertedError', errorName: undefined },
  },
  {
    name: 'an unknown function selector on the market',
    level: 'calldata',
    act: (w) => sendRaw(w, w.stranger, w.sim.contracts.market.address, '0xdeadbeef'),
    expected: { type: 'TransactionRevertedError', errorName: undefined },
  },
]

describe('bad-input catalogue: a typed error and an unchanged state for each', () => {
  let world: World
  let base: SnapshotId

  /** Everything observable: every profile with ownership, every commitment with terms, the intervals any row touches, feeds, balances. */
  const observeAll = async (w: World): Promise<MarketObservation> => {
    const observation = await observeMarket(w.sim, {
      ownership: true,
      commitmentTerms: true,
      intervals: [0, 1, 2, 3, 24, 25, 26, MAX_UINT32],
      accounts: [w.alice.address, w.bob.address, w.carol.address, w.stranger, ...Object.values(w.sim.roles)],
    })
    return { ...observation, timestamp: 0n }
  }

  beforeAll(async () => {
    const sim = await DemSimulator.create({ accounts: 1 })
    DemSimulatorAbi.pool = sim.contracts.pool.abi
    const alice = await sim.addUser({ collateralWei: ETHER })
    const bob = await sim.addUser({ collateralWei: ETHER, energyType: 5 })
    const carol = await sim.addUser({ collateralWei: ETHER, deposit: false })
    await sim.commit(alice, { interval: 0, energyWh: 2_000n, side: 'production', limitPriceWeiPerKWh: 500n })
    await sim.commit(bob, { interval: 0, energyWh: 1_000n, side: 'consumption', limitPriceWeiPerKWh: 2_000n })
    await sim.processBuffer()
    sim.advanceInterval()
    world = {
      sim,
      alice: { address: alice.address, tokenId: alice.tokenId },
      bob: { address: bob.address, tokenId: bob.tokenId },
      carol: { address: carol.address, tokenId: carol.tokenId },
      stranger: sim.chain.accounts[3]?.address as AddressHex,
    }
    base = sim.snapshot()
  })

  it('has at least 25 rows at the API and at the contracts', () => {
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(25)
    expect(CATALOGUE.filter((row) => row.level === 'api').length).toBeGreaterThanOrEqual(10)
    expect(CATALOGUE.filter((row) => row.level !== 'api').length).toBeGreaterThanOrEqual(15)
    expect(new Set(CATALOGUE.map((row) => row.name)).size).toBe(CATALOGUE.length)
  })

  it.each(CATALOGUE.map((row) => [`${row.level}: ${row.name}`, row] as const))('%s', async (_, row) => {
    // Arrange
    world.sim.revert(base)
    await row.arrange?.(world)
    const before = await observeAll(world)

    // Act
    const error = await (async () => {
      try {
        await row.act(world)
      } catch (e) {
        return e
      }
      return undefined
    })()

    // Assert: the typed error...
    expect(error, 'it must fail').toBeDefined()
    const expected = row.expected
    expect((error as Error).name).toBe(expected.type)
    if (expected.type === 'InvalidArgumentError' && expected.message)
      expect((error as Error).message).toMatch(expected.message)
    if (expected.type === 'CallFailedError')
      expect((error as { revert?: { errorName?: string } }).revert?.errorName).toBe(expected.errorName)
    if (expected.type === 'TransactionRevertedError') {
      const reverted = error as {
        errorName: string | undefined
        namedArgs: Record<string, unknown>
        receipt: { status: string }
      }
      expect(reverted.errorName).toBe(expected.errorName)
      expect(reverted.receipt.status).toBe('reverted')
      for (const [name, value] of Object.entries(expected.args?.(world) ?? {})) {
        const actual = reverted.namedArgs[name]
        expect(
          typeof actual === 'string' ? actual.toLowerCase() : typeof actual === 'number' ? BigInt(actual) : actual,
          `argument ${name}`,
        ).toEqual(typeof value === 'string' ? value.toLowerCase() : typeof value === 'number' ? BigInt(value) : value)
      }
    }
    // ...and nothing changed.
    expect(diffObservations(before, await observeAll(world))).toEqual([])
  })
})
