// Prints the browser figures of issue 12: the library's browser bundle gzipped, the playground's
// time to interactive, and gas for 50 users in the page against `dem-sim gas --users 50` in Node.
// Run after `npm run build`: `npm run bench:browser`.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { build as esbuild } from 'esbuild'
import { chromium } from 'playwright-core'
import { build as vite } from 'vite'
import { servePlayground } from '../test/browser/servePlayground.js'

const root = new URL('..', import.meta.url).pathname
const RUNS = 3

async function gzippedKb(source: string): Promise<number> {
  const result = await esbuild({
    stdin: { contents: source, resolveDir: root },
    bundle: true,
    write: false,
    minify: true,
    platform: 'browser',
    format: 'esm',
    tsconfigRaw: '{}',
  })
  return gzipSync(result.outputFiles[0]!.contents, { level: 9 }).length / 1024
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

console.log('browser bundle, minified + gzip -9:')
console.log(`  import * from 'dem-sim'            ${(await gzippedKb("export * from 'dem-sim'")).toFixed(1)} KB`)
console.log(
  `  import { DemSimulator } 'dem-sim'  ${(await gzippedKb("export { DemSimulator } from 'dem-sim'")).toFixed(1)} KB`,
)

const outDir = mkdtempSync(join(tmpdir(), 'dem-sim-playground-'))
const profileDir = mkdtempSync(join(tmpdir(), 'dem-sim-chromium-'))
await vite({
  configFile: join(root, 'playground', 'vite.config.ts'),
  logLevel: 'warn',
  build: { outDir, emptyOutDir: true },
})
const server = await servePlayground(outDir)
const context = await chromium.launchPersistentContext(profileDir, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
})
const ready: number[] = []
const pageWallS: number[] = []
try {
  for (let i = 0; i < RUNS; i++) {
    const page = await context.newPage()
    await page.goto(server.url)
    await page.waitForSelector('body[data-ready]', { timeout: 60_000 })
    ready.push(Number(await page.getAttribute('body', 'data-ready')))
    await page.click('#tab-button-gas')
    for (const users of ['2', '10']) await page.uncheck(`input[name=users][value="${users}"]`)
    await page.click('#gas-run')
    await page.waitForSelector('[data-testid=report-scaling] tbody tr', { timeout: 120_000 })
    const row = await page.$$eval('[data-testid=report-scaling] tbody tr td', (tds) =>
      tds.map((td) => td.textContent ?? ''),
    )
    const headers = await page.$$eval('[data-testid=report-scaling] th', (ths) => ths.map((th) => th.textContent ?? ''))
    pageWallS.push(Number(row[headers.indexOf('wall s')]))
    await page.close()
  }
} finally {
  await context.close()
  await server.close()
  rmSync(outDir, { recursive: true, force: true })
  rmSync(profileDir, { recursive: true, force: true })
}

const nodeWallS: number[] = []
const nodeProcessS: number[] = []
for (let i = 0; i < RUNS; i++) {
  const started = performance.now()
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(root, 'dist', 'cli.js'), 'gas', '--users', '50', '--json', '--quiet'],
    { maxBuffer: 64 << 20 },
  )
  nodeProcessS.push((performance.now() - started) / 1000)
  const sweep = JSON.parse(stdout) as { points: { result: { timing: { totalMs: number } } }[] }
  nodeWallS.push(sweep.points[0]!.result.timing.totalMs / 1000)
}

console.log(
  `playground time to interactive (navigation → library loaded in its worker), ${RUNS} loads: ${ready.join(', ')} ms`,
)
console.log(
  `gas for 50 users, run wall time: page ${pageWallS.join(', ')} s · node (dem-sim gas --users 50) ${nodeWallS.map((s) => s.toFixed(2)).join(', ')} s`,
)
console.log(`  node process incl. start-up: ${nodeProcessS.map((s) => s.toFixed(2)).join(', ')} s`)
console.log(`  ratio page / node (medians of the run): ${(median(pageWallS) / median(nodeWallS)).toFixed(2)}×`)
