/** Debian's Chromium (`apt-get install chromium`), which playwright-core drives; `CHROMIUM_PATH` points at another. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium'

/** The Chromium the browser tests and scripts start. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH

/** Headless, no sandbox (CI runs as root), and nothing that reaches out to the network by itself. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]
