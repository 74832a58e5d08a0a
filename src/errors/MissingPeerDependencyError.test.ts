import { describe, expect, it } from 'vitest'
import { peerDependencies, peerDependenciesMeta } from '../../package.json'
import { DemError } from './DemError.js'
import { MissingPeerDependencyError, OPTIONAL_PEERS, importPeer } from './MissingPeerDependencyError.js'

describe('importPeer', () => {
  it('returns the module when the package is installed', async () => {
    const solc = await importPeer(() => import('solc'), { packageName: 'solc', feature: 'Compiling Solidity' })
    expect(typeof solc.default.compile).toBe('function')
  })

  it('names the package and the command to install when it is missing', async () => {
    const missing = Object.assign(new Error("Cannot find package 'vega' imported from /app/dist/cli.js"), {
      code: 'ERR_MODULE_NOT_FOUND',
    })
    const error = await importPeer(() => Promise.reject(missing), {
      packageName: 'vega',
      feature: 'Rendering charts',
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MissingPeerDependencyError)
    expect(error).toBeInstanceOf(DemError)
    expect(error).toMatchObject({
      name: 'MissingPeerDependencyError',
      packageName: 'vega',
      install: `npm install vega@${peerDependencies.vega}`,
      shortMessage: `Rendering charts needs the optional package vega, which is not installed: run \`npm install vega@${peerDependencies.vega}\``,
      cause: missing,
    })
  })

  it('names every missing package of a feature with one install command', () => {
    const error = new MissingPeerDependencyError({
      packageName: 'vega',
      alsoMissing: ['vega-lite'],
      feature: 'Rendering charts',
    })
    expect(error).toMatchObject({
      packageName: 'vega',
      packageNames: ['vega', 'vega-lite'],
      install: `npm install vega@${peerDependencies.vega} vega-lite@${peerDependencies['vega-lite']}`,
      shortMessage: `Rendering charts needs the optional packages vega and vega-lite, which are not installed: run \`npm install vega@${peerDependencies.vega} vega-lite@${peerDependencies['vega-lite']}\``,
    })
  })

  it('also recognises CommonJS "Cannot find module"', async () => {
    const missing = Object.assign(new Error("Cannot find module 'solc'\nRequire stack: ..."), {
      code: 'MODULE_NOT_FOUND',
    })
    const error = await importPeer(() => Promise.reject(missing), {
      packageName: 'solc',
      feature: 'Compiling Solidity',
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MissingPeerDependencyError)
  })

  it('lets other failures through: a dependency of the package missing, an error inside it', async () => {
    const transitive = Object.assign(
      new Error("Cannot find package 'd3-array' imported from /app/node_modules/vega/build/vega.js"),
      { code: 'ERR_MODULE_NOT_FOUND' },
    )
    await expect(
      importPeer(() => Promise.reject(transitive), { packageName: 'vega', feature: 'Rendering charts' }),
    ).rejects.toBe(transitive)
    const broken = new TypeError('boom')
    await expect(
      importPeer(() => Promise.reject(broken), { packageName: 'vega', feature: 'Rendering charts' }),
    ).rejects.toBe(broken)
  })

  it('names the versions package.json declares as optional peers', () => {
    expect(peerDependencies).toEqual(OPTIONAL_PEERS)
    expect(Object.values(peerDependenciesMeta)).toEqual(Object.keys(OPTIONAL_PEERS).map(() => ({ optional: true })))
  })
})
