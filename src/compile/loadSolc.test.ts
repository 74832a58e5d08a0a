import { execFileSync } from 'node:child_process'
import { describe, expect, it, vi } from 'vitest'

describe('loadSolc', () => {
  it('loads the pinned solc', async () => {
    const { loadSolc } = await import('./loadSolc.js')

    const solc = await loadSolc()

    expect(solc.version()).toMatch(/^0\.8\.37\+commit\./)
  })

  it('refuses an installed solc other than the pinned one', async () => {
    vi.resetModules()
    vi.doMock('solc', () => ({ default: { version: () => '0.8.30+commit.73712a01.Emscripten.clang' } }))
    const { loadSolc } = await import('./loadSolc.js')
    // After resetModules, loadSolc throws the fresh module graph's DemError.
    const { DemError } = await import('../errors/DemError.js')

    const loading = loadSolc()

    await expect(loading).rejects.toBeInstanceOf(DemError)
    await expect(loading).rejects.toThrow('Installed solc 0.8.30 is not the pinned 0.8.37')
    vi.doUnmock('solc')
  })

  it('is the only way solc gets loaded: importing the compile functions does not load it', () => {
    // A fresh process, since this test process has loaded solc already.
    const probe = `
      import { createRequire } from 'node:module'
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((f) => /[\\\\/]node_modules[\\\\/]solc[\\\\/]/.test(f))
      await import('./src/compile/compileContracts.ts')
      await import('./src/compile/compileSources.ts')
      const afterImport = loaded()
      await (await import('./src/compile/loadSolc.ts')).loadSolc()
      console.log(JSON.stringify({ afterImport, afterLoad: loaded() }))
    `
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', probe], {
      encoding: 'utf8',
    })

    expect(JSON.parse(output)).toEqual({ afterImport: false, afterLoad: true })
  })
})
