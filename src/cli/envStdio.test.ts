// The other side of `dem-sim env --stdio`: a client that starts the built CLI as a child process
// and drives a learning agents' episode through JSON lines, as a Python agent would.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { mechanismNames } from '../mechanisms/mechanisms.js'
import { MAX_REQUEST_BYTES } from './envStdioLines.js'

const CLI = join(fileURLToPath(new URL('../..', import.meta.url)), 'dist', 'cli.js')

// biome-ignore lint/suspicious/noExplicitAny: the answers are JSON that the test walks freely
type Answer = Record<string, any>

/** Starts `dem-sim env --stdio`; `request` sends one JSON line and resolves with the answer line. */
function startEnv(args: string[] = []) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [CLI, 'env', '--stdio', ...args], {
    stdio: 'pipe',
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const answers = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return {
    async request(message: unknown): Promise<Answer> {
      child.stdin.write(`${typeof message === 'string' ? message : JSON.stringify(message)}\n`)
      const { value, done } = await answers.next()
      if (done) throw new Error(`the env closed its output; stderr: ${stderr}`)
      return JSON.parse(value as string) as Answer
    },
    end: () => child.stdin.end(),
    exited,
    stderr: () => stderr,
  }
}

const DAY = {
  seed: 5,
  intervals: 24,
  users: {
    count: 6,
    groups: [
      { share: 0.5, role: 'prosumer', battery: { capacityWh: 6000 }, strategy: { type: 'battery' } },
      { share: 0.5, role: 'consumer' },
    ],
  },
  profiles: {
    production: { type: 'solar', peakWh: 3000, jitter: 0.2 },
    consumption: { type: 'evening-peak', jitter: 0.2 },
  },
}

/** A simple policy in wire terms: charge any surplus, otherwise buy the deficit at the scenario's limit. */
function act(observation: Answer): Answer {
  const net = BigInt(observation.forecast.generationWh) - BigInt(observation.forecast.loadWh)
  const chargeable = observation.battery === null ? 0n : BigInt(observation.battery.chargeableWh)
  if (net > 0n) {
    const charge = net < chargeable ? net : chargeable
    const sell = net - charge
    return {
      ...(observation.battery === null ? {} : { battery: { chargeWh: charge.toString() } }),
      commitments:
        sell > 0n
          ? [
              {
                side: 'production',
                energyWh: sell.toString(),
                limitPriceWeiPerKWh: observation.limitPrices.productionWeiPerKWh,
              },
            ]
          : [],
    }
  }
  if (net < 0n)
    return {
      commitments: [
        {
          side: 'consumption',
          energyWh: (-net).toString(),
          limitPriceWeiPerKWh: observation.limitPrices.consumptionWeiPerKWh,
        },
      ],
    }
  return {}
}

