import { keccak_256 } from '@noble/hashes/sha3.js'
import type { Ethereumjs } from './loadEthereumjs.js'

type Hex = `0x${string}`

/** One test of the state-test fixture format (ethereum/tests `GeneralStateTests`, execution-spec-tests `state_tests`). */
export type StateTest = {
  env: {
    currentCoinbase: Hex
    currentGasLimit: Hex
    currentNumber: Hex
    currentTimestamp: Hex
    currentBaseFee?: Hex
    currentRandom?: Hex
    currentDifficulty?: Hex
    currentExcessBlobGas?: Hex
  }
  pre: Record<Hex, { balance: Hex; nonce: Hex; code: Hex; storage: Record<Hex, Hex> }>
  transaction: {
    data: Hex[]
    gasLimit: Hex[]
    value: Hex[]
    nonce: Hex
    to: Hex | ''
    secretKey: Hex
    gasPrice?: Hex
    maxFeePerGas?: Hex
    maxPriorityFeePerGas?: Hex
    accessLists?: ({ address: Hex; storageKeys: Hex[] }[] | null)[]
    blobVersionedHashes?: Hex[]
    maxFeePerBlobGas?: Hex
  }
  post: Record<string, StatePost[]>
}

/** One expected outcome: which data, gas limit and value of the transaction, and the state root after it. */
export type StatePost = {
  /** The state root after the transaction (absent in fixtures generated here: both engines are compared instead). */
  hash?: Hex
  /** keccak256 of the RLP of the logs. */
  logs?: Hex
  indexes: { data: number; gas: number; value: number }
  expectException?: string
}

/** What one engine made of one post entry. */
export type StateOutcome = {
  stateRoot: Hex
  logsHash: Hex
  gasUsed: bigint | undefined
  /** Why the transaction was refused, if it was (the state is then the pre-state). */
  rejected: string | undefined
}

/** Fixture fork names → ethereumjs hardforks, for the forks the chain runs. */
export const STATE_TEST_FORKS: Readonly<Record<string, string>> = {
  Berlin: 'berlin',
  London: 'london',
  Paris: 'paris',
  Merge: 'paris',
  Shanghai: 'shanghai',
  Cancun: 'cancun',
  Prague: 'prague',
  Osaka: 'osaka',
}

/**
 * Runs one post entry of a state test on one ethereumjs tree: the pre-state in a Merkle state manager,
 * the block from `env`, the transaction signed with its key, then the state root and the logs' hash.
 *
 * @param ejs - The packages to run it on.
 * @param test - The test.
 * @param fork - A key of `test.post` (see {@link STATE_TEST_FORKS}).
 * @param post - One entry of `test.post[fork]`.
 * @returns The outcome.
 * @example
 * const outcome = await runStateTest(patched, test, 'Cancun', test.post.Cancun[0])
 */
export async function runStateTest(
  ejs: Ethereumjs,
  test: StateTest,
  fork: string,
  post: StatePost,
): Promise<StateOutcome> {
  const { util } = ejs
  const hardfork = STATE_TEST_FORKS[fork]
  if (hardfork === undefined) throw new Error(`fork ${fork} is not one the chain runs`)
  const common = new ejs.common.Common({ chain: ejs.common.Mainnet, hardfork })
  const state = new ejs.statemanager.MerkleStateManager({ common })
  for (const [address, account] of Object.entries(test.pre) as [Hex, StateTest['pre'][Hex]][]) {
    const key = util.createAddressFromString(address)
    await state.putAccount(key, util.createAccount({ nonce: BigInt(account.nonce), balance: BigInt(account.balance) }))
    if (account.code !== '0x' && account.code !== ('' as Hex)) await state.putCode(key, util.hexToBytes(account.code))
    for (const [slot, value] of Object.entries(account.storage) as [Hex, Hex][]) {
      if (BigInt(value) === 0n) continue
      await state.putStorage(
        key,
        util.setLengthLeft(util.bigIntToBytes(BigInt(slot)), 32),
        util.bigIntToUnpaddedBytes(BigInt(value)),
      )
    }
  }
  await state.checkpoint()
  await state.commit()
  await state.flush()
  const vm = await ejs.vm.createVM({ common, stateManager: state })
  const block = ejs.block.createBlock({ header: blockHeader(test.env, hardfork) }, { common })
  let rejected: string | undefined
  let gasUsed: bigint | undefined
  let logs: [Uint8Array, Uint8Array[], Uint8Array][] = []
  try {
    const tx = ejs.tx
      .createTx(transactionData(test, post), { common })
      .sign(util.hexToBytes(test.transaction.secretKey))
    const result = await ejs.vm.runTx(vm, { tx, block })
    gasUsed = result.totalGasSpent
    logs = result.receipt.logs
  } catch (error) {
    rejected = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error)
  }
  return {
    stateRoot: util.bytesToHex(await state.getStateRoot()),
    logsHash: util.bytesToHex(keccak_256(ejs.rlp.RLP.encode(logs))),
    gasUsed,
    rejected,
  }
}

function blockHeader(env: StateTest['env'], hardfork: string) {
  const atLeast = (fork: string) => HARDFORK_ORDER.indexOf(hardfork) >= HARDFORK_ORDER.indexOf(fork)
  return {
    coinbase: env.currentCoinbase,
    gasLimit: BigInt(env.currentGasLimit),
    number: BigInt(env.currentNumber),
    timestamp: BigInt(env.currentTimestamp),
    ...(atLeast('london') ? { baseFeePerGas: BigInt(env.currentBaseFee ?? '0x0') } : {}),
    ...(atLeast('paris')
      ? { mixHash: env.currentRandom, difficulty: 0n }
      : { difficulty: BigInt(env.currentDifficulty ?? '0x0') }),
    ...(atLeast('cancun') ? { excessBlobGas: BigInt(env.currentExcessBlobGas ?? '0x0') } : {}),
  }
}

const HARDFORK_ORDER = ['berlin', 'london', 'paris', 'shanghai', 'cancun', 'prague', 'osaka']

function transactionData(test: StateTest, post: StatePost) {
  const t = test.transaction
  const accessList = t.accessLists?.[post.indexes.data] ?? undefined
  return {
    nonce: BigInt(t.nonce),
    gasLimit: BigInt(t.gasLimit[post.indexes.gas] as Hex),
    value: BigInt(t.value[post.indexes.value] as Hex),
    data: t.data[post.indexes.data],
    to: t.to === '' ? undefined : t.to,
    ...(t.maxFeePerBlobGas !== undefined
      ? {
          type: 3,
          maxFeePerGas: BigInt(t.maxFeePerGas as Hex),
          maxPriorityFeePerGas: BigInt(t.maxPriorityFeePerGas as Hex),
          maxFeePerBlobGas: BigInt(t.maxFeePerBlobGas),
          blobVersionedHashes: t.blobVersionedHashes,
          accessList: accessList ?? [],
        }
      : t.maxFeePerGas !== undefined
        ? {
            type: 2,
            maxFeePerGas: BigInt(t.maxFeePerGas),
            maxPriorityFeePerGas: BigInt(t.maxPriorityFeePerGas as Hex),
            accessList: accessList ?? [],
          }
        : accessList !== undefined
          ? { type: 1, gasPrice: BigInt(t.gasPrice as Hex), accessList }
          : { gasPrice: BigInt(t.gasPrice as Hex) }),
  }
}
