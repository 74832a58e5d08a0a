import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAnvil, type RunningAnvil } from '../../test/support/startAnvil.js'
import { main } from './main.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

async function cli(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const status = await main(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    cwd: ROOT,
  })
  return { status, stdout, stderr }
}

describe('dem-sim --rpc against a running anvil', () => {
  let anvil: RunningAnvil

  beforeAll(async () => {
    anvil = await startAnvil()
  }, 30_000)

  afterAll(async () => {
    await anvil?.stop()
  })

  it('run --rpc --verify-gas runs on the node, replays embedded and finds no mismatch', async () => {
    const { status, stdout, stderr } = await cli([
      'run',
      'examples/scenarios/paper.json',
      '--rpc',
      anvil.url,
      '--verify-gas',
      '-q',
    ])

    expect(stderr).toBe('verify-gas: 22 transactions, 0 mismatches\n')
    expect(status).toBe(0)
    expect(stdout).toMatch(/EnergyProfile\s+registerUser\s+2\s+98,819\s+98,831\s+98,825/)
  }, 120_000)

  it('gas --rpc runs each user count on the node from the same snapshot', async () => {
    const { status, stdout } = await cli(['gas', '--users', '2,4', '--rpc', anvil.url, '-q'])

    expect(status).toBe(0)
    expect(stdout).toMatch(/registerUser\s+98,825\s+98,825/)
  }, 120_000)

  it('refuses --verify-gas without --rpc, and names an unreachable node', async () => {
    const usage = await cli(['run', 'examples/scenarios/paper.json', '--verify-gas', '-q'])
    const unreachable = await cli(['run', 'examples/scenarios/paper.json', '--rpc', 'http://127.0.0.1:9', '-q'])

    expect(usage).toMatchObject({
      status: 2,
      stderr: 'dem-sim: --verify-gas needs --rpc <url> (see dem-sim run --help)\n',
    })
    expect(unreachable.status).toBe(1)
    expect(unreachable.stderr).toMatch(
      /^dem-sim: NodeUnreachableError: cannot reach a JSON-RPC node at http:\/\/127\.0\.0\.1:9/,
    )
  })
})
