import { describe, expect, it } from 'vitest'
import { createChain } from '../src/chain/createChain.js'
import type { ChainHardfork, Hex } from '../src/chain/types.js'
import { compileFixturesFor, compileShanghaiFixtures } from './support/compileShanghaiFixtures.js'
import { createEdrChain } from './support/createEdrChain.js'
import {
  CALLDATA_BYTES,
  HALT_GAS_LIMIT,
  OSAKA_FIXTURE_ARTIFACTS,
  createFixtureWorkload,
  runWorkload,
  type FixtureArtifacts,
  type WorkloadReceipt,
  type WorkloadTransaction,
} from './support/fixtureWorkload.js'
import { toWorkloadEngine } from './support/toWorkloadEngine.js'

const USERS = 10

/**
 * Opcodes a hardfork lacks that a later fork added; bytecode using one would halt there, so a
 * build may run on a fork only if it contains none of them.
 */
const MISSING_OPCODES: Record<ChainHardfork, Record<number, string>> = {
  osaka: {},
  prague: { 0x1e: 'CLZ' },
  cancun: { 0x1e: 'CLZ' },
  shanghai: { 0x1e: 'CLZ', 0x49: 'BLOBHASH', 0x4a: 'BLOBBASEFEE', 0x5c: 'TLOAD', 0x5d: 'TSTORE', 0x5e: 'MCOPY' },
  paris: {
    0x1e: 'CLZ',
    0x49: 'BLOBHASH',
    0x4a: 'BLOBBASEFEE',
    0x5c: 'TLOAD',
    0x5d: 'TSTORE',
    0x5e: 'MCOPY',
    0x5f: 'PUSH0',
  },
  london: {
    0x1e: 'CLZ',
    0x49: 'BLOBHASH',
    0x4a: 'BLOBBASEFEE',
    0x5c: 'TLOAD',
    0x5d: 'TSTORE',
    0x5e: 'MCOPY',
    0x5f: 'PUSH0',
  },
  berlin: {
    0x1e: 'CLZ',
    0x48: 'BASEFEE',
    0x49: 'BLOBHASH',
    0x4a: 'BLOBBASEFEE',
    0x5c: 'TLOAD',
    0x5d: 'TSTORE',
    0x5e: 'MCOPY',
    0x5f: 'PUSH0',
  },
}

/**
 * The generated artifacts are compiled for osaka. Osaka added one opcode (CLZ) and prague none,
 * so the osaka build also runs on prague and cancun if it has no CLZ — which the test checks rather
 * than assumes. It uses MCOPY (cancun), so shanghai gets its own build (with OpenZeppelin 5.4, see
 * `compileShanghaiFixtures`), and so do the older forks, each for its own `evmVersion`.
 */
const CASES: readonly { hardfork: ChainHardfork; build: () => Promise<FixtureArtifacts> }[] = [
  { hardfork: 'osaka', build: async () => OSAKA_FIXTURE_ARTIFACTS },
  { hardfork: 'prague', build: async () => OSAKA_FIXTURE_ARTIFACTS },
  { hardfork: 'cancun', build: async () => OSAKA_FIXTURE_ARTIFACTS },
  { hardfork: 'shanghai', build: compileShanghaiFixtures },
  { hardfork: 'paris', build: () => compileFixturesFor('paris') },
  { hardfork: 'london', build: () => compileFixturesFor('london') },
  { hardfork: 'berlin', build: () => compileFixturesFor('berlin') },
]

