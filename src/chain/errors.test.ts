import { describe, expect, expectTypeOf, it } from 'vitest'
import { compileContracts } from '../compile/compileContracts.js'
import { DemSimulator } from '../market/DemSimulator.js'
import { createChain } from './createChain.js'
import { type DemContractErrorName, TransactionRevertedError, isRevertOf } from './errors.js'

describe('TransactionRevertedError', () => {
  it('types errorName as the contracts’ custom errors and args per error', () => {
    expectTypeOf<DemContractErrorName>().toExtend<string>()
    expectTypeOf<'EnergyProfileInsufficientCollateral'>().toExtend<DemContractErrorName>()
    expectTypeOf<'EnergyMarketWrongPahse'>().not.toExtend<DemContractErrorName>()
    const check = (error: TransactionRevertedError) => {
      // @ts-expect-error a misspelt error name does not compile
      if (error.errorName === 'EnergyProfileInsufficentCollateral') return
      if (error.revert.errorName === 'EnergyProfileInsufficientCollateral') {
        expectTypeOf(error.revert.namedArgs.availableWei).toEqualTypeOf<bigint>()
        expectTypeOf(error.revert.args).toEqualTypeOf<readonly [bigint, bigint, bigint]>()
      }
      if (error.revert.errorName === 'Error') expectTypeOf(error.revert.reason).toEqualTypeOf<string>()
    }
    expect(check).toBeTypeOf('function')
  })

  it('carries the decoded custom error of a reverted market operation', async () => {
    const sim = await DemSimulator.create()
    const user = await sim.addUser({ collateralWei: 1_000n })
    const error = await sim.withdrawCollateral(user, 5_000n).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TransactionRevertedError)
    const reverted = error as TransactionRevertedError
    expect(reverted.errorName).toBe('EnergyProfileInsufficientCollateral')
    expect(reverted.revert).toEqual({
      data: reverted.data,
      errorName: 'EnergyProfileInsufficientCollateral',
      args: reverted.args,
      namedArgs: reverted.namedArgs,
      reason: undefined,
    })
    expect(reverted.namedArgs).toEqual({ tokenId: user.tokenId, availableWei: 1_000n, neededWei: 5_000n })
  })
})

describe('isRevertOf', () => {
  it("narrows a revert to a user contract's ABI, and refuses other errors", async () => {
    const { Meter } = await compileContracts({
      sources: {
        'Meter.sol':
          'pragma solidity ^0.8.24; contract Meter { error MeterTooHigh(uint256 readingWh, uint256 limitWh); function record(uint256 readingWh) external pure { if (readingWh > 10) revert MeterTooHigh(readingWh, 10); } }',
      },
    })
    if (Meter === undefined) throw new Error('Meter did not compile')
    const chain = await createChain()
    const { address } = await chain.deploy({ artifact: Meter })
    const error = await chain
      .send({ address, abi: Meter.abi, functionName: 'record', args: [50n] })
      .catch((e: unknown) => e)
    expect(isRevertOf(error, Meter.abi)).toBe(true)
    if (!isRevertOf(error, Meter.abi) || error.revert.errorName !== 'MeterTooHigh')
      throw new Error('expected MeterTooHigh')
    expect(error.revert.namedArgs).toEqual({ readingWh: 50n, limitWh: 10n })
    expect(isRevertOf(error, [])).toBe(false)
    expect(isRevertOf(new Error('no'), Meter.abi)).toBe(false)
  })
})
