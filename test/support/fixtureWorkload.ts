import { encodeFunctionData, getContractAddress, toHex } from 'viem'
import type { AddressHex, Artifact, Hex } from '../../src/chain/types.js'
import { FixtureNFT, Reverter, StorageHeavy } from '../fixtures/artifacts/index.js'

/** The fixture contracts a workload deploys, by role. */
export type FixtureArtifacts = {
  readonly nft: Artifact<typeof FixtureNFT.abi>
  readonly storage: Artifact<typeof StorageHeavy.abi>
  readonly reverter: Artifact<typeof Reverter.abi>
}

/** The build the generated artifacts hold (solc 0.8.37, evmVersion osaka). */
export const OSAKA_FIXTURE_ARTIFACTS: FixtureArtifacts = { nft: FixtureNFT, storage: StorageHeavy, reverter: Reverter }

/** One transaction of a workload, fully resolved: any engine can send it as it is. */
export type WorkloadTransaction = {
  /** What it exercises, e.g. `user 3: mint`. */
  readonly label: string
  readonly from: AddressHex
  /** Omitted for a contract creation. */
  readonly to: AddressHex | undefined
  readonly data: Hex
  readonly value: bigint
  /** Set where the gas limit decides the outcome (halts consume all of it); otherwise each engine's default. */
  readonly gasLimit: bigint | undefined
  /** What the step is written to do; a test asserts it so a mis-encoded step cannot pass unnoticed. */
  readonly expectedStatus: 'success' | 'reverted'
}

/** What every engine's receipt says, reduced to what we compare. */
export type WorkloadReceipt = {
  gasUsed: bigint
  status: 'success' | 'reverted'
  /** As the engine spells it (ours checksummed, EDR and ganache lowercase): compare case-insensitively. */
  contractAddress: AddressHex | undefined
}

/** Anything that can mine a workload transaction and report its receipt (ours, EDR, ganache). */
export type WorkloadEngine = {
  sendTransaction(transaction: WorkloadTransaction): Promise<WorkloadReceipt>
}

export type FixtureWorkload = {
  /** Where the three deployments land: account 0 deploys them with nonces 0, 1, 2. */
  readonly contracts: { readonly nft: AddressHex; readonly storage: AddressHex; readonly reverter: AddressHex }
  /** Deploys FixtureNFT, StorageHeavy and Reverter from account 0. */
  readonly setup: readonly WorkloadTransaction[]
  /** The per-user part, user after user: each mints a token, fills fresh storage and makes one call that reverts. */
  readonly users: readonly WorkloadTransaction[]
  /** Every other pricing case: transfers, refunds, halts with explicit gas limits, ETH, calldata floor. */
  readonly extras: readonly WorkloadTransaction[]
  /** `setup`, then `users`, then `extras`. */
  readonly transactions: readonly WorkloadTransaction[]
}

export type CreateFixtureWorkloadParameters = {
  /** The engine's accounts: index 0 deploys, index u + 1 is user u. Needs `users + 1` of them. */
  accounts: readonly AddressHex[]
  /** How many users run the per-user part. */
  users: number
  /** Include the extra cases (needs at least 4 users). Default true. */
  extras?: boolean
  /** Which build to deploy. Default the osaka build. */
  artifacts?: FixtureArtifacts
}

/** Per-user transactions: mint, fill, one reverting call. */
export const TRANSACTIONS_PER_USER = 3

/** Gas limit of the halting calls: they consume all of it, so it must be explicit and equal everywhere. */
export const HALT_GAS_LIMIT = 100_000n

/** Size of the calldata-heavy transactions' payload, in bytes. */
export const CALLDATA_BYTES = 4096

/**
 * The fixture workload as data: an OpenZeppelin ERC-721 mint per user, storage-heavy writes,
 * updates and clears with refunds, reverts of every kind (custom error, reason string, panic),
 * halts (out of gas, INVALID) with explicit gas limits, ETH transfers and calldata-heavy calls
 * priced by the EIP-7623 floor from prague on.
 *
 * Every transaction is resolved to addresses and calldata up front (the contracts' addresses follow
 * from account 0's nonces), so the same list runs unchanged on any engine.
 *
 * @param parameters the engine's accounts, the number of users, whether to add the extra cases
 * @returns the transactions, grouped as setup / users / extras
 * @example
 * import { createChain } from '../../src/chain/createChain.js'
 * import { createFixtureWorkload, runWorkload, toWorkloadEngine } from './fixtureWorkload.js'
 * const chain = await createChain({ accounts: 11 })
 * const workload = createFixtureWorkload({ accounts: chain.accounts.map((a) => a.address), users: 10 })
 * const receipts = await runWorkload(toWorkloadEngine(chain), workload.transactions)
 */
