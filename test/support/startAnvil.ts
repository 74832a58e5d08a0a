import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import type { ChainHardfork } from '../../src/chain/types.js'

export type StartAnvilOptions = {
  /** Default `'osaka'`. */
  hardfork?: ChainHardfork
  /** Genesis timestamp. Default 1,700,000,000, like our chain. */
  startTime?: bigint
  /** Default 30,000,000, like our chain. */
  blockGasLimit?: bigint
}

export type RunningAnvil = {
  readonly url: string
  /** Stops the node and waits for it to exit. */
  stop(): Promise<void>
}

/** npm's platform names → the suffix of Foundry's per-platform anvil packages. */
const ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' }

/**
 * The anvil binary that `npm ci` installs: the devDependency `@foundry-rs/anvil` lists one package
 * per platform as optional dependencies, and npm installs the one that fits (its own install
 * script is not needed: we run the binary directly).
 */
export function anvilBinary(): string {
  const platform = process.platform === 'win32' ? 'win32' : process.platform
  const name = `@foundry-rs/anvil-${platform}-${ARCH[process.arch] ?? process.arch}`
  const executable = platform === 'win32' ? 'anvil.exe' : 'anvil'
  try {
    return join(dirname(createRequire(import.meta.url).resolve(`${name}/package.json`)), 'bin', executable)
  } catch (error) {
    throw new Error(
      `no anvil for ${process.platform}-${process.arch}: npm ci installs ${name} with the devDependency @foundry-rs/anvil`,
      { cause: error },
    )
  }
}

/**
 * Starts Foundry's anvil on 127.0.0.1 at a free port, configured like our chain (base fee 0,
 * same block gas limit and genesis time, the zero coinbase), and resolves once it listens.
 *
 * @example
 * import { startAnvil } from './startAnvil.js'
 * const anvil = await startAnvil({ hardfork: 'london' })
 * try { ... connectChain({ rpcUrl: anvil.url }) ... } finally { await anvil.stop() }
 */
export async function startAnvil(options: StartAnvilOptions = {}): Promise<RunningAnvil> {
  const port = await freePort()
  const child = spawn(
    anvilBinary(),
    [
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--hardfork',
      options.hardfork ?? 'osaka',
      '--timestamp',
      String(options.startTime ?? 1_700_000_000n),
      '--gas-limit',
      String(options.blockGasLimit ?? 30_000_000n),
      '--base-fee',
      '0',
      '--gas-price',
      '0',
      '--accounts',
      '0',
      '--chain-id',
      '31337',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`anvil did not start within 20 s:\n${output}`)), 20_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Listening on')) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`anvil exited with code ${code}:\n${output}`))
    })
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL')
    await exited
    throw error
  })
  child.stdout.removeAllListeners('data')
  child.stderr.removeAllListeners('data')
  child.stdout.resume()
  child.stderr.resume()
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}
