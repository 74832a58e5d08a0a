import type { VM } from '@ethereumjs/vm'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Common, Mainnet } from '@ethereumjs/common'
import { LegacyTx, paramsTx } from '@ethereumjs/tx'
import { describe, expect, it } from 'vitest'
import { FixtureNFT } from '../../test/fixtures/artifacts/index.js'
import { createChain } from './createChain.js'
import { freezeCommon } from './createSharedCommon.js'

// The chain relies on ethereumjs internals in three places: our patches (patches/) of
// @ethereumjs/evm (the code-analysis cache, promise-free steps), @ethereumjs/util (padding without
// spreading, hex parsed without a regex) and @ethereumjs/tx (calldata gas counted in numbers); the `getSenderAddress` we give
// unsigned transactions; and `freezeCommon`. Each hash below is of the upstream code that reasoning
// depends on, at the pinned version; a new ethereumjs version changes it and fails here, so the
// reasoning gets re-checked (and the patches re-made with
// `npx patch-package @ethereumjs/evm @ethereumjs/util @ethereumjs/tx`) before a hash is updated.

const root = fileURLToPath(new URL('../..', import.meta.url))
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16)
const packageFile = (path: string) => readFileSync(`${root}node_modules/${path}`, 'utf8')

describe('our patches of @ethereumjs/evm, util and tx', () => {
  it('is applied to both builds of the pinned versions, and upstream files are the ones it was made for', () => {
    for (const name of ['evm', 'util', 'tx'])
      expect(JSON.parse(packageFile(`@ethereumjs/${name}/package.json`)).version).toBe('10.1.3')
    const hashes = Object.fromEntries(
      Object.keys(PATCHED_HASHES).map((file) => [file, sha256(packageFile(`@ethereumjs/${file}`))]),
    )
    expect(hashes).toEqual(PATCHED_HASHES)
  })

  it('runs steps without a promise only when nothing listens: a step listener sees every opcode, with the same gas', async () => {
    const run = async (listen: boolean) => {
      const chain = await createChain({ accounts: 2 })
      let steps = 0
      if (listen) (chain.vm as VM).evm.events!.on('step', () => void steps++)
      const { address } = await chain.deploy({ artifact: FixtureNFT })
      const { receipt } = await chain.send({
        address,
        abi: FixtureNFT.abi,
        functionName: 'mint',
        args: [chain.accounts[1]!.address, 1n],
        from: 1,
      })
      return { gas: receipt.gasUsed, steps }
    }
    const quiet = await run(false)
    const traced = await run(true)
    expect(quiet.steps).toBe(0)
    expect(traced.steps).toBeGreaterThan(100)
    expect(traced.gas).toBe(quiet.gas)
  })

  it('is in the bundled package, ESM, CommonJS and the browser build', () => {
    // The entries share chunks: the EVM lives in one of them.
    for (const [dir, extension] of [
      ['dist', '.js'],
      ['dist', '.cjs'],
      ['dist/browser', '.js'],
    ] as const) {
      expect(existsSync(`${root}${dir}`), `${dir} is missing: run \`npx tsup\` first`).toBe(true)
      const bundled = readdirSync(`${root}${dir}`).filter((name) => name.endsWith(extension))
      expect(
        bundled.some((name) => readFileSync(`${root}${dir}/${name}`, 'utf8').includes('codeBytesHash(code)')),
        `${dir}/*${extension}`,
      ).toBe(true)
    }
  })
})

describe('upstream code the chain overrides', () => {
  it('runTx takes the sender from getSenderAddress alone, so an unsigned transaction can name it', () => {
    const runTx = packageFile('@ethereumjs/vm/dist/esm/runTx.js')
    expect(runTx.match(/getSenderAddress\(\)/g)).toHaveLength(1)
    expect(runTx).not.toMatch(/getSenderPublicKey|verifySignature|getValidationErrors/)
    expect(sha256(LegacyTx.prototype.getSenderAddress.toString())).toBe(UPSTREAM_HASHES.getSenderAddress)
    expect(sha256(runTx)).toBe(UPSTREAM_HASHES.runTx)
  })

  it('Common answers hardfork questions only from state that freezeCommon never lets change', () => {
    const methods = [
      'copy',
      'updateParams',
      'isActivatedEIP',
      'param',
      'paramByHardfork',
      'setHardfork',
      'setEIPs',
      'resetParams',
    ] as const
    const sources = Object.fromEntries(methods.map((name) => [name, sha256(String(Common.prototype[name]))]))
    expect(sources).toEqual(UPSTREAM_HASHES.common)
  })

  it('a frozen Common gives the same answers as a live one', () => {
    const live = new Common({ chain: Mainnet, hardfork: 'osaka', params: paramsTx })
    const frozen = freezeCommon(new Common({ chain: Mainnet, hardfork: 'osaka', params: paramsTx }))
    for (let eip = 1; eip < 8200; eip++) expect(frozen.isActivatedEIP(eip)).toBe(live.isActivatedEIP(eip))
    for (const name of ['txGas', 'txDataZeroGas', 'txDataNonZeroGas', 'txCreationGas', 'totalCostFloorPerToken']) {
      expect(frozen.param(name)).toBe(live.param(name))
    }
    expect(frozen.copy()).toBe(frozen)
  })
})

/** The files our patches change (patches/), as patched. */
const PATCHED_HASHES = {
  'evm/dist/esm/interpreter.js': '9cb790b89b1d3fd3',
  'evm/dist/esm/evm.js': '9dc398283e86e0ed',
  'evm/dist/cjs/interpreter.js': 'de39dab3dee17cd9',
  'evm/dist/cjs/evm.js': '6db4552a19df8c9d',
  'util/dist/esm/bytes.js': 'bf37c487e3f6f585',
  'util/dist/cjs/bytes.js': '8919d85b74d908bd',
  'tx/dist/esm/capabilities/legacy.js': '4520892d539e7010',
  'tx/dist/cjs/capabilities/legacy.js': 'ed63e0331a29b1d6',
  'tx/dist/esm/util/intrinsic.js': '1878fd61df5d881a',
  'tx/dist/cjs/util/intrinsic.js': 'eb4c0358ec82f055',
}

const UPSTREAM_HASHES = {
  getSenderAddress: 'da011487c177baf5',
  runTx: 'e64717c0ff4046a6',
  common: {
    copy: 'db9727231d103dab',
    updateParams: 'cf44ea2d2f5baab0',
    isActivatedEIP: '931ac8a66349e377',
    param: 'e3cd1ddbd917525a',
    paramByHardfork: '66715898ad65d739',
    setHardfork: '89a3cf591bda9cdc',
    setEIPs: '89227e1496cc0856',
    resetParams: '046d6fdee479299b',
  },
}
