#!/usr/bin/env node
/**
 * The `dem-sim` command (package `bin`) and `dem-sim/cli`: `main` (the command line, callable
 * in-process) and `renderSvg` (charts to SVG with vega-lite + vega). A separate entry: the
 * library's main entry never loads the CLI or vega.
 */
import { readFileSync, realpathSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { main } from './main.js'

export { main } from './main.js'
export type { CliIo } from './CliIo.js'
export type { ProgressStream } from './createProgressBar.js'
export { renderSvg } from '../reports/renderSvg.js'

if (isProcessEntry()) {
  main(process.argv.slice(2)).then(
    (status) => {
      process.exitCode = status
    },
    (error: unknown) => {
      process.stderr.write(`dem-sim: ${String(error)}\n`)
      process.exitCode = 1
    },
  )
}

/**
 * Whether this module is the program Node was started with (`dem-sim ...`, `node dist/cli.js`)
 * rather than imported: the script's real path is `<package>/dist/cli.*` of this package.
 */
function isProcessEntry(): boolean {
  const script = process.argv[1]
  if (script === undefined) return false
  try {
    const real = realpathSync(script)
    if (!/^cli\.[cm]?js$/.test(basename(real))) return false
    const manifest = JSON.parse(readFileSync(join(dirname(real), '..', 'package.json'), 'utf8')) as { name?: unknown }
    return manifest.name === 'dem-sim'
  } catch {
    return false
  }
}