describe('gas exactness: our chain against EDR (Hardhat’s EVM), transaction by transaction', () => {
  it.each(CASES)('$hardfork: every transaction’s gasUsed and status equal EDR’s', async ({ hardfork, build }) => {
    // Arrange
    const artifacts = await build()
    for (const artifact of Object.values(artifacts)) {
      expect(
        opcodesIn(artifact.bytecode, MISSING_OPCODES[hardfork]),
        `${artifact.contractName} on ${hardfork}`,
      ).toEqual([])
    }
    const chain = await createChain({ hardfork, accounts: USERS + 1 })
    const edr = await createEdrChain({ hardfork, accounts: chain.accounts })
    const workload = createFixtureWorkload({
      accounts: chain.accounts.map((account) => account.address),
      users: USERS,
      artifacts,
    })

    // Act
    const ours = await runWorkload(toWorkloadEngine(chain), workload.transactions)
    const theirs = await runWorkload(edr, workload.transactions)

    // Assert: one row per transaction, so a mismatch shows which one and by how much.
    expect(rows(workload.transactions, ours)).toEqual(rows(workload.transactions, theirs))
    expect(ours.map((receipt) => receipt.status)).toEqual(
      workload.transactions.map((transaction) => transaction.expectedStatus),
    )
    const { nft, storage, reverter } = workload.contracts
    expect(ours.slice(0, 3).map((receipt) => receipt.contractAddress?.toLowerCase())).toEqual(
      [nft, storage, reverter].map((address) => address.toLowerCase()),
    )
  })

  it.each(['osaka', 'prague', 'cancun'] as const)(
    '%s: the workload prices what it claims to (halts, calldata floor)',
    async (hardfork) => {
      const chain = await createChain({ hardfork, accounts: USERS + 1 })
      const workload = createFixtureWorkload({
        accounts: chain.accounts.map((account) => account.address),
        users: USERS,
      })

      const receipts = await runWorkload(toWorkloadEngine(chain), workload.transactions)

      const gasOf = (labelStart: string): bigint => {
        const index = workload.transactions.findIndex((transaction) => transaction.label.startsWith(labelStart))
        expect(index, labelStart).toBeGreaterThanOrEqual(0)
        return (receipts[index] as WorkloadReceipt).gasUsed
      }
      // A halt consumes its whole gas limit.
      expect(gasOf('extra: out of gas')).toBe(HALT_GAS_LIMIT)
      expect(gasOf('extra: INVALID opcode')).toBe(HALT_GAS_LIMIT)
      // Calldata to an EOA runs no code: intrinsic only, floored from prague on (EIP-7623).
      const payload = workload.transactions.find((transaction) =>
        transaction.label.includes('bytes of calldata to an EOA'),
      ) as WorkloadTransaction
      const bytes = hexBytes(payload.data)
      const zeros = BigInt(bytes.filter((byte) => byte === 0).length)
      const nonZeros = BigInt(CALLDATA_BYTES) - zeros
      const standard = 21_000n + 4n * zeros + 16n * nonZeros
      const floor = 21_000n + 10n * (zeros + 4n * nonZeros)
      expect(gasOf('extra: 4096 bytes of calldata to an EOA')).toBe(hardfork === 'cancun' ? standard : floor)
    },
  )
})

function rows(transactions: readonly WorkloadTransaction[], receipts: readonly WorkloadReceipt[]): string[] {
  return transactions.map((transaction, index) => {
    const receipt = receipts[index] as WorkloadReceipt
    return `${index} ${transaction.label}: ${receipt.status}, gasUsed ${receipt.gasUsed}, contract ${receipt.contractAddress?.toLowerCase() ?? '-'}`
  })
}

/** The opcodes of `wanted` that occur in `bytecode`, skipping PUSH data. */
function opcodesIn(bytecode: Hex, wanted: Record<number, string>): string[] {
  const code = hexBytes(bytecode)
  const found = new Set<string>()
  for (let i = 0; i < code.length; i++) {
    const opcode = code[i] as number
    const name = wanted[opcode]
    if (name !== undefined) found.add(name)
    if (opcode >= 0x60 && opcode <= 0x7f) i += opcode - 0x5f
  }
  return [...found]
}

function hexBytes(hex: Hex): number[] {
  const bytes: number[] = []
  for (let i = 2; i < hex.length; i += 2) bytes.push(Number.parseInt(hex.slice(i, i + 2), 16))
  return bytes
}
