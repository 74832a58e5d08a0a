import { decodeFunctionResult, encodeAbiParameters, encodeFunctionData, parseAbi } from 'viem'
import { describe, expect, it } from 'vitest'
import { createFunctionCoder } from './createFunctionCoder.js'

const abi = parseAbi([
  'function commit(uint256 tokenId, uint32 interval, uint64 energyWh, uint8 side, uint96 limit) returns (uint256)',
  'function totals() view returns (uint256 a, int128 b, bool c)',
  'function ping()',
  'function pick(uint256 x) returns (uint256)',
  'function pick(address a) returns (address)',
])

describe('createFunctionCoder', () => {
  it('encodes and decodes as viem does: one output unwrapped, several as an array, none as undefined', () => {
    const coder = createFunctionCoder()
    const args = [1n, 2, 3n, 1, 4n] as const
    for (let round = 0; round < 2; round++) {
      expect(coder.encode(abi, 'commit', args)).toBe(encodeFunctionData({ abi, functionName: 'commit', args }))
      expect(coder.encode(abi, 'ping', [])).toBe(encodeFunctionData({ abi, functionName: 'ping' }))
      const one = encodeAbiParameters([{ type: 'uint256' }], [7n])
      expect(coder.decode(abi, 'commit', one)).toBe(7n)
      const three = encodeAbiParameters([{ type: 'uint256' }, { type: 'int128' }, { type: 'bool' }], [1n, -2n, true])
      expect(coder.decode(abi, 'totals', three)).toEqual(
        decodeFunctionResult({ abi, functionName: 'totals', data: three }),
      )
      expect(coder.decode(abi, 'ping', '0x')).toBeUndefined()
    }
  })

  it('leaves overloads and unknown names to viem', () => {
    const coder = createFunctionCoder()
    const address = '0x00000000000000000000000000000000DeaDBeef'

    expect(coder.encode(abi, 'pick', [address])).toBe(
      encodeFunctionData({ abi, functionName: 'pick', args: [address] }),
    )
    expect(coder.encode(abi, 'pick', [5n])).toBe(encodeFunctionData({ abi, functionName: 'pick', args: [5n] }))
    expect(() => coder.encode(abi, 'missing', [])).toThrow(/Function "missing" not found on ABI/)
    expect(() => coder.encode(abi, 'commit', [1n])).toThrow(/length mismatch/i)
  })
})
