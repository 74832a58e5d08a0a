import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium } from 'playwright-core'
import { build } from 'vite'
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './chromium.js'
import { servePlayground } from './servePlayground.js'

const root = new URL('../..', import.meta.url).pathname

/** A built playground served on 127.0.0.1, and a Chromium that may load nothing else. */
export type PlaygroundSession = {
  context: BrowserContext
  /** The playground's address. */
  url: string
  /** Where the built files are (downloads can go here too). */
  outDir: string
  /** Every request that tried to leave the playground's origin (each was refused). */
  elsewhere: string[]
  close(): Promise<void>
}

/**
 * Builds the playground with Vite, serves it at a free port and starts Chromium on it, offline:
 * any request not to the page's own origin is refused and recorded. For the browser test, the
 * browser figures and the figure script's screenshot.
 *
 * @param viewport the window's size in CSS pixels
 * @returns the session; close it when done
 */
export async function openPlayground(
  viewport: { width: number; height: number } = { width: 1280, height: 900 },
): Promise<PlaygroundSession> {
  const outDir = mkdtempSync(join(tmpdir(), 'dem-sim-playground-'))
  const profileDir = mkdtempSync(join(tmpdir(), 'dem-sim-chromium-'))
  await build({
    configFile: join(root, 'playground', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  })
  const server = await servePlayground(outDir)
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport,
  })
  const elsewhere: string[] = []
  await context.route('**/*', (route) => {
    const url = route.request().url()
    if (url.startsWith(server.url) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue()
    elsewhere.push(url)
    return route.abort()
  })
  return {
    context,
    url: server.url,
    outDir,
    elsewhere,
    close: async () => {
      await context.close()
      await server.close()
      rmSync(outDir, { recursive: true, force: true })
      rmSync(profileDir, { recursive: true, force: true })
    },
  }
}
