import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CompileError } from './CompileError.js'
import type { CompilerMessage } from './CompilerMessage.js'
import { compileContracts } from './compileContracts.js'
import { loadSolc } from './loadSolc.js'

vi.mock('./loadSolc.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('./loadSolc.js')>()
  return { ...original, loadSolc: vi.fn(original.loadSolc) }
})

const OWNED = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
contract Owned is Ownable { constructor() Ownable(msg.sender) {} }`

describe('compileContracts', () => {
  let cacheDir: string

  beforeEach(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'dem-sim-compile-test-'))
    vi.mocked(loadSolc).mockClear()
  })

  afterEach(() => {
    rmSync(cacheDir, { recursive: true, force: true })
  })

  const cacheFiles = () => readdirSync(cacheDir).filter((name) => name.endsWith('.json'))

  it('compiles once, then answers equal input from disk without loading solc', async () => {
    const sources = { 'Owned.sol': OWNED }

    const first = await compileContracts({ sources, cacheDir })
    const second = await compileContracts({ sources, cacheDir })

    expect(loadSolc).toHaveBeenCalledTimes(1)
    expect(second).toEqual(first)
    expect(cacheFiles()).toHaveLength(1)
  })

  it('replays the cached warnings on a hit', async () => {
    const sources = { 'NoLicence.sol': 'pragma solidity ^0.8.24;\ncontract NoLicence {}' }
    const missWarnings: CompilerMessage[] = []
    const hitWarnings: CompilerMessage[] = []

    await compileContracts({ sources, cacheDir, onWarning: (m) => missWarnings.push(m) })
    await compileContracts({ sources, cacheDir, onWarning: (m) => hitWarnings.push(m) })

    expect(loadSolc).toHaveBeenCalledTimes(1)
    expect(hitWarnings).toEqual(missWarnings)
    expect(hitWarnings).toHaveLength(1)
  })

  it('misses when the sources or the settings differ', async () => {
    const sources = { 'A.sol': '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.24;\ncontract A {}' }

    await compileContracts({ sources, cacheDir })
    await compileContracts({ sources: { 'A.sol': `${sources['A.sol']}\ncontract B {}` }, cacheDir })
    await compileContracts({ sources, cacheDir, evmVersion: 'cancun' })
    await compileContracts({ sources, cacheDir, optimizerRuns: 1 })

    expect(loadSolc).toHaveBeenCalledTimes(4)
    expect(cacheFiles()).toHaveLength(4)
  })

  it('recompiles when an imported package file changed since it was cached', async () => {
    const sources = { 'Owned.sol': OWNED }
    await compileContracts({ sources, cacheDir })
    const [file] = cacheFiles()
    const path = join(cacheDir, file ?? '')
    const entry = JSON.parse(readFileSync(path, 'utf8')) as { imports: Record<string, string> }
    expect(Object.keys(entry.imports)).toContain('@openzeppelin/contracts/access/Ownable.sol')
    entry.imports['@openzeppelin/contracts/access/Ownable.sol'] = '0'.repeat(64)
    writeFileSync(path, JSON.stringify(entry))

    await compileContracts({ sources, cacheDir })

    expect(loadSolc).toHaveBeenCalledTimes(2)
  })

  it('hits for imports through a plain-directory remapping, and misses once a vendored file changes', async () => {
    const basePath = mkdtempSync(join(tmpdir(), 'dem-sim-vendor-'))
    const vendored = join(basePath, 'vendor', 'math', 'Twice.sol')
    mkdirSync(join(basePath, 'vendor', 'math'), { recursive: true })
    const library = (factor: number) =>
      `// SPDX-License-Identifier: MIT\npragma solidity ^0.8.24;\nlibrary Twice { function twice(uint256 x) internal pure returns (uint256) { return ${factor} * x; } }\n`
    writeFileSync(vendored, library(2))
    const sources = {
      'UsesTwice.sol': `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;
import {Twice} from "math/Twice.sol";
contract UsesTwice { function f(uint256 x) external pure returns (uint256) { return Twice.twice(x); } }`,
    }
    const compile = () => compileContracts({ sources, remappings: ['math/=vendor/math/'], basePath, cacheDir })
    try {
      const first = await compile()
      const second = await compile()
      writeFileSync(vendored, library(3))
      const changed = await compile()

      expect(loadSolc).toHaveBeenCalledTimes(2)
      expect(second).toEqual(first)
      expect(changed.UsesTwice?.bytecode).not.toBe(first.UsesTwice?.bytecode)
    } finally {
      rmSync(basePath, { recursive: true, force: true })
    }
  })

  it('treats an unreadable cache file as a miss and rewrites it', async () => {
    const sources = { 'Owned.sol': OWNED }
    const first = await compileContracts({ sources, cacheDir })
    const path = join(cacheDir, cacheFiles()[0] ?? '')
    writeFileSync(path, '{ truncated')

    const second = await compileContracts({ sources, cacheDir })

    expect(second).toEqual(first)
    expect(JSON.parse(readFileSync(path, 'utf8'))).toHaveProperty('artifacts')
  })

  it('does not cache a failed compile', async () => {
    const sources = { 'Broken.sol': 'pragma solidity ^0.8.24;\ncontract Broken {' }

    await expect(compileContracts({ sources, cacheDir })).rejects.toBeInstanceOf(CompileError)
    await expect(compileContracts({ sources, cacheDir })).rejects.toBeInstanceOf(CompileError)

    expect(loadSolc).toHaveBeenCalledTimes(2)
    expect(readdirSync(cacheDir)).toEqual([])
  })
})
