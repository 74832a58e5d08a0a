import { execFileSync, spawn } from 'node:child_process'
import { stripVTControlCharacters } from 'node:util'
import { cpus, loadavg, totalmem } from 'node:os'
import { openPlayground } from '../../test/browser/openPlayground.js'
import { tradeTwoUsers } from '../../test/browser/playgroundSteps.js'

/** A timing figure: a benchmark's output, measured on this machine and named with it. */
export type Measurement = {
  /** The block's name: `<!-- measured:NAME -->`. */
  name: string
  /** What runs, as a user would type it. */
  command: string
  /** Measured by `--measure` alone; others only when named (they take long). */
  byDefault: boolean
  /** The block's body from the command's output and how long it took. */
  summarize?: (stdout: string, seconds: number) => string
}

export const MEASUREMENTS: readonly Measurement[] = [
  { name: 'bench', command: 'npm run bench', byDefault: true },
  { name: 'bench-scale', command: 'npm run bench:scale', byDefault: true },
  { name: 'bench-browser', command: 'npm run bench:browser', byDefault: true },
  {
    name: 'figures-check',
    command: 'npm run figures -- --check',
    byDefault: false,
    summarize: (_, seconds) => `\`npm run figures -- --check\`: ${Math.round(seconds)} s.\n`,
  },
  { name: 'bench-limits', command: 'npm run bench:limits -- --users 20000 --flood 10000', byDefault: false },
  {
    name: 'test-deep',
    command: 'npm run test:deep -- --commands 20000 --seed 1',
    byDefault: false,
  },
  {
    name: 'test-suite',
    command: 'npm test',
    byDefault: false,
    summarize: (output, seconds) => {
      // vitest colours its summary even into a pipe.
      const stdout = stripVTControlCharacters(output)
      const files = /Test Files\s+(.*)/.exec(stdout)?.[1]?.trim() ?? '?'
      const tests = /Tests\s+(.*)/.exec(stdout)?.[1]?.trim() ?? '?'
      return `\`npm test\`: ${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s (test files ${files}; tests ${tests}).\n`
    },
  },
]

/** This machine, as a measured figure names it. */
export function describeMachine(): string {
  const cores = cpus()
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
  return `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${loadavg()[0]?.toFixed(1)} at the start, commit ${commit}, ${new Date().toISOString().slice(0, 10)}`
}

/** Runs a measurement and returns its block: the machine, the command, and what it printed. */
export async function measure(measurement: Measurement, root: string): Promise<string> {
  const machine = describeMachine()
  const started = performance.now()
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = spawn('sh', ['-c', measurement.command], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8')
    })
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${measurement.command} exited with ${code}`)),
    )
  })
  const seconds = (performance.now() - started) / 1000
  const body =
    measurement.summarize?.(stdout, seconds) ??
    `\`\`\`text\n${stdout
      .split('\n')
      .filter((line) => !line.startsWith('> '))
      .join('\n')
      .trim()}\n\`\`\`\n`
  return `Measured on ${machine}, with \`${measurement.command}\`:\n\n${body}`
}

/** A measured block's first line, which says where and how it was measured. */
export const MEASURED_HEADER = /^Measured on .+, with `[^`]+`:\n/

/** A picture that is not the same on every machine: taken again only with `--measure`. */
export type MeasuredFile = { name: string; path: string; take: () => Promise<Buffer> }

export const MEASURED_FILES: readonly MeasuredFile[] = [
  {
    name: 'playground-screenshot',
    path: 'docs/figures/playground.png',
    take: async () => {
      const playground = await openPlayground({ width: 1280, height: 860 })
      try {
        const page = await playground.context.newPage()
        await page.goto(playground.url)
        await page.waitForSelector('body[data-ready]', { timeout: 60_000 })
        await tradeTwoUsers(page)
        return await page.screenshot()
      } finally {
        await playground.close()
      }
    },
  },
]
