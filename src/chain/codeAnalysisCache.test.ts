import type { VM } from '@ethereumjs/vm'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { Common, Mainnet } from '@ethereumjs/common'
import { createEVM, type EVM } from '@ethereumjs/evm'
import { hexToBytes } from '@ethereumjs/util'
import { describe, expect, it } from 'vitest'
import { FixtureNFT } from '../../test/fixtures/artifacts/index.js'
import { createChain } from './createChain.js'
import type { Hex } from './types.js'

// Our patch of @ethereumjs/evm (patches/) keeps each code's jump-destination analysis across call
// frames and transactions, keyed by the code's content, each entry holding its own copy of the code.

/** PUSH1 dest, JUMP, INVALID…, JUMPDEST, STOP: codes that each need the analysis. */
const JUMPING_CODES = ['0x600456fe5b00', '0x60055600fe5b00', '0x6006560000fe5b00'] as const

const newEvm = (options: { codeAnalysisCacheSize?: number; codeAnalysisCacheBytes?: number } = {}) =>
  createEVM({ common: new Common({ chain: Mainnet, hardfork: 'osaka' }), ...options })

const cacheOf = (evm: EVM) => {
  if (evm.codeAnalysisCache === undefined) throw new Error('the code-analysis cache is off')
  return evm.codeAnalysisCache
}

describe('the code-analysis cache', () => {
  it('analyses each contract once per EVM, across call frames and transactions, with the same gas', async () => {
    const gasOf = async (codeAnalysisCache: boolean) => {
      const chain = await createChain({ accounts: 2, codeAnalysisCache })
      const { address } = await chain.deploy({ artifact: FixtureNFT })
      const gas = []
      for (let tokenId = 1n; tokenId <= 3n; tokenId++) {
        const { receipt } = await chain.send({
          address,
          abi: FixtureNFT.abi,
          functionName: 'mint',
          args: [chain.accounts[1]!.address, tokenId],
          from: 1,
        })
        gas.push(receipt.gasUsed)
      }
      return { gas, cache: ((chain.vm as VM).evm as EVM).codeAnalysisCache }
    }
    const on = await gasOf(true)
    const off = await gasOf(false)
    // The constructor's code and the runtime code are analysed once each; the other mints hit.
    expect(on.cache).toMatchObject({ maxEntries: 1024, maxBytes: 16 * 2 ** 20, misses: 2, hits: 2 })
    expect(on.cache?.entries.size).toBe(2)
    expect(off.cache).toBeUndefined()
    expect(on.gas).toEqual(off.gas)
  })

  it('drops the least recently used analysis beyond its bound on entries', async () => {
    const evm = await newEvm({ codeAnalysisCacheSize: 2 })
    const codes = JUMPING_CODES.map((code) => hexToBytes(code as Hex))
    for (const index of [0, 1, 0, 2, 1]) {
      const { exceptionError } = await evm.runCode({ code: codes[index], gasLimit: 100_000n })
      expect(exceptionError).toBeUndefined()
    }
    // 0 miss, 1 miss, 0 hit, 2 miss (drops 1), 1 miss again (drops 0).
    expect(cacheOf(evm)).toMatchObject({ hits: 1, misses: 4 })
    expect([...cacheOf(evm).entries.values()].map((entry) => entry.code)).toEqual([codes[2], codes[1]])
  })

  it('drops the least recently used analysis beyond its bound on bytes, and keeps none larger than it', async () => {
    // Each code is estimated at 16 bytes per code byte plus 256: 352, 368 and 384 bytes.
    const evm = await newEvm({ codeAnalysisCacheBytes: 352 + 368 + 100 })
    const codes = JUMPING_CODES.map((code) => hexToBytes(code as Hex))
    for (const code of codes) await evm.runCode({ code, gasLimit: 100_000n })

    expect([...cacheOf(evm).entries.values()].map((entry) => entry.code)).toEqual([codes[1], codes[2]])
    expect(cacheOf(evm).bytes).toBe(368 + 384)

    const tiny = await newEvm({ codeAnalysisCacheBytes: 100 })
    await tiny.runCode({ code: codes[0], gasLimit: 100_000n })
    expect(cacheOf(tiny).entries.size).toBe(0)
    expect(cacheOf(tiny).bytes).toBe(0)
  })

  it('shares one analysis among equal codes in different arrays, and misses a code changed in place', async () => {
    const evm = await newEvm()
    const code = hexToBytes(JUMPING_CODES[0])
    await evm.runCode({ code, gasLimit: 100_000n })
    await evm.runCode({ code: code.slice(), gasLimit: 100_000n })
    expect(cacheOf(evm)).toMatchObject({ hits: 1, misses: 1 })

    // The JUMPDEST becomes a STOP: a stale analysis would still let the jump land there.
    code[4] = 0x00
    const { exceptionError } = await evm.runCode({ code, gasLimit: 100_000n })

    expect(exceptionError?.error).toMatch(/^invalid JUMP/)
    expect(cacheOf(evm)).toMatchObject({ hits: 1, misses: 2 })
  })

  it('keeps no frame memory alive: 60 CREATEs of a 6-byte initcode from a frame that touched 1 MiB retain a few bytes', async () => {
    // Writes a word at 1 MiB, puts PUSH1 4 JUMP INVALID JUMPDEST STOP at memory[26..32) and CREATEs
    // it: the initcode is a view into the 1 MiB memory, and it jumps, so it is analysed.
    const creator: Hex = '0x600162100000526560045 6fe5b006000526006601a6000f05000'.replace(/ /g, '') as Hex
    setFlagsFromString('--expose-gc')
    const collect = runInNewContext('gc') as () => void
    // Array buffers are freed by a sweeper after the collection: give it a turn.
    const gc = async () => {
      collect()
      await new Promise((resolve) => setTimeout(resolve, 20))
      collect()
    }
    const chain = await createChain({ accounts: 1 })
    const cache = cacheOf((chain.vm as VM).evm as EVM)
    await chain.sendTransaction({ data: creator })
    await gc()
    const before = process.memoryUsage().arrayBuffers

    for (let i = 0; i < 60; i++) {
      const receipt = await chain.sendTransaction({ data: creator })
      expect(receipt.status).toBe('success')
    }
    await gc()
    const retainedBytes = process.memoryUsage().arrayBuffers - before

    expect(cache.hits).toBeGreaterThanOrEqual(60)
    const heldBuffers = [...cache.entries.values()].reduce((sum, entry) => sum + entry.code.buffer.byteLength, 0)
    expect(heldBuffers).toBeLessThan(1024)
    expect(retainedBytes).toBeLessThan(4 * 2 ** 20)
  })
})
