import type { Block } from '@ethereumjs/block'
import { createLegacyTx, type LegacyTx } from '@ethereumjs/tx'
import {
  type Address,
  EthereumJSError,
  bigIntToBytes,
  bytesToHex,
  concatBytes,
  createAddressFromString,
  hexToBytes,
} from '@ethereumjs/util'
import { runTx, type VM } from '@ethereumjs/vm'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { getAddress } from 'viem'
import { ChainInternalError } from './ChainInternalError.js'
import type { ChainClock, CheckedTransaction } from './ChainBackend.js'
import type { AbiRegistry } from './createAbiRegistry.js'
import type { JournaledStateManager } from './createJournaledStateManager.js'
import {
  CallFailedError,
  ExecutionHaltedError,
  TransactionRejectedError,
  TransactionRevertedError,
  UnknownAccountError,
  describeRevert,
} from './errors.js'
import type { AddressHex, DecodedLog, Hex, Receipt } from './types.js'

/** What the embedded chain's transactions and calls run on. */
export type EmbeddedVm = {
  vm: VM
  state: JournaledStateManager
  clock: ChainClock
  abis: AbiRegistry
  /** Common for transactions, shared and frozen. */
  txCommon: LegacyTx['common']
  signing: boolean
  baseFeePerGasWei: bigint
  defaultGasLimit: bigint
  /** The block the next transaction is mined in. */
  currentBlock(): Block
}

/**
 * Mines one transaction in its own block on the embedded VM. Reverts and halts are mined too (a
 * node charges for them) and then thrown as typed errors carrying the receipt.
 *
 * @param embedded - The VM and what goes with it.
 * @param transaction - The checked transaction.
 * @param context - What the transaction does, for error messages.
 * @returns The receipt and the call's return data.
 * @example
 * const { receipt } = await runEmbeddedTransaction(embedded, transaction, 'mint')
 */
export async function runEmbeddedTransaction(
  embedded: EmbeddedVm,
  transaction: CheckedTransaction,
  context: string,
): Promise<{ receipt: Receipt; returnValue: Hex }> {
  const { sender } = transaction
  const senderAddress = createAddressFromString(sender.address)
  await checkCanSend(embedded, sender.address, senderAddress, sender.account?.privateKey)
  let tx: LegacyTx
  let result: Awaited<ReturnType<typeof runTx>>
  try {
    tx = await buildTransaction(embedded, senderAddress, transaction)
    result = await runTx(embedded.vm, { tx, block: embedded.currentBlock(), skipHardForkValidation: true })
  } catch (error) {
    // ethereumjs refuses a transaction with its own error type; anything else is a fault inside the VM.
    if (!(error instanceof EthereumJSError)) throw new ChainInternalError(context, error)
    throw new TransactionRejectedError(`${context} rejected: ${rejectionReason(error)}`, { cause: error })
  }
  const { clock, abis } = embedded
  const exec = result.execResult
  const failed = exec.exceptionError !== undefined
  const rawLogs = exec.logs ?? []
  // What the hash needs, and no more: a receipt kept for long must not keep the transaction alive.
  const signedTx = embedded.signing && sender.account !== undefined ? tx : undefined
  const { nonce } = tx
  let transactionHash: Hex | undefined
  let decodedLogs: readonly DecodedLog[] | undefined
  const receipt: Receipt = {
    // Hashing costs more than some transactions; most receipts are never asked for it, or for their logs.
    get transactionHash() {
      transactionHash ??=
        signedTx !== undefined
          ? bytesToHex(signedTx.hash())
          : // Unsigned transactions have no hash of their own; (sender, nonce) identifies one uniquely.
            bytesToHex(keccak_256(concatBytes(hexToBytes(sender.address), bigIntToBytes(nonce))))
      return transactionHash
    },
    blockNumber: clock.blockNumber,
    timestamp: clock.timestamp,
    from: sender.address,
    to: transaction.to === undefined ? undefined : getAddress(transaction.to),
    contractAddress: !failed && result.createdAddress ? getAddress(result.createdAddress.toString()) : undefined,
    status: failed ? 'reverted' : 'success',
    gasUsed: result.totalGasSpent,
    effectiveGasPriceWei: embedded.baseFeePerGasWei,
    feeWei: result.amountSpent,
    input: transaction.data,
    get logs() {
      decodedLogs ??= rawLogs.map(([address, topics, data]) =>
        abis.decodeLog(
          getAddress(bytesToHex(address)),
          topics.map((topic) => bytesToHex(topic)),
          bytesToHex(data),
        ),
      )
      return decodedLogs
    },
  }
  clock.blockNumber += 1n
  const returnValue = bytesToHex(exec.returnValue)
  if (exec.exceptionError !== undefined) {
    if (exec.exceptionError.error === 'revert') {
      throw new TransactionRevertedError({ ...abis.decodeRevert(returnValue), receipt, context })
    }
    throw new ExecutionHaltedError(exec.exceptionError.error, context, receipt)
  }
  return { receipt, returnValue }
}

