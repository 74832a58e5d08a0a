import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** The parts of ethereumjs a state test needs, loaded from one tree of packages. */
export type Ethereumjs = {
  label: string
  common: typeof import('@ethereumjs/common')
  util: typeof import('@ethereumjs/util')
  tx: typeof import('@ethereumjs/tx')
  block: typeof import('@ethereumjs/block')
  vm: typeof import('@ethereumjs/vm')
  statemanager: typeof import('@ethereumjs/statemanager')
  rlp: typeof import('@ethereumjs/rlp')
}

const PACKAGES = ['common', 'util', 'tx', 'block', 'vm', 'statemanager', 'rlp'] as const

/**
 * The installed ethereumjs, with our patches applied (`npm ci` applies them), and a copy of it with
 * every patch in `patches/` reversed — the packages as published — so one process can run the same
 * test on both.
 *
 * The copy lives in the OS temp directory under a name derived from the patches, beside links to
 * every other installed package, so its own imports resolve to the copy and the rest as installed.
 *
 * @param root - The repository root (with `node_modules/` and `patches/`).
 * @returns The patched and the unpatched trees.
 * @example
 * const { patched, unpatched } = await loadEthereumjsTrees(process.cwd())
 */
export async function loadEthereumjsTrees(root: string): Promise<{ patched: Ethereumjs; unpatched: Ethereumjs }> {
  const installed = join(root, 'node_modules')
  const patches = readdirSync(join(root, 'patches'))
    .filter((name) => name.startsWith('@ethereumjs+'))
    .sort()
    .map((name) => join(root, 'patches', name))
  const digest = createHash('sha256')
  for (const patch of patches) digest.update(readFileSync(patch))
  const copy = join(tmpdir(), `dem-sim-unpatched-ethereumjs-${digest.digest('hex').slice(0, 16)}-v2`)
  if (!existsSync(copy)) {
    // Built beside its final name and renamed into place, so a concurrent run never sees half a copy.
    const partial = `${copy}.${process.pid}`
    rmSync(partial, { recursive: true, force: true })
    mkdirSync(join(partial, 'node_modules'), { recursive: true })
    cpSync(join(installed, '@ethereumjs'), join(partial, 'node_modules', '@ethereumjs'), { recursive: true })
    for (const name of readdirSync(installed)) {
      if (name === '@ethereumjs' || name.startsWith('.')) continue
      symlinkSync(join(installed, name), join(partial, 'node_modules', name))
    }
    // patch-package writes paths as a/node_modules/…: reversed from the copy's root, they land in it.
    for (const patch of patches) execFileSync('git', ['apply', '-R', '-p1', patch], { cwd: partial })
    try {
      renameSync(partial, copy)
    } catch {
      // Another run got there first with the same patches: use its copy.
      rmSync(partial, { recursive: true, force: true })
    }
  }
  return {
    patched: await loadTree('patched (dem-sim)', installed),
    unpatched: await loadTree('unpatched (as published)', join(copy, 'node_modules')),
  }
}

async function loadTree(label: string, nodeModules: string): Promise<Ethereumjs> {
  const modules = await Promise.all(
    PACKAGES.map((name) => import(pathToFileURL(join(nodeModules, '@ethereumjs', name, 'dist/esm/index.js')).href)),
  )
  return { label, ...Object.fromEntries(PACKAGES.map((name, index) => [name, modules[index]])) } as Ethereumjs
}
