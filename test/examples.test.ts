// Every example runs as a user would run it: copied into an app that installed the packed
// tarball (test/support/installPackedPackage.ts), so `import ... from 'dem-sim'` resolves through
// the package's `exports` to the built files, not to src/. Each asserts what the example shows.
import { execFile } from 'node:child_process'
import { cpSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { mechanismNames } from '../src/mechanisms/mechanisms.js'

const run = promisify(execFile)
const app = inject('fullApp')
const examplesDir = new URL('../examples', import.meta.url).pathname
// tsx runs the TypeScript; the app has no tsconfig, so no path mapping can point back at src/.
const tsx = import.meta.resolve('tsx')

async function runExample(name: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', tsx, join('examples', name)], {
    cwd: app,
    timeout: 240_000,
  })
  return stdout
}

/** Every file under `dir` but node_modules, as paths relative to `root`. */
function filesOf(dir: string, root = dir, into = new Set<string>()): Set<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) filesOf(path, root, into)
    else into.add(path.slice(root.length + 1))
  }
  return into
}

const expectations: Record<string, (stdout: string) => void> = {
  'break-even.ts': (stdout) => {
    // Local trade pays for itself only below a twentieth of a gwei: on a rollup, not on Ethereum; sdr trades nothing here.
    expect(stdout).toContain(
      'oracle-price: pays for itself below 0.0381 gwei (joins over a year); a day nets Ethereum L1 -496.82 EUR, Arbitrum One 7.09 EUR, Base 8.36 EUR',
    )
    expect(stdout).toContain(
      'pay-as-clear: pays for itself below 0.0362 gwei (joins over a year); a day nets Ethereum L1 -524.30 EUR, Arbitrum One 6.95 EUR, Base 8.29 EUR',
    )
    expect(stdout).toContain(
      'pay-as-bid: pays for itself below 0.0154 gwei (joins over a year); a day nets Ethereum L1 -530.33 EUR, Arbitrum One 1.40 EUR, Base 2.74 EUR',
    )
    expect(stdout).toContain(
      'sdr: never pays for itself: its local trade saved nothing (joins over a year); a day nets Ethereum L1 -492.55 EUR, Arbitrum One -2.49 EUR, Base -1.26 EUR',
    )
    expect(stdout).toMatch(/^oracle-price +direct +9\.65 +1,000 +5,294,370 +84,396,745$/m)
    expect(stdout).toMatch(/^oracle-price +0\.03587 +0\.03811 +12,057,603$/m)
    expect(stdout).toContain('oracle-price at 20 gwei: a day nets -5055.02 EUR')
    expect(stdout).toMatch(/^wrote examples\/out\/break-even\.svg$/m)
    const svg = readFileSync(join(app, 'examples', 'out', 'break-even.svg'), 'utf8')
    expect(svg).toMatch(/^<svg[^>]*>[\s\S]*<\/svg>\n$/)
    for (const text of ['Net savings against gas price (EUR)', 'Ethereum L1', 'Arbitrum One', 'joins over 365 days'])
      expect(svg).toContain(text)
  },
  'chain-basics.ts': (stdout) => {
    expect(stdout).toMatch(/^deployed Meter at 0x[0-9a-fA-F]{40} for \d+ gas$/m)
    expect(stdout).toMatch(/^first reading: {2}\d+ gas, event Recorded$/m)
    expect(stdout).toMatch(/^reverted with MeterReadingTooHigh\(readingWh=50000, limitWh=10000\) after \d+ gas$/m)
    expect(stdout).toContain('total after reverting to the snapshot: 2000 Wh')
  },
  'compare-mechanisms-strategies.ts': (stdout) => {
    const rows = Object.fromEntries(
      [
        ...stdout.matchAll(
          /^([a-z-]+, (?:profile|battery)) +([a-z-]+) +(\d+) +([\d.]+) +([\d.]+) +([\d.]+) +([\d.]+)$/gm,
        ),
      ].map((m) => [m[1], m.slice(2)]),
    )
    expect(Object.keys(rows)).toEqual(mechanismNames().flatMap((m) => [`${m}, profile`, `${m}, battery`]))
    // Batteries: six of them, more of the load covered at home, half the energy traded locally; the same under every mechanism.
    for (const mechanism of ['oracle-price', 'pay-as-clear', 'pay-as-bid']) {
      expect(rows[`${mechanism}, profile`]).toEqual([mechanism, '0', '38.2', '22.9', '25.58', '92.3'])
      expect(rows[`${mechanism}, battery`]).toEqual([mechanism, '6', '49.7', '71.3', '12.58', '75.21'])
    }
    // Under a uniform price the community's bill does not depend on the price; pay-as-bid's spread leaves the community.
    expect(stdout).toContain(
      "oracle-price: batteries change the community's bill by -1.10 EUR (21.64 → 20.54 EUR), savings before gas by +1.10 EUR, traded energy 25.6 → 12.6 kWh, self-sufficiency 38.2% → 49.7%",
    )
    expect(stdout).toContain("pay-as-clear: batteries change the community's bill by -1.10 EUR (21.64 → 20.54 EUR)")
    expect(stdout).toContain(
      "pay-as-bid: batteries change the community's bill by -3.23 EUR (25.78 → 22.55 EUR), savings before gas by +3.23 EUR",
    )
    expect(stdout).toContain("oracle-price, battery: the PV homes' bill -0.47 EUR, the consumers' 21.00 EUR")
    expect(stdout).toContain("pay-as-bid, battery: the PV homes' bill 0.49 EUR, the consumers' 22.06 EUR")
    expect(stdout).toMatch(/^wrote examples\/out\/compare-mechanisms-strategies\.svg$/m)
    expect(readFileSync(join(app, 'examples', 'out', 'compare-mechanisms-strategies.svg'), 'utf8')).toMatch(
      /^<svg[^>]*>[\s\S]*Mechanisms and strategies compared[\s\S]*<\/svg>\n$/,
    )
  },
  'custom-mechanism.ts': (stdout) => {
    expect(stdout).toContain(
      'interval 0: 4500 Wh at 140000 wei/kWh, 630000 wei; the contract agreed with clearPayAsOffer on 4 trades',
    )
    const totals = Object.fromEntries(
      [...stdout.matchAll(/^([a-z-]+): traded (\d+) Wh for (\d+) wei in \d+ transactions$/gm)].map((m) => [
        m[1],
        [BigInt(m[2]!), BigInt(m[3]!)],
      ]),
    )
    expect(Object.keys(totals)).toEqual(['pay-as-offer', 'pay-as-clear'])
    // Same match, so the same energy; the marginal offer is never above the midpoint price.
    expect(totals['pay-as-offer']![0]).toBe(totals['pay-as-clear']![0])
    expect(totals['pay-as-offer']![1]).toBeLessThan(totals['pay-as-clear']![1]!)
    expect(stdout).toMatch(
      /^model-based: 6 runs, \d+ commands, \d+ commitments settled; the contract followed clearPayAsOffer$/m,
    )
    expect(stdout).toMatch(
      /^wrong rules caught: .*settle\(current-2 → 0\): commitment 0 is the first whose trade differs — the mechanism's rules say .*"amountWei":"101n".*, the contract .*"amountWei":"100n"/m,
    )
  },
  'custom-invariant.ts': (stdout) => {
    expect(stdout).toMatch(
      /^\d+ runs, \d+ commands, \d+ transactions, \d+ commitments settled in [\d.]+ s: the invariant held$/m,
    )
  },
  'older-compiler.ts': (stdout) => {
    expect(stdout).toContain(
      'EnergyLedger compiled with solc 0.8.19 (optimizer off, evmVersion london), on a london chain',
    )
    expect(stdout).toMatch(/^deploy +1 +254,180 /m)
    expect(stdout).toMatch(/^record +4 +51,107 +68,231 /m)
  },
  'quickstart.ts': (stdout) => {
    expect(stdout).toContain('interval 0: traded 2000 Wh at 1500000 wei/kWh, 3000000 wei moved')
    expect(stdout).toContain('profile 1 (production): 2000 Wh, 3000000 wei')
    expect(stdout).toContain('profile 2 (consumption): 2000 Wh, 3000000 wei')
    expect(stdout).toContain('profile 1 collateral: 10000000003000000 wei')
    expect(stdout).toContain('profile 2 collateral: 9999999997000000 wei')
    expect(stdout).toContain('ETH held by the contracts: 20000000000000000 wei')
    expect(stdout).toMatch(/^settle +1 +[\d,]+ /m)
  },
  'signed-orders.ts': (stdout) => {
    expect(stdout).toContain(
      'filed order 2147483648 of profile 1, order 2147483649 of profile 2, order 2147483650 of profile 3',
    )
    expect(stdout).toContain('skipped order 0 of the batch (profile 3): nonceUsed')
    expect(stdout).toContain('interval 0: traded 3000 Wh for 4500000 wei')
    expect(stdout).toContain('profile 1 (production): 2250 Wh, 3375000 wei')
    expect(stdout).toContain('profile 4 (consumption): 1000 Wh, 1500000 wei')
    expect(stdout).toContain('ETH held by the contracts: 40000000000000000 wei')
    expect(stdout).toMatch(/^submitOrders +2 +[\d,]+ /m)
  },
  'seed-scenario.ts': (stdout) => {
    expect(stdout).toContain('released at filing: commitment 2')
    expect(stdout).toContain('supply 3000 Wh, demand 10000 Wh, traded 3000 Wh for 6000000000 wei')
    expect(stdout).toContain('commitment 0 (consumption): 3000 Wh, 6000000000 wei')
    expect(stdout).toContain('consumer: collateral 99999994000000000 wei, locked 0 wei, open commitments 0')
    expect(stdout).toContain('producer: collateral 100000006000000000 wei, locked 0 wei, open commitments 0')
  },
  'strategy-battery.ts': (stdout) => {
    expect(stdout).toContain(
      'with batteries: traded 53619 Wh locally, grid import 231108 Wh, grid export 470943 Wh, bills 9069780000000000 wei, 795 commitments, 101748718 gas',
    )
    expect(stdout).toContain(
      'without batteries: traded 53619 Wh locally, grid import 448948 Wh, grid export 771112 Wh, bills 20493600000000000 wei, 1200 commitments, 137199392 gas',
    )
    expect(stdout).toContain("batteries change the community's bills by -55.7%")
    const soc = /^user 0 \(pv-battery\) state of charge: ([\d ]+)$/m.exec(stdout)?.[1]?.split(' ').map(BigInt) ?? []
    expect(soc).toHaveLength(24)
    // Between the minimum (1,000 Wh) and the capacity; full by early afternoon.
    for (const wh of soc) {
      expect(wh).toBeGreaterThanOrEqual(1_000n)
      expect(wh).toBeLessThanOrEqual(10_000n)
    }
    expect(soc[13]).toBe(9_999n)
    expect(stdout).toMatch(/^1200 household records; ran both days in [\d.]+ s$/m)
  },
  'strategy-price-responsive.ts': (stdout) => {
    expect(stdout).toContain(
      'profile: traded 24579 Wh for 1219870220023800 wei in 10 intervals, mean clearing price 49339362851253 wei/kWh',
    )
    expect(stdout).toContain(
      'price-responsive: traded 24579 Wh for 1296090802275117 wei in 10 intervals, mean clearing price 52731632787140 wei/kWh',
    )
  },
  'strategy-random.ts': (stdout) => {
    expect(stdout).toContain('run 1 (seed 7): 84 commitments, traded 11745 Wh, 27716622 gas')
    expect(stdout).toContain('run 2 (seed 7): 84 commitments, traded 11745 Wh, 27716622 gas')
    expect(stdout).toContain('run 3 (seed 8): 83 commitments, traded 8032 Wh, 27645358 gas')
    expect(stdout).toContain('seed 7 twice: identical households')
    expect(stdout).toContain('intervals where committed production exceeded metered production: 1 of 12')
  },
  'custom-strategy.ts': (stdout) => {
    expect(stdout).toContain('sellers: user 0 (eveningSeller), user 2 (eveningSeller), user 4 (eveningSeller)')
    expect(stdout).toContain('sold after 17:00: 5613 Wh of 12264 Wh sold')
    expect(stdout).toContain('refused: StrategyError (user 0, interval 3, commitments[0].energyWh = -100)')
  },
  'env-agent.ts': (stdout) => {
    expect(stdout).toContain(
      'episode seed 1: 24 steps, reward 82246000000000 wei, peak state of charge 7999 Wh, 970876 gas paid by the agent',
    )
    expect(stdout).toContain(
      'episode seed 2: 24 steps, reward 40828000000000 wei, peak state of charge 7999 Wh, 970876 gas paid by the agent',
    )
  },
  'solar-day.ts': (stdout) => {
    const rows = [...stdout.matchAll(/^ *(\d+) +(\d+) +(\d+) +(\d+) +(\d+) +(\d+)$/gm)].map((m) =>
      m.slice(1).map(BigInt),
    )
    expect(rows.map(([hour]) => hour)).toEqual(Array.from({ length: 24 }, (_, hour) => BigInt(hour)))
    for (const [, supplyWh, demandWh, tradedWh] of rows)
      expect(tradedWh).toBe(supplyWh! < demandWh! ? supplyWh : demandWh)
    expect(rows[12]?.slice(0, 4)).toEqual([12n, 13_000n, 2_400n, 2_400n])
    // Ten users with 1 ETH each: value is conserved through a day of trading.
    expect(stdout).toContain('ETH held by the contracts: 10000000000000000000 wei')
  },
}

describe('examples, run against the installed package', () => {
  const examples = readdirSync(examplesDir).filter((name) => name.endsWith('.ts'))
  beforeAll(() => {
    cpSync(examplesDir, join(app, 'examples'), { recursive: true })
  })

  it('every example has its expectations', () => {
    expect(Object.keys(expectations).sort()).toEqual(examples.sort())
  })

  it.each(examples)(
    '%s',
    async (name) => {
      const check = expectations[name]
      if (check === undefined) throw new Error(`no expectations for examples/${name}`)
      const before = filesOf(app)
      const stdout = await runExample(name)
      check(stdout)
      // Numbers as people read them: no bigint literal (3431385n) from console.table or util.inspect.
      // (The testing kit's model diffs quote bigints as JSON strings, "101n": that notation is theirs.)
      expect(stdout).not.toMatch(/(?<!")\b\d+n\b/)
      // Files only into examples/out/, never beside the example or into the app's (the repository's) root.
      const added = [...filesOf(app)].filter((file) => !before.has(file))
      expect(added.filter((file) => !file.startsWith('examples/out/'))).toEqual([])
    },
    300_000,
  )
})
