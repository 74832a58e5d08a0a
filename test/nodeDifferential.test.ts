import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { connectChain } from '../src/chain/connectChain.js'
import { createChain } from '../src/chain/createChain.js'
import type { Chain, Receipt } from '../src/chain/types.js'
import { PAPER_SCENARIO } from '../src/scenarios/builtinScenarios.js'
import { parseScenario } from '../src/scenarios/parseScenario.js'
import { runScenario } from '../src/scenarios/runScenario.js'
import type { Scenario } from '../src/scenarios/types.js'
import { compileFixturesFor } from './support/compileShanghaiFixtures.js'
import { createEdrChain } from './support/createEdrChain.js'
import {
  OSAKA_FIXTURE_ARTIFACTS,
  createFixtureWorkload,
  runWorkload,
  type WorkloadReceipt,
} from './support/fixtureWorkload.js'
import { recordReceipts } from '../src/chain/recordReceipts.js'
import { startAnvil } from './support/startAnvil.js'
import { toEip1193Provider } from './support/toEip1193Provider.js'
import { toWorkloadEngine } from './support/toWorkloadEngine.js'

const FIXTURE_USERS = 10

/** Three runs of a 50-user day (~1,200 transactions each) take about a minute on a busy 2-core machine. */
const TIMEOUT_MS = 240_000

/** The owner, reporter and keeper; users are added as they join, on every backend alike. */
const ROLE_ACCOUNTS = 3

const SOLAR_DAY = parseScenario(
  JSON.parse(readFileSync(new URL('../examples/scenarios/solar.json', import.meta.url), 'utf8')),
)

const SCENARIOS: readonly { name: string; scenario: Scenario }[] = [
  { name: 'the paper scenario', scenario: parseScenario(PAPER_SCENARIO) },
  { name: `a ${SOLAR_DAY.users.count}-user solar day`, scenario: SOLAR_DAY },
]

/** A fresh chain on the backend, and how to stop it. */
type Backend = { name: string; start: (scenario: Scenario) => Promise<{ chain: Chain; stop: () => Promise<void> }> }

const balanceFor = (scenario: Scenario) => scenario.users.collateralWei + 10n ** 24n

describe('node differential: every transaction of a scenario costs the same gas on the embedded chain, anvil and EDR', () => {
  const backends: readonly Backend[] = [
    {
      name: 'anvil over HTTP',
      start: async (scenario) => {
        const anvil = await startAnvil()
        try {
          return {
            chain: await connectChain({ rpcUrl: anvil.url, accounts: ROLE_ACCOUNTS, balanceWei: balanceFor(scenario) }),
            stop: anvil.stop,
          }
        } catch (error) {
          await anvil.stop()
          throw error
        }
      },
    },
    {
      name: 'EDR through an EIP-1193 provider',
      start: async (scenario) => {
        const provider = toEip1193Provider(await createEdrChain({ accounts: [], failingCallsThrow: true }))
        return {
          chain: await connectChain({ provider, accounts: ROLE_ACCOUNTS, balanceWei: balanceFor(scenario) }),
          stop: async () => undefined,
        }
      },
    },
  ]

  for (const { name, scenario } of SCENARIOS) {
    it(
      `${name}: gasUsed and status per transaction`,
      async () => {
        // Arrange
        const embedded = recordReceipts(
          await createChain({ accounts: ROLE_ACCOUNTS, balanceWei: balanceFor(scenario) }),
        )
        const expected = await runScenario(scenario, { chain: embedded.chain })

        for (const backend of backends) {
          // Each run starts from a fresh node at the embedded chain's genesis time.
          const started = await backend.start(scenario)
          const node = recordReceipts(started.chain)

          // Act
          const actual = await runScenario(scenario, { chain: node.chain }).finally(started.stop)

          // Assert: one row per transaction, so a mismatch names it.
          expect(node.receipts.length, backend.name).toBe(embedded.receipts.length)
          expect(rows(node.receipts), backend.name).toEqual(rows(embedded.receipts))
          expect(actual.totals, backend.name).toEqual(expected.totals)
        }
      },
      TIMEOUT_MS,
    )
  }
})

function rows(receipts: readonly Receipt[]): string[] {
  return receipts.map(
    (receipt, index) =>
      `${index} block ${receipt.blockNumber} at ${receipt.timestamp}: ${receipt.status}, gasUsed ${receipt.gasUsed}`,
  )
}

describe('node differential: the fixture workload (reverts, halts, refunds, calldata floor) on anvil', () => {
  it.each([
    { hardfork: 'osaka' as const, build: async () => OSAKA_FIXTURE_ARTIFACTS },
    { hardfork: 'london' as const, build: () => compileFixturesFor('london') },
  ])(
    '$hardfork: every transaction’s gasUsed and status equal the embedded chain’s',
    async ({ hardfork, build }) => {
      // Arrange
      const artifacts = await build()
      const embedded = await createChain({ hardfork, accounts: FIXTURE_USERS + 1 })
      const workload = createFixtureWorkload({
        accounts: embedded.accounts.map((account) => account.address),
        users: FIXTURE_USERS,
        artifacts,
      })
      const anvil = await startAnvil({ hardfork })
      try {
        const node = await connectChain({ rpcUrl: anvil.url, hardfork, accounts: FIXTURE_USERS + 1 })

        // Act
        const ours = await runWorkload(toWorkloadEngine(embedded), workload.transactions)
        const theirs = await runWorkload(toWorkloadEngine(node), workload.transactions)

        // Assert
        const label = (receipts: readonly WorkloadReceipt[]) =>
          receipts.map(
            (receipt, index) =>
              `${index} ${workload.transactions[index]?.label}: ${receipt.status}, gasUsed ${receipt.gasUsed}`,
          )
        expect(label(theirs)).toEqual(label(ours))
        expect(ours.map((receipt) => receipt.status)).toEqual(
          workload.transactions.map((transaction) => transaction.expectedStatus),
        )
      } finally {
        await anvil.stop()
      }
    },
    60_000,
  )
})
