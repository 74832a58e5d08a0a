import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { BrowserUnsupportedError } from '../../src/errors/BrowserUnsupportedError.js'

const sources = new URL('../../src/', import.meta.url)
const variants = readdirSync(sources, { recursive: true, encoding: 'utf8' })
  .filter((path) => path.endsWith('.browser.ts'))
  .sort()

// A browser variant stands in for its Node module in the browser build: it must offer the same names.
describe('browser variants', () => {
  it('exist for the Node-only modules', () => {
    expect(variants).toEqual([
      'compile/compileContracts.browser.ts',
      'compile/compileSources.browser.ts',
      'reports/writeReports.browser.ts',
      'scenarios/createScenarioWorkers.browser.ts',
      'scenarios/scenarioFiles.browser.ts',
    ])
  })

  it.each(variants)('%s exports what its Node module exports', async (variant) => {
    const node = await import(new URL(variant.replace('.browser.ts', '.ts'), sources).href)
    const browser = await import(new URL(variant, sources).href)
    expect(Object.keys(browser).sort()).toEqual(Object.keys(node).sort())
  })

  it('refuse what needs Node with a typed error naming the function', async () => {
    const { compileContracts } = await import('../../src/compile/compileContracts.browser.js')
    const { writeSweepReports } = await import('../../src/reports/writeReports.browser.js')
    const { readTextFile } = await import('../../src/scenarios/scenarioFiles.browser.js')
    await expect(compileContracts()).rejects.toThrow(BrowserUnsupportedError)
    await expect(writeSweepReports()).rejects.toMatchObject({
      name: 'BrowserUnsupportedError',
      functionName: 'writeSweepReports',
    })
    await expect(readTextFile()).rejects.toMatchObject({ functionName: 'loadScenario' })
  })

  it('resolve scenario-relative paths without node:path', async () => {
    const { resolveScenarioPath, defaultBaseDir } = await import('../../src/scenarios/scenarioFiles.browser.js')
    expect(resolveScenarioPath(defaultBaseDir(), 'prices.csv')).toBe('prices.csv')
    expect(resolveScenarioPath('data/', 'prices.csv')).toBe('data/prices.csv')
    expect(resolveScenarioPath('data', '/abs/prices.csv')).toBe('/abs/prices.csv')
  })
})
