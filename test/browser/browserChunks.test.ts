import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { build } from 'esbuild'
import { type BrowserContext, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PRECOMPUTED_DEPLOYMENTS } from '../../src/artifacts/deployments/index.js'
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './chromium.js'
import { servePlayground } from './servePlayground.js'

const root = new URL('../..', import.meta.url).pathname
const MECHANISMS = Object.keys(PRECOMPUTED_DEPLOYMENTS)

let dir: string
let profileDir: string
let server: Awaited<ReturnType<typeof servePlayground>>
let context: BrowserContext

// An application's page bundled from the built package as a bundler that splits does it (esbuild,
// `dem-sim` through its `browser` export): it creates a simulator of the mechanism in its hash.
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dem-sim-chunks-'))
  profileDir = mkdtempSync(join(tmpdir(), 'dem-sim-chromium-'))
  await build({
    stdin: {
      contents: `import { DemSimulator } from 'dem-sim'
DemSimulator.create({ mechanism: location.hash.slice(1) }).then(
  (sim) => { document.body.dataset.market = sim.contracts.market.address },
  (error) => { document.body.dataset.market = String(error) },
)`,
      resolveDir: root,
    },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    outdir: dir,
    entryNames: 'app',
    logLevel: 'error',
    tsconfigRaw: '{}',
  })
  writeFileSync(join(dir, 'index.html'), '<!doctype html><body><script type="module" src="./app.js"></script></body>')
  server = await servePlayground(dir)
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
  })
}, 120_000)

afterAll(async () => {
  await context?.close()
  await server?.close()
  rmSync(dir, { recursive: true, force: true })
  rmSync(profileDir, { recursive: true, force: true })
})

describe("the browser build's precomputed deployments", () => {
  it.each(MECHANISMS)(
    'fetches only the %s deployment, when a simulator of it is created',
    async (mechanism) => {
      const page = await context.newPage()
      const errors: string[] = []
      page.on('pageerror', (error) => errors.push(String(error)))
      const fetched: string[] = []
      page.on('request', (request) => fetched.push(basename(new URL(request.url()).pathname)))
      await page.goto(`${server.url}#${mechanism}`)
      await page.waitForSelector('body[data-market]', { state: 'attached', timeout: 60_000 })
      expect(errors).toEqual([])
      expect(await page.getAttribute('body', 'data-market')).toMatch(/^0x[0-9a-fA-F]{40}$/)
      const deployments = MECHANISMS.filter((name) => fetched.some((file) => file.startsWith(`${name}-`)))
      expect(deployments).toEqual([mechanism])
      await page.close()
    },
    60_000,
  )
})
