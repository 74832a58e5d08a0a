import { encodeDeployData, getAddress } from 'viem'
import type { Abi, ContractFunctionName, ContractFunctionReturnType } from './abiTypes.js'
import type { ChainBackend } from './ChainBackend.js'
import { checkAddress, checkAmount } from './createAccountBook.js'
import { createFunctionCoder } from './createFunctionCoder.js'
import { ExecutionHaltedError, InvalidArgumentError, UnknownSnapshotError } from './errors.js'
import { newerForkHint } from './hardforks.js'
import { increaseClockTime, setClockTime } from './moveClock.js'
import type {
  AddressHex,
  CallParameters,
  Chain,
  ChainAccount,
  DeployParameters,
  ReadMutability,
  Receipt,
  SendParameters,
  SendReturnType,
  SnapshotId,
  TransactionRequest,
  WriteMutability,
} from './types.js'

/**
 * The {@link Chain} interface written once over a backend (the embedded VM or a JSON-RPC node):
 * argument checks, ABI encoding and decoding, the account list, the clock and the snapshots'
 * bookkeeping, each operation queued behind the previous one.
 *
 * @param backend - How transactions, calls and raw reads and writes are done.
 * @returns The chain's actions.
 * @example
 * const chain = createChainActions(createEmbeddedBackend(options))
 */
export function createChainActions<Mark>(backend: ChainBackend<Mark>): Chain {
  const { book, clock, exclusive } = backend

  // Checked in turn, so an account that an earlier queued addAccounts creates can send.
  const sendTransaction = (request: TransactionRequest, context = 'transaction') =>
    exclusive(() => {
      const sender = book.resolve(request.from)
      if (request.to !== undefined) checkAddress(request.to, 'to')
      const value = checkAmount(request.value ?? 0n, 'value')
      const gasLimit = checkAmount(request.gasLimit ?? backend.defaultGasLimit, 'gasLimit')
      return backend.runTransaction({ sender, to: request.to, data: request.data ?? '0x', value, gasLimit }, context)
    })

  return {
    hardfork: backend.hardfork,
    chainId: backend.chainId,
    get accounts(): readonly ChainAccount[] {
      return book.accounts
    },
    addAccounts(count: number): Promise<readonly ChainAccount[]> {
      return exclusive(async () => {
        if (!Number.isInteger(count) || count < 0)
          throw new InvalidArgumentError(`account count must be a non-negative integer, got ${count}`)
        const added: ChainAccount[] = []
        for (let i = 0; i < count; i++) {
          const account = book.next()
          await backend.fund(account.address)
          added.push(account)
        }
        return added
      })
    },
    impersonate(address: AddressHex): Promise<void> {
      checkAddress(address, 'address')
      return exclusive(() => backend.impersonate(getAddress(address)))
    },

    get blockNumber(): bigint {
      return clock.blockNumber
    },
    get timestamp(): bigint {
      return clock.timestamp
    },
    mine(blocks = 1): void {
      if (!Number.isInteger(blocks) || blocks < 0)
        throw new InvalidArgumentError(`blocks must be a non-negative integer, got ${blocks}`)
      if (blocks === 0) return
      clock.blockNumber += BigInt(blocks)
      backend.mined(blocks)
    },
    setTime(timestamp: bigint): void {
      setClockTime(clock, timestamp)
    },
    increaseTime(seconds: bigint): void {
      increaseClockTime(clock, seconds)
    },

    getBalance(address: AddressHex): Promise<bigint> {
      checkAddress(address, 'address')
      return exclusive(() => backend.getBalance(address))
    },
    setBalance(address: AddressHex, balanceWei: bigint): Promise<void> {
      checkAddress(address, 'address')
      checkAmount(balanceWei, 'balanceWei')
      return exclusive(() => backend.setBalance(address, balanceWei))
    },
    getNonce(address: AddressHex): Promise<bigint> {
      checkAddress(address, 'address')
      return exclusive(() => backend.getNonce(address))
    },
    getCode(address: AddressHex): Promise<`0x${string}`> {
      checkAddress(address, 'address')
      return exclusive(() => backend.getCode(address))
    },
    getStorageAt(address: AddressHex, slot: bigint): Promise<bigint> {
      checkAddress(address, 'address')
      if (typeof slot !== 'bigint' || slot < 0n || slot >= 1n << 256n)
        throw new InvalidArgumentError(`slot must be a bigint in [0, 2^256), got ${String(slot)}`)
      return exclusive(() => backend.getStorageAt(address, slot))
    },

    async sendTransaction(request: TransactionRequest): Promise<Receipt> {
      return (await sendTransaction(request)).receipt
    },
    ...createContractActions(backend, sendTransaction),
    ...createSnapshotActions(backend),
  }
}

