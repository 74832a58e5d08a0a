import { createRequire } from 'node:module'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compileContracts } from './compileContracts.js'
import { UnsupportedEvmVersionError } from './compilerSettings.js'
import type { Solc } from './loadSolc.js'
import { SolcNotFoundError } from './SolcNotFoundError.js'

// The npm alias `solc-0.8.19@npm:solc@0.8.19` (a devDependency), loaded as a user would.
const solc0819 = createRequire(import.meta.url)('solc-0.8.19') as Solc

const COUNTER = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.19;
contract Counter { uint256 public count; function increment() external { count += 1; } }`

describe('compileContracts: bring your own compiler', () => {
  let cacheDir: string
  let basePath: string

  beforeAll(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'dem-sim-solc-choice-'))
    basePath = mkdtempSync(join(tmpdir(), 'dem-sim-remap-'))
    mkdirSync(join(basePath, 'vendor', 'math'), { recursive: true })
    writeFileSync(
      join(basePath, 'vendor', 'math', 'Twice.sol'),
      '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.0;\nlibrary Twice { function twice(uint256 x) internal pure returns (uint256) { return 2 * x; } }\n',
    )
    // solc resolves packages from basePath: let it find this checkout's node_modules.
    writeFileSync(join(basePath, 'package.json'), '{}')
  })

  afterAll(() => {
    rmSync(cacheDir, { recursive: true, force: true })
    rmSync(basePath, { recursive: true, force: true })
  })

  it('compiles with a solc-js module or a version string, which give the same bytecode, other than the pinned one', async () => {
    const sources = { 'Counter.sol': COUNTER }

    const byModule = await compileContracts({
      sources,
      solc: solc0819,
      optimizer: { enabled: false },
      evmVersion: 'paris',
      cacheDir,
    })
    const byVersion = await compileContracts({
      sources,
      solc: '0.8.19',
      optimizer: { enabled: false },
      evmVersion: 'paris',
      cacheDir,
    })
    const pinned = await compileContracts({ sources, optimizer: { enabled: false }, evmVersion: 'paris', cacheDir })

    expect(byVersion.Counter?.bytecode).toBe(byModule.Counter?.bytecode)
    expect(pinned.Counter?.bytecode).not.toBe(byModule.Counter?.bytecode)
  })

  it('turns the optimizer off and on, with its runs in the key', async () => {
    const sources = { 'Counter.sol': COUNTER }
    const optimizers: unknown[] = []
    const recording: Solc = {
      version: () => solc0819.version(),
      compile: (input, callbacks) => {
        optimizers.push(JSON.parse(input).settings.optimizer)
        return solc0819.compile(input, callbacks)
      },
    }
    const compile = (optimizer: { enabled: boolean; runs?: number }) =>
      compileContracts({ sources, solc: recording, optimizer, evmVersion: 'london', cacheDir })

    const off = await compile({ enabled: false })
    const on = await compile({ enabled: true, runs: 200 })
    const manyRuns = await compile({ enabled: true, runs: 1_000_000 })
    const onAgain = await compile({ enabled: true, runs: 200 })

    expect(on.Counter?.bytecode).not.toBe(off.Counter?.bytecode)
    expect(on.Counter?.bytecode.length).toBeLessThan(off.Counter?.bytecode.length ?? 0)
    // Other runs are another key: compiled with them, not read back as the 200-run artifact.
    expect(optimizers).toEqual([
      expect.objectContaining({ enabled: false }),
      expect.objectContaining({ enabled: true, runs: 200 }),
      expect.objectContaining({ enabled: true, runs: 1_000_000 }),
    ])
    expect(manyRuns.Counter?.bytecode).toMatch(/^0x60/)
    expect(onAgain.Counter?.bytecode).toBe(on.Counter?.bytecode)
  })

  it("uses an older compiler's own default evmVersion when none is given", async () => {
    const sources = { 'Counter.sol': COUNTER }
    const inputs: string[] = []
    const recording: Solc = {
      version: () => solc0819.version(),
      compile: (input, callbacks) => {
        inputs.push(input)
        return solc0819.compile(input, callbacks)
      },
    }

    const ownDefault = await compileContracts({ sources, solc: recording, cacheDir })
    const paris = await compileContracts({ sources, solc: '0.8.19', evmVersion: 'paris', cacheDir })

    // solc 0.8.19 does not know osaka, our default; left unset, it compiles for its own (paris).
    expect(inputs.map((input) => JSON.parse(input).settings.evmVersion)).toEqual([undefined])
    expect(ownDefault.Counter?.bytecode).toBe(paris.Counter?.bytecode)
  })

  it('compiles for istanbul, older than any fork the chain runs', async () => {
    const { Counter } = await compileContracts({
      sources: { 'Counter.sol': COUNTER },
      solc: '0.8.19',
      evmVersion: 'istanbul',
      cacheDir,
    })

    expect(Counter?.bytecode).toMatch(/^0x60/)
  })

  it('reads remapped imports from a plain directory', async () => {
    const source = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.19;
import {Twice} from "math/Twice.sol";
contract UsesTwice { function f(uint256 x) external pure returns (uint256) { return Twice.twice(x); } }`

    const { UsesTwice } = await compileContracts({
      sources: { 'UsesTwice.sol': source },
      remappings: ['math/=vendor/math/'],
      basePath,
      cacheDir,
    })

    expect(UsesTwice?.bytecode).toMatch(/^0x/)
  })

  it('refuses a module that is not solc, naming what would work', async () => {
    const act = compileContracts({
      sources: { 'Counter.sol': COUNTER },
      solc: { compile: () => '{}' } as never,
      cacheDir,
    })

    await expect(act).rejects.toBeInstanceOf(SolcNotFoundError)
    await expect(act).rejects.toThrow(
      /solc must be a solc-js module .* or a release like '0\.8\.19', got an object with keys compile/,
    )
  })

  it('refuses a release that is not installed, saying how to install it', async () => {
    const act = compileContracts({ sources: { 'Counter.sol': COUNTER }, solc: '0.8.11', cacheDir })

    await expect(act).rejects.toBeInstanceOf(SolcNotFoundError)
    await expect(act).rejects.toThrow(/no installed solc 0\.8\.11[\s\S]*npm i -D solc-0\.8\.11@npm:solc@0\.8\.11/)
  })

  it('refuses an unknown evmVersion, listing the known ones', async () => {
    const act = compileContracts({ sources: { 'Counter.sol': COUNTER }, evmVersion: 'frontier' as never, cacheDir })

    await expect(act).rejects.toBeInstanceOf(UnsupportedEvmVersionError)
    await expect(act).rejects.toThrow(/unknown evmVersion "frontier": use one of homestead, .*, osaka/)
  })

  it('refuses an evmVersion the chosen compiler release does not know', async () => {
    const act = compileContracts({
      sources: { 'Counter.sol': COUNTER },
      solc: '0.8.19',
      evmVersion: 'cancun',
      cacheDir,
    })

    await expect(act).rejects.toBeInstanceOf(UnsupportedEvmVersionError)
    await expect(act).rejects.toThrow(/solc 0\.8\.19 does not know evmVersion "cancun"/)
  })
})
