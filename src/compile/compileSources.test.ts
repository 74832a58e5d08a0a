import { describe, expect, it } from 'vitest'
import { DemError } from '../errors/DemError.js'
import { CompileError } from './CompileError.js'
import type { CompilerMessage } from './CompilerMessage.js'
import { compileSources } from './compileSources.js'

const HEADER = '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.24;\n'

async function compileError(sources: Record<string, string>): Promise<CompileError> {
  const error = await compileSources({ sources }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  expect(error).toBeInstanceOf(CompileError)
  return error as CompileError
}

describe('compileSources', () => {
  it('compiles an inline contract to an ABI and creation and runtime bytecode', async () => {
    const sources = {
      'Counter.sol': `${HEADER}contract Counter { uint256 public count; function increment() external { count += 1; } }`,
    }

    const { Counter } = await compileSources({ sources })

    expect(Counter).toMatchObject({ contractName: 'Counter', sourceName: 'Counter.sol', kind: 'contract' })
    expect(Counter?.abi.map((item) => ('name' in item ? item.name : item.type)).sort()).toEqual(['count', 'increment'])
    expect(Counter?.bytecode).toMatch(/^0x6080[0-9a-f]+$/)
    expect(Counter?.deployedBytecode).toMatch(/^0x[0-9a-f]+$/)
    expect(Counter?.bytecode.length).toBeGreaterThan(Counter?.deployedBytecode.length ?? Infinity)
  })

  it('tells contracts, abstract contracts, interfaces and libraries apart; only contracts get creation code', async () => {
    const sources = {
      'Kinds.sol': `${HEADER}interface IThing { function f() external; }
abstract contract Base is IThing {}
library Lib { function twice(uint256 x) internal pure returns (uint256) { return 2 * x; } }
contract Thing is Base { function f() external {} }`,
    }

    const artifacts = await compileSources({ sources })

    expect(Object.fromEntries(Object.values(artifacts).map((a) => [a.contractName, a.kind]))).toEqual({
      IThing: 'interface',
      Base: 'abstract contract',
      Lib: 'library',
      Thing: 'contract',
    })
    expect([artifacts.IThing?.bytecode, artifacts.Base?.bytecode]).toEqual(['0x', '0x'])
  })

  it('resolves relative imports between the given sources', async () => {
    const sources = {
      'contracts/interfaces/IGreeter.sol': `${HEADER}interface IGreeter { function greet() external pure returns (uint256); }`,
      'contracts/Greeter.sol': `${HEADER}import {IGreeter} from "./interfaces/IGreeter.sol";
contract Greeter is IGreeter { function greet() external pure returns (uint256) { return 1; } }`,
    }

    const artifacts = await compileSources({ sources })

    expect(Object.keys(artifacts).sort()).toEqual(['Greeter', 'IGreeter'])
  })

  it('reads @openzeppelin imports from node_modules and returns only the given sources’ contracts', async () => {
    const sources = {
      'Owned.sol': `${HEADER}import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
contract Owned is Ownable { constructor() Ownable(msg.sender) {} }`,
    }

    const artifacts = await compileSources({ sources })

    expect(Object.keys(artifacts)).toEqual(['Owned'])
    expect(artifacts.Owned?.abi.some((item) => item.type === 'function' && item.name === 'transferOwnership')).toBe(
      true,
    )
  })

  it('reads @chainlink imports from node_modules and applies remappings', async () => {
    const sources = {
      'Reader.sol': `${HEADER}import {AggregatorV3Interface} from "@feeds/AggregatorV3Interface.sol";
contract Reader { function read(AggregatorV3Interface feed) external view returns (int256 answer) { (, answer,,,) = feed.latestRoundData(); } }`,
    }

    const artifacts = await compileSources({
      sources,
      remappings: ['@feeds/=@chainlink/contracts/src/v0.8/shared/interfaces/'],
    })

    expect(Object.keys(artifacts)).toEqual(['Reader'])
  })

  it('locates a syntax error by file, line and column, counting characters rather than UTF-8 bytes', async () => {
    const sources = {
      'Ok.sol': `${HEADER}contract Ok {}`,
      'Broken.sol': `${HEADER}// ⚡ energy ⚡\ncontract Broken {\n  string s = unicode"⚡⚡"; uint256 x = 1\n}\n`,
    }

    const error = await compileError(sources)

    expect(error.name).toBe('CompileError')
    expect(error).toBeInstanceOf(DemError)
    expect(error.messages.filter((m) => m.severity === 'error')).toEqual<CompilerMessage[]>([
      {
        file: 'Broken.sol',
        line: 6,
        column: 1,
        severity: 'error',
        type: 'ParserError',
        message: "Expected ';' but got '}'",
      },
    ])
    expect(error.shortMessage).toBe("Compile failed: Broken.sol:6:1: ParserError: Expected ';' but got '}'")
  })

  it('counts the column after multi-byte characters on the same line', async () => {
    const sources = { 'Type.sol': `${HEADER}contract T {\n  string s = unicode"⚡⚡"; uint8 y = 300;\n}\n` }

    const error = await compileError(sources)

    expect(error.messages.find((m) => m.severity === 'error')).toMatchObject({
      file: 'Type.sol',
      line: 4,
      column: 37,
      type: 'TypeError',
    })
  })

  it('names a missing relative import, where it is imported, and why it was not found', async () => {
    const sources = { 'contracts/Market.sol': `${HEADER}import "./Missing.sol";\ncontract Market {}` }

    const error = await compileError(sources)

    expect(error.messages.find((m) => m.severity === 'error')).toMatchObject({
      file: 'contracts/Market.sol',
      line: 3,
      column: 1,
    })
    expect(error.shortMessage).toMatch(
      /^Compile failed: contracts\/Market\.sol:3:1: ParserError: Source "contracts\/Missing\.sol" not found: not among the given sources/,
    )
  })

  it('names a missing file inside an installed package', async () => {
    const sources = { 'A.sol': `${HEADER}import "@openzeppelin/contracts/token/ERC721/Nope.sol";\ncontract A {}` }

    const error = await compileError(sources)

    expect(error.shortMessage).toMatch(/no file token\/ERC721\/Nope\.sol in package "@openzeppelin\/contracts"/)
  })

  it('reports warnings through onWarning without failing', async () => {
    const warnings: CompilerMessage[] = []

    const artifacts = await compileSources({
      sources: { 'NoLicence.sol': 'pragma solidity ^0.8.24;\ncontract NoLicence {}' },
      onWarning: (message) => warnings.push(message),
    })

    expect(Object.keys(artifacts)).toEqual(['NoLicence'])
    expect(warnings).toEqual([
      expect.objectContaining({
        file: 'NoLicence.sol',
        line: undefined,
        severity: 'warning',
        message: expect.stringMatching(/SPDX/),
      }),
    ])
  })

  it('refuses two given sources that declare the same contract name', async () => {
    const sources = { 'a/Twin.sol': `${HEADER}contract Twin {}`, 'b/Twin.sol': `${HEADER}contract Twin {}` }

    await expect(compileSources({ sources })).rejects.toThrow(
      /Contract Twin is declared in both a\/Twin\.sol and b\/Twin\.sol/,
    )
  })
})