/**
 * A read-only call on the embedded VM, inside a checkpoint that is always reverted.
 *
 * @returns The return data.
 * @throws {CallFailedError} when the call reverts or halts, or there is no contract at `to`
 */
export async function runEmbeddedCall(
  embedded: EmbeddedVm,
  call: { from: AddressHex; to: AddressHex; data: Hex },
  functionName: string,
): Promise<Hex> {
  const { vm, state } = embedded
  const caller = createAddressFromString(call.from)
  const to = createAddressFromString(call.to)
  await vm.evm.journal.checkpoint()
  let exec
  try {
    ;({ execResult: exec } = await vm.evm.runCall({
      caller,
      origin: caller,
      to,
      data: hexToBytes(call.data),
      gasLimit: embedded.defaultGasLimit,
      block: embedded.currentBlock(),
    }))
  } finally {
    await vm.evm.journal.revert()
    state.originalStorageCache.clear()
  }
  const returnValue = bytesToHex(exec.returnValue)
  if (exec.exceptionError !== undefined) {
    if (exec.exceptionError.error === 'revert') {
      const revert = embedded.abis.decodeRevert(returnValue)
      throw new CallFailedError(`${functionName} reverted: ${describeRevert(revert)}`, revert)
    }
    throw new CallFailedError(`${functionName} failed: ${exec.exceptionError.error}`)
  }
  if (returnValue === '0x' && (await state.getCodeSize(to)) === 0) {
    throw new CallFailedError(`${functionName} failed: no contract at ${call.to}`)
  }
  return returnValue
}

/** An address without a key may send once it holds funds, as on a dev node that impersonates it. */
async function checkCanSend(
  embedded: EmbeddedVm,
  address: AddressHex,
  key: Address,
  privateKey: Hex | undefined,
): Promise<void> {
  if (privateKey !== undefined) return
  if (embedded.signing)
    throw new UnknownAccountError(address, 'the chain signs transactions (sign: true) and has no key for it')
  const account = await embedded.state.getAccount(key)
  if (account === undefined || (account.balance === 0n && account.nonce === 0n)) {
    throw new UnknownAccountError(address, 'it has no key here and no funds: fund it with setBalance to send from it')
  }
}

async function buildTransaction(
  embedded: EmbeddedVm,
  senderAddress: Address,
  transaction: CheckedTransaction,
): Promise<LegacyTx> {
  const nonce = (await embedded.state.getAccount(senderAddress))?.nonce ?? 0n
  const tx = createLegacyTx(
    {
      nonce,
      gasPrice: embedded.baseFeePerGasWei,
      gasLimit: transaction.gasLimit,
      to: transaction.to,
      value: transaction.value,
      data: transaction.data,
    },
    { common: embedded.txCommon, freeze: false },
  )
  const privateKey = transaction.sender.account?.privateKey
  const ready = embedded.signing && privateKey !== undefined ? tx.sign(hexToBytes(privateKey)) : tx
  // We know who sent it; recovering the sender from a signature would only cost ~1.5 ms.
  Object.defineProperty(ready, 'getSenderAddress', { value: () => senderAddress })
  // Frozen, as ethereumjs freezes transactions by default: only then does it cache their data gas.
  Object.freeze(ready)
  return ready
}

function rejectionReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  // ethereumjs appends a long "(vm hf=... -> block ... -> tx ...)" context to its messages.
  return (message.split('\n')[0] ?? message).replace(/\s*\(vm hf=.*$/, '')
}