describe('dem-sim env --stdio, driven by a client process', () => {
  it('runs a full day of 24 steps, answers bad requests with errors and keeps going', async () => {
    const env = startEnv()
    const reset = await env.request({ type: 'reset', id: 1, seed: 5, scenario: DAY, agents: [0, 1] })
    expect(reset).toMatchObject({ type: 'reset', id: 1, info: { seed: 5, intervals: 24, agents: [0, 1], users: 6 } })
    let observations = reset.observations
    expect(observations['0']).toMatchObject({ role: 'prosumer', battery: { capacityWh: '6000', stateOfChargeWh: '0' } })

    // Bad requests: each gets one error line, and the session goes on.
    expect(await env.request('not json')).toMatchObject({ type: 'error', name: 'ProtocolError' })
    expect(await env.request({ type: 'fly' })).toMatchObject({
      type: 'error',
      name: 'ProtocolError',
      message: expect.stringContaining('unknown request type'),
    })
    const refused = await env.request({
      type: 'step',
      id: 'x',
      actions: { 0: { commitments: [{ side: 'production', energyWh: '-3', limitPriceWeiPerKWh: '1' }] }, 1: {} },
    })
    expect(refused).toEqual({
      type: 'error',
      id: 'x',
      name: 'StrategyError',
      message: 'user 0, interval 0: commitments[0].energyWh must not be negative (energy in Wh), got -3',
      user: 0,
      interval: 0,
      field: 'commitments[0].energyWh',
      value: '-3',
    })
    expect(await env.request({ type: 'step', actions: { 0: {}, 1: {}, 5: {} } })).toMatchObject({
      type: 'error',
      name: 'InvalidArgumentError',
    })
    // A bad scenario in a reset leaves the running episode alone.
    expect(await env.request({ type: 'reset', scenario: { intervals: 0, users: { count: 1 } } })).toMatchObject({
      type: 'error',
      name: 'ScenarioError',
      path: 'intervals',
    })

    const total = { 0: 0n, 1: 0n }
    let steps = 0
    for (let done = false; !done; steps++) {
      const step = await env.request({
        type: 'step',
        actions: { 0: act(observations['0']), 1: act(observations['1']) },
      })
      expect(step.type).toBe('step')
      total[0] += BigInt(step.rewards['0'])
      total[1] += BigInt(step.rewards['1'])
      observations = step.observations
      done = step.done
      if (!done) expect(observations['0'].interval).toBe(steps + 1)
    }
    expect(steps).toBe(24)
    const { result } = await env.request({ type: 'result' })
    expect(result.intervalCount).toBe(24)
    expect(result.households).toHaveLength(6 * 24)
    expect(result.users.map((u: Answer) => u.strategy)).toEqual([
      'agent',
      'agent',
      'battery',
      'profile',
      'battery',
      'profile',
    ])
    // The agent's battery stored the midday surplus.
    const agentCharge = result.households
      .filter((h: Answer) => h.user === 0)
      .map((h: Answer) => BigInt(h.stateOfChargeWh))
    expect(
      agentCharge.some((wh: bigint) => wh > 0n),
      `the agent's state of charge: ${agentCharge.join(' ')}`,
    ).toBe(true)
    expect(total[1]).toBeLessThan(0n)

    // A refused reset (agents out of range, a bad option) leaves the session as it was.
    for (const bad of [{ agents: [0, 99] }, { forecastNoise: { relativeStd: 'high' } }, { rewardGas: 'yes' }]) {
      expect(await env.request({ type: 'reset', seed: 6, ...bad })).toMatchObject({ type: 'error' })
    }
    expect(await env.request({ type: 'result' })).toMatchObject({ type: 'result', result: { seed: 5 } })

    // A new episode reuses the scenario and agents.
    const again = await env.request({ type: 'reset', seed: 5 })
    expect(again.info).toEqual(reset.info)
    expect(again.observations).toEqual(reset.observations)
    expect(await env.request({ type: 'step', actions: { 0: {}, 1: {} } })).toMatchObject({ type: 'step' })
    expect(await env.request({ type: 'close' })).toEqual({ type: 'closed' })
    expect(await env.exited).toBe(0)
  }, 120_000)

  it('takes its scenario and agents from the command line, and ends at end of input', async () => {
    const env = startEnv(['solar', '--agents', '2'])
    const reset = await env.request({ type: 'reset' })
    expect(Object.keys(reset.observations)).toEqual(['2'])
    expect(await env.request({ type: 'step', actions: { 2: {} } })).toMatchObject({
      type: 'step',
      done: false,
      info: { interval: 0 },
    })
    env.end()
    expect(await env.exited).toBe(0)
    expect(env.stderr()).toBe('')
  }, 60_000)

  it('answers deep or huge JSON, and a reset with options, with protocol answers, never a crash', async () => {
    const env = startEnv(['solar', '--agents', '0'])
    expect(await env.request({ type: 'mechanisms', id: 'm' })).toEqual({
      type: 'mechanisms',
      id: 'm',
      mechanisms: mechanismNames(),
    })
    const deep = `{"type":"step","actions":{"0":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`
    expect(await env.request(deep)).toMatchObject({
      type: 'error',
      name: 'ProtocolError',
      message: 'a request may nest at most 64 levels of objects and arrays',
    })
    const deepId = `{"type":"close","id":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`
    expect(await env.request(deepId)).toMatchObject({ type: 'error', name: 'ProtocolError' })
    const huge = `{"type":"reset","scenario":"${'x'.repeat(MAX_REQUEST_BYTES)}"}`
    expect(await env.request(huge)).toMatchObject({
      type: 'error',
      name: 'ProtocolError',
      message: `a request line may hold at most ${MAX_REQUEST_BYTES} bytes, got more`,
    })
    const reset = await env.request({ type: 'reset', seed: 3, forecastNoise: { relativeStd: 0.1, seed: 1 } })
    expect(reset).toMatchObject({ type: 'reset', info: { seed: 3, agents: [0] } })
    const charged = await env.request({ type: 'reset', seed: 3, rewardGas: true })
    expect(charged.observations).toEqual(reset.observations)
    expect(await env.request({ type: 'close' })).toEqual({ type: 'closed' })
    expect(await env.exited).toBe(0)
    expect(env.stderr()).toBe('')
  }, 60_000)
})
