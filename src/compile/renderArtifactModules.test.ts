import { encodeFunctionData } from 'viem'
import { describe, expect, it } from 'vitest'
import { FixtureNFT } from '../../test/fixtures/artifacts/index.js'
import type { ContractArtifact } from './ContractArtifact.js'
import { GENERATED_HEADER, renderArtifactModules } from './renderArtifactModules.js'

const artifact = (contractName: string): ContractArtifact => ({
  contractName,
  sourceName: `contracts/${contractName}.sol`,
  kind: 'contract',
  // Keys deliberately out of order: the output must not depend on solc's key order.
  abi: [
    { type: 'function', name: 'f', stateMutability: 'view', outputs: [], inputs: [{ type: 'uint256', name: 'x' }] },
  ],
  bytecode: '0x6080',
  deployedBytecode: '0x60',
  enums: {},
  storageLayout: { storage: [], types: null },
})

describe('renderArtifactModules', () => {
  it('writes one as-const module per contract and an index re-exporting each by name, in name order', () => {
    const files = renderArtifactModules({ artifacts: [artifact('Pool'), artifact('Market')], evmVersion: 'osaka' })

    expect(Object.keys(files)).toEqual(['Market.ts', 'Pool.ts', 'index.ts'])
    expect(files['index.ts']).toBe(
      `${GENERATED_HEADER}
// solc 0.8.37, evmVersion osaka, optimizer 200 runs, viaIR false, no metadata hash.

export { Market } from './Market.js'
export { Pool } from './Pool.js'
`,
    )
    expect(files['Pool.ts']).toBe(
      `${GENERATED_HEADER}
// Source: contracts/Pool.sol. solc 0.8.37, evmVersion osaka, optimizer 200 runs, viaIR false, no metadata hash.

export const Pool = {
  contractName: 'Pool',
  abi: [
    {
      "inputs": [
        {
          "name": "x",
          "type": "uint256"
        }
      ],
      "name": "f",
      "outputs": [],
      "stateMutability": "view",
      "type": "function"
    }
  ],
  bytecode: '0x6080',
} as const
`,
    )
  })

  it('gives byte-identical output for the same contracts in any order', () => {
    const a = renderArtifactModules({ artifacts: [artifact('A'), artifact('B')], evmVersion: 'cancun' })
    const b = renderArtifactModules({ artifacts: [artifact('B'), artifact('A')], evmVersion: 'cancun' })

    expect(b).toEqual(a)
  })

  it('writes an index that exports nothing when there are no contracts', () => {
    const files = renderArtifactModules({ artifacts: [], evmVersion: 'osaka' })

    expect(files).toEqual({ 'index.ts': expect.stringMatching(/\nexport \{\}\n$/) })
  })

  it('generates artifacts whose ABI types flow into viem', () => {
    const data = encodeFunctionData({
      abi: FixtureNFT.abi,
      functionName: 'mint',
      args: ['0x00000000000000000000000000000000000000aa', 7n],
    })

    // @ts-expect-error the generated ABI has no such function
    const misspelled = () => encodeFunctionData({ abi: FixtureNFT.abi, functionName: 'mintt', args: [] })

    expect(data.slice(0, 10)).toBe('0x40c10f19')
    expect(misspelled).toThrow()
  })
})