export function createFixtureWorkload(parameters: CreateFixtureWorkloadParameters): FixtureWorkload {
  const { accounts, users } = parameters
  const withExtras = parameters.extras ?? true
  const artifacts = parameters.artifacts ?? OSAKA_FIXTURE_ARTIFACTS
  if (!Number.isInteger(users) || users < (withExtras ? 4 : 1)) {
    throw new RangeError(`users must be an integer ≥ ${withExtras ? 4 : 1}, got ${users}`)
  }
  if (accounts.length < users + 1)
    throw new RangeError(`${users} users need ${users + 1} accounts, got ${accounts.length}`)
  const account = (index: number): AddressHex => accounts[index] as AddressHex
  const deployer = account(0)
  const contracts = {
    nft: getContractAddress({ from: deployer, nonce: 0n }),
    storage: getContractAddress({ from: deployer, nonce: 1n }),
    reverter: getContractAddress({ from: deployer, nonce: 2n }),
  }
  const tx = (
    label: string,
    from: AddressHex,
    to: AddressHex | undefined,
    data: Hex,
    options: Partial<WorkloadTransaction> = {},
  ): WorkloadTransaction => ({
    label,
    from,
    to,
    data,
    value: options.value ?? 0n,
    gasLimit: options.gasLimit,
    expectedStatus: options.expectedStatus ?? 'success',
  })
  const nft = (functionName: 'mint' | 'transferFrom' | 'safeTransferFrom' | 'approve', args: readonly unknown[]): Hex =>
    encodeFunctionData({ abi: artifacts.nft.abi, functionName, args } as never)
  const storage = (functionName: 'fill' | 'update' | 'clear' | 'fillAndClear', args: readonly bigint[]): Hex =>
    encodeFunctionData({ abi: artifacts.storage.abi, functionName, args } as never)
  const reverter = (
    functionName: 'revertWithCustomError' | 'revertWithReason' | 'panicWithAssert' | 'invalidOpcode' | 'exhaustGas',
    args: readonly bigint[] = [],
  ): Hex => encodeFunctionData({ abi: artifacts.reverter.abi, functionName, args } as never)

  const setup = [
    tx('deploy FixtureNFT', deployer, undefined, artifacts.nft.bytecode),
    tx('deploy StorageHeavy', deployer, undefined, artifacts.storage.bytecode),
    tx('deploy Reverter', deployer, undefined, artifacts.reverter.bytecode),
  ]

  const userTransactions: WorkloadTransaction[] = []
  for (let user = 0; user < users; user++) {
    const from = account(user + 1)
    const id = BigInt(user + 1)
    userTransactions.push(
      tx(`user ${user}: mint token ${id}`, from, contracts.nft, nft('mint', [from, id])),
      // Keys are user-specific and far apart, so every fill writes 10 fresh slots.
      tx(`user ${user}: fill 10 fresh slots`, from, contracts.storage, storage('fill', [userBase(user)])),
      revertingCall(user, from),
    )
  }

  function revertingCall(user: number, from: AddressHex): WorkloadTransaction {
    switch (user % 3) {
      case 0:
        return tx(
          `user ${user}: revert with custom error`,
          from,
          contracts.reverter,
          reverter('revertWithCustomError', [BigInt(user)]),
          { expectedStatus: 'reverted' },
        )
      case 1:
        return tx(`user ${user}: revert with reason string`, from, contracts.reverter, reverter('revertWithReason'), {
          expectedStatus: 'reverted',
        })
      default:
        return tx(`user ${user}: panic (assert)`, from, contracts.reverter, reverter('panicWithAssert'), {
          expectedStatus: 'reverted',
        })
    }
  }

  const extras: WorkloadTransaction[] = []
  if (withExtras) {
    const [a0, a1, a2, a3, a4] = [account(0), account(1), account(2), account(3), account(4)]
    extras.push(
      tx('extra: mint an existing token (ERC721InvalidSender)', a2, contracts.nft, nft('mint', [a2, 1n]), {
        expectedStatus: 'reverted',
      }),
      tx('extra: approve', a1, contracts.nft, nft('approve', [a3, 1n])),
      tx('extra: transferFrom by the approved account', a3, contracts.nft, nft('transferFrom', [a1, a2, 1n])),
      tx(
        'extra: transferFrom by a stranger (ERC721InsufficientApproval)',
        a4,
        contracts.nft,
        nft('transferFrom', [a2, a4, 1n]),
        { expectedStatus: 'reverted' },
      ),
      tx('extra: safeTransferFrom to an EOA', a2, contracts.nft, nft('safeTransferFrom', [a2, a1, 1n])),
      tx(
        'extra: safeTransferFrom to a non-receiver contract (ERC721InvalidReceiver)',
        a1,
        contracts.nft,
        nft('safeTransferFrom', [a1, contracts.reverter, 1n]),
        {
          expectedStatus: 'reverted',
        },
      ),
      tx('extra: update 10 slots (non-zero → non-zero)', a1, contracts.storage, storage('update', [userBase(0), 7n])),
      tx(
        'extra: update 10 slots to their current values (no-op writes)',
        a1,
        contracts.storage,
        storage('update', [userBase(0), 7n]),
      ),
      tx(
        'extra: clear 10 slots (refunds, capped at gasUsed/5)',
        a2,
        contracts.storage,
        storage('clear', [userBase(1)]),
      ),
      tx('extra: clear already-zero slots', a2, contracts.storage, storage('clear', [userBase(1)])),
      tx(
        'extra: fill and clear fresh slots in one call (restore refunds)',
        a3,
        contracts.storage,
        storage('fillAndClear', [10_000_000n]),
      ),
      tx('extra: refill cleared slots (zero → non-zero again)', a3, contracts.storage, storage('fill', [userBase(1)])),
      tx(
        'extra: revert with custom error from the deployer',
        a0,
        contracts.reverter,
        reverter('revertWithCustomError', [2n ** 255n]),
        { expectedStatus: 'reverted' },
      ),
      tx('extra: out of gas (storage loop, explicit gas limit)', a1, contracts.reverter, reverter('exhaustGas'), {
        gasLimit: HALT_GAS_LIMIT,
        expectedStatus: 'reverted',
      }),
      tx('extra: INVALID opcode (explicit gas limit)', a2, contracts.reverter, reverter('invalidOpcode'), {
        gasLimit: HALT_GAS_LIMIT,
        expectedStatus: 'reverted',
      }),
      tx('extra: gas limit too low for the call (out of gas)', a3, contracts.storage, storage('fill', [20_000_000n]), {
        gasLimit: 60_000n,
        expectedStatus: 'reverted',
      }),
      tx('extra: ETH transfer to an EOA', a0, a4, '0x', { value: 10n ** 18n }),
      tx('extra: ETH transfer to a new account', a0, '0x00000000000000000000000000000000000f1a7e', '0x', { value: 1n }),
      tx('extra: ETH sent to a contract without receive() (reverts)', a0, contracts.storage, '0x', {
        value: 1n,
        expectedStatus: 'reverted',
      }),
      tx('extra: unknown selector (no fallback: reverts)', a4, contracts.reverter, '0xdeadbeef', {
        expectedStatus: 'reverted',
      }),
      tx(
        `extra: ${CALLDATA_BYTES} bytes of calldata to an EOA (EIP-7623 floor)`,
        a4,
        a3,
        calldataPayload(CALLDATA_BYTES, 0),
      ),
      // A view function ignores trailing calldata: a call that does almost nothing with a big
      // payload, as a function taking a large `bytes` argument it does not use would.
      tx(
        `extra: valueOf + ${CALLDATA_BYTES} bytes of trailing calldata (EIP-7623 floor)`,
        a4,
        contracts.storage,
        `${encodeFunctionData({ abi: artifacts.storage.abi, functionName: 'valueOf', args: [userBase(2)] })}${calldataPayload(CALLDATA_BYTES, 3).slice(2)}`,
      ),
      tx(
        'extra: fill with a mostly-zero payload appended (below the floor)',
        a4,
        contracts.storage,
        `${storage('fill', [30_000_000n])}${'00'.repeat(CALLDATA_BYTES)}`,
      ),
    )
  }

  return { contracts, setup, users: userTransactions, extras, transactions: [...setup, ...userTransactions, ...extras] }
}

/** First of the 10 storage keys user `user` fills. */
function userBase(user: number): bigint {
  return BigInt(user + 1) * 1_000n
}

/**
 * A deterministic payload: bytes 1..255 cycling, with every `zeroEvery`-th byte zero (0 = none),
 * so both calldata prices (4 per zero byte, 16 per other byte) and both floor token weights appear.
 */
function calldataPayload(bytes: number, zeroEvery: number): Hex {
  const out = new Uint8Array(bytes)
  for (let i = 0; i < bytes; i++) out[i] = zeroEvery > 0 && i % zeroEvery === 0 ? 0 : (i % 255) + 1
  return toHex(out)
}

/**
 * Sends the transactions one by one, in order, each mined in its own block.
 *
 * @param engine ours, EDR or ganache
 * @param transactions a workload's transactions
 * @returns one receipt per transaction, in order
 */
export async function runWorkload(
  engine: WorkloadEngine,
  transactions: readonly WorkloadTransaction[],
): Promise<WorkloadReceipt[]> {
  const receipts: WorkloadReceipt[] = []
  for (const transaction of transactions) receipts.push(await engine.sendTransaction(transaction))
  return receipts
}