/** deploy, send, call and registerAbi: ABI encoding and decoding around the backend's transactions and calls. */
function createContractActions<Mark>(
  backend: ChainBackend<Mark>,
  sendTransaction: (
    request: TransactionRequest,
    context?: string,
  ) => Promise<{ receipt: Receipt; returnValue: `0x${string}` }>,
): Pick<Chain, 'deploy' | 'send' | 'call' | 'registerAbi'> {
  const { abis, book, exclusive } = backend
  const coder = createFunctionCoder()
  return {
    async deploy<const abi extends Abi>(
      parameters: DeployParameters<abi>,
    ): Promise<{ address: AddressHex; receipt: Receipt }> {
      const { artifact } = parameters
      const name = artifact.contractName ?? 'contract'
      const data = encode(`cannot deploy ${name}`, () =>
        encodeDeployData({
          abi: artifact.abi as Abi,
          bytecode: artifact.bytecode,
          args: (parameters.args ?? []) as readonly unknown[],
        }),
      )
      const context = `deploying ${name}`
      const { receipt } = await sendTransaction(
        { from: parameters.from, data, value: parameters.value, gasLimit: parameters.gasLimit },
        context,
      ).catch((error: unknown) => {
        const hint = newerForkHint(backend.hardfork)
        if (error instanceof ExecutionHaltedError && hint !== undefined && /invalid opcode/i.test(error.haltReason)) {
          throw new ExecutionHaltedError(error.haltReason, `${context} on ${backend.hardfork}`, error.receipt, {
            details: hint,
          })
        }
        throw error
      })
      const address = receipt.contractAddress as AddressHex
      abis.register(address, artifact.abi)
      return { address, receipt }
    },
    async send<const abi extends Abi, functionName extends ContractFunctionName<abi, WriteMutability>>(
      parameters: SendParameters<abi, functionName>,
    ): Promise<SendReturnType<abi, functionName>> {
      const { abi, functionName } = parameters
      const data = encode(`cannot call ${String(functionName)}`, () =>
        coder.encode(abi as Abi, functionName as string, (parameters.args ?? []) as readonly unknown[]),
      )
      checkAddress(parameters.address, 'address')
      abis.registerIfUnknown(parameters.address, abi)
      const { receipt, returnValue } = await sendTransaction(
        { from: parameters.from, to: parameters.address, data, value: parameters.value, gasLimit: parameters.gasLimit },
        String(functionName),
      )
      const result = coder.decode(abi as Abi, functionName as string, returnValue)
      return { receipt, result: result as ContractFunctionReturnType<abi, WriteMutability, functionName> }
    },
    async call<const abi extends Abi, functionName extends ContractFunctionName<abi, ReadMutability>>(
      parameters: CallParameters<abi, functionName>,
    ): Promise<ContractFunctionReturnType<abi, ReadMutability, functionName>> {
      const { abi, functionName } = parameters
      checkAddress(parameters.address, 'address')
      const { address: from } = book.resolve(parameters.from)
      const data = encode(`cannot call ${String(functionName)}`, () =>
        coder.encode(abi as Abi, functionName as string, (parameters.args ?? []) as readonly unknown[]),
      )
      const returnValue = await exclusive(() =>
        backend.runCall({ from, to: parameters.address, data }, String(functionName)),
      )
      return coder.decode(abi as Abi, functionName as string, returnValue) as ContractFunctionReturnType<
        abi,
        ReadMutability,
        functionName
      >
    },
    registerAbi(address: AddressHex, abi: Abi): void {
      checkAddress(address, 'address')
      abis.register(getAddress(address), abi)
    },
  }
}

/** snapshot, revert and release: the clock and accounts restored here, the state by the backend's marks. */
function createSnapshotActions<Mark>(backend: ChainBackend<Mark>): Pick<Chain, 'snapshot' | 'revert' | 'release'> {
  const { book, clock } = backend
  const snapshots = new Map<SnapshotId, { mark: Mark; blockNumber: bigint; timestamp: bigint; accounts: number }>()
  let nextSnapshotId = 1
  return {
    snapshot(): SnapshotId {
      const id = nextSnapshotId++
      const mark = backend.snapshot(id)
      snapshots.set(id, {
        mark,
        blockNumber: clock.blockNumber,
        timestamp: clock.timestamp,
        accounts: book.accounts.length,
      })
      return id
    },
    revert(id: SnapshotId): void {
      const snap = snapshots.get(id)
      if (snap === undefined)
        throw new UnknownSnapshotError(
          `unknown snapshot ${String(id)}: it was never taken or was discarded by an earlier revert`,
        )
      const later = [...snapshots].filter(([other]) => other > id)
      snap.mark = backend.revert(
        snap.mark,
        later.map(([, other]) => other.mark),
        id,
      )
      for (const [other] of later) snapshots.delete(other)
      clock.blockNumber = snap.blockNumber
      clock.timestamp = snap.timestamp
      book.truncate(snap.accounts)
    },
    release(id: SnapshotId): void {
      const snap = snapshots.get(id)
      if (snap === undefined) return
      snapshots.delete(id)
      backend.release(snap.mark)
    },
  }
}

function encode<T>(what: string, fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error)
    throw new InvalidArgumentError(`${what}: ${message}`, { cause: error })
  }
}
