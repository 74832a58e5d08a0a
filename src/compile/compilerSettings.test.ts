import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { DemError } from '../errors/DemError.js'
import {
  DEFAULT_EVM_VERSION,
  DEFAULT_OPTIMIZER_RUNS,
  SOLC_VERSION,
  VIA_IR,
  evmVersionForHardfork,
} from './compilerSettings.js'

describe('compilerSettings', () => {
  it('pins the solc release that package.json installs', () => {
    const installed = createRequire(import.meta.url)('solc/package.json') as { version: string }

    expect(installed.version).toBe(SOLC_VERSION)
  })

  it('compiles for osaka with the optimizer at 200 runs and the legacy pipeline', () => {
    expect({ DEFAULT_EVM_VERSION, DEFAULT_OPTIMIZER_RUNS, VIA_IR }).toEqual({
      DEFAULT_EVM_VERSION: 'osaka',
      DEFAULT_OPTIMIZER_RUNS: 200,
      VIA_IR: false,
    })
  })

  it.each(['berlin', 'london', 'paris', 'shanghai', 'cancun', 'prague', 'osaka'])(
    'maps hardfork %s to the evmVersion of the same name',
    (hardfork) => {
      expect(evmVersionForHardfork(hardfork)).toBe(hardfork)
    },
  )

  it('refuses a hardfork it cannot compile for, listing the ones it can', () => {
    const act = () => evmVersionForHardfork('istanbul')

    expect(act).toThrow(DemError)
    expect(act).toThrow(/Unsupported hardfork "istanbul"[\s\S]*berlin, london, paris, shanghai, cancun, prague, osaka/)
  })
})
