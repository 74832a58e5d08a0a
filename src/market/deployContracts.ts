import { EnergyPool, EnergyProfile, SimulatedFeed, SimulatedMeter } from '../artifacts/index.js'
import type { Chain } from '../chain/createChain.js'
import type { AddressHex } from '../chain/types.js'
import type { GasRecorder, MarketMechanism, MarketRoles } from '../mechanisms/MarketMechanism.js'
import type { FlatTariff } from '../mechanisms/gridTariff.js'
import { MARKET_CORE_ABI, type MarketCoreAbi } from '../mechanisms/marketCoreAbi.js'

/** Each deployed contract's address and ABI. */
export type MarketContracts = {
  profile: { address: AddressHex; abi: typeof EnergyProfile.abi }
  pool: { address: AddressHex; abi: typeof EnergyPool.abi }
  /** The mechanism's market, typed with the core ABI every mechanism implements (its full ABI: `mechanism.market.abi`). */
  market: { address: AddressHex; abi: MarketCoreAbi }
  priceFeed: { address: AddressHex; abi: typeof SimulatedFeed.abi }
  producedFeed: { address: AddressHex; abi: typeof SimulatedFeed.abi }
  consumedFeed: { address: AddressHex; abi: typeof SimulatedFeed.abi }
  /** The market's oracle: metered energy (from the produced and consumed feeds) and each profile's own delivery. */
  meter: { address: AddressHex; abi: typeof SimulatedMeter.abi }
}

export type DeployContractsParameters = {
  chain: Chain
  /** Where every deployment and wiring transaction is recorded (as setup). */
  gas: GasRecorder
  roles: MarketRoles
  mechanism: MarketMechanism
  startTime: bigint
  intervalSeconds: bigint
  /** Zero: the market's default. */
  gracePeriodSeconds: bigint
  gridTariff: FlatTariff
  priceDecimals: number
  energyDecimals: number
}

/**
 * Deploys a market: the profile contract (which deploys its pool), the price, produced and
 * consumed feeds, the meter over them, the mechanism's market on the pool and the meter, and
 * wires the market to the profile contract.
 *
 * @param parameters the chain, the roles, the mechanism and the market's settings
 * @returns each contract's address and ABI
 */
export async function deployContracts(parameters: DeployContractsParameters): Promise<MarketContracts> {
  const { chain, gas, roles, mechanism } = parameters
  const { owner, reporter } = roles
  const profile = await chain.deploy({
    artifact: EnergyProfile,
    args: [owner, parameters.startTime, parameters.intervalSeconds],
    from: owner,
  })
  gas.record('deployEnergyProfile', profile.receipt)
  const pool = await chain.call({ address: profile.address, abi: EnergyProfile.abi, functionName: 'pool' })
  chain.registerAbi(pool, EnergyPool.abi)
  const deployFeed = async (decimals: number, description: string) => {
    const feed = await chain.deploy({
      artifact: SimulatedFeed,
      args: [owner, reporter, decimals, description],
      from: owner,
    })
    gas.record('deployFeed', feed.receipt)
    return feed.address
  }
  const feeds = {
    price: await deployFeed(parameters.priceDecimals, 'DEM price (wei/kWh)'),
    produced: await deployFeed(parameters.energyDecimals, 'DEM energy produced (Wh)'),
    consumed: await deployFeed(parameters.energyDecimals, 'DEM energy consumed (Wh)'),
  }
  const meter = await chain.deploy({
    artifact: SimulatedMeter,
    args: [owner, reporter, pool, feeds.produced, feeds.consumed],
    from: owner,
  })
  gas.record('deploySimulatedMeter', meter.receipt)
  const market = await mechanism.deploy({
    chain,
    gas,
    roles,
    pool,
    oracle: meter.address,
    feeds,
    gracePeriodSeconds: parameters.gracePeriodSeconds,
    gridTariff: parameters.gridTariff,
  })
  chain.registerAbi(market, mechanism.market.abi)
  const wired = await chain.send({
    address: profile.address,
    abi: EnergyProfile.abi,
    functionName: 'wire',
    args: [market],
    from: owner,
  })
  gas.record('wire', wired.receipt)
  const feedOf = (address: AddressHex) => ({ address, abi: SimulatedFeed.abi })
  return {
    profile: { address: profile.address, abi: EnergyProfile.abi },
    pool: { address: pool, abi: EnergyPool.abi },
    market: { address: market, abi: MARKET_CORE_ABI },
    priceFeed: feedOf(feeds.price),
    producedFeed: feedOf(feeds.produced),
    consumedFeed: feedOf(feeds.consumed),
    meter: { address: meter.address, abi: SimulatedMeter.abi },
  }
}
