import { getAddress } from 'viem'
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts'
import type { ChainClock, CheckedTransaction } from './ChainBackend.js'
import type { AbiRegistry } from './createAbiRegistry.js'
import { type NodeTransport, RpcRequestFailed, type RpcFailure } from './connectChainTransport.js'
import {
  CallFailedError,
  ExecutionHaltedError,
  TransactionRejectedError,
  TransactionRevertedError,
  describeRevert,
} from './errors.js'
import type { AddressHex, ChainAccount, Hex, Receipt } from './types.js'

/** What `connectChain`'s transactions and calls need: the node, the clock, fees and the nonces it keeps. */
export type NodeSession = {
  node: NodeTransport
  clock: ChainClock
  abis: AbiRegistry
  chainId: bigint
  /** Whether `eth_call` takes block overrides here (anvil, geth) or needs the pending block (EDR, Hardhat). */
  takesBlockOverrides: boolean
  fees: { type: 'eip1559'; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } | { type: 'legacy'; gasPrice: bigint }
  /** Next nonce per lower-case address, as far as known. */
  nonces: Map<string, bigint>
  signers: Map<string, PrivateKeyAccount>
  /** Sends from an address without its key, once. */
  impersonate(address: AddressHex): Promise<void>
}

type NodeReceipt = {
  transactionHash: Hex
  blockNumber: Hex
  from: AddressHex
  to: AddressHex | null
  contractAddress: AddressHex | null
  status: Hex
  gasUsed: Hex
  effectiveGasPrice?: Hex
  logs: { address: AddressHex; topics: Hex[]; data: Hex }[]
}

const RECEIPT_POLLS = 250

/**
 * Sends one transaction to the node and waits for its receipt. Its return value (or revert data)
 * comes from an `eth_call` of the same transaction on the same block just before it.
 *
 * @returns The receipt and the call's return data.
 * @example
 * const { receipt } = await runNodeTransaction(session, transaction, 'mint')
 */
export async function runNodeTransaction(
  session: NodeSession,
  transaction: CheckedTransaction,
  context: string,
): Promise<{ receipt: Receipt; returnValue: Hex }> {
  const { clock, abis, nonces } = session
  const { address: from, account } = transaction.sender
  if (account === undefined) await session.impersonate(from)
  const [simulation] = await Promise.all([
    simulate(session, { ...transaction, from }),
    session.takesBlockOverrides ? setNextTimestamp(session) : undefined,
  ])
  let hash: Hex
  try {
    hash =
      account === undefined
        ? await sendUnsigned(session, from, transaction)
        : await sendSigned(session, account, transaction)
  } catch (error) {
    nonces.delete(from.toLowerCase())
    if (error instanceof RpcRequestFailed)
      throw new TransactionRejectedError(`${context} rejected: ${error.failure.message}`, { cause: error })
    throw error
  }
  const raw = await waitForReceipt(session, hash)
  const key = from.toLowerCase()
  if (nonces.has(key)) nonces.set(key, (nonces.get(key) as bigint) + 1n)
  const gasUsed = BigInt(raw.gasUsed)
  const effectiveGasPriceWei = raw.effectiveGasPrice === undefined ? 0n : BigInt(raw.effectiveGasPrice)
  const receipt: Receipt = {
    transactionHash: raw.transactionHash,
    blockNumber: BigInt(raw.blockNumber),
    timestamp: clock.timestamp,
    from,
    to: transaction.to === undefined ? undefined : getAddress(transaction.to),
    contractAddress: raw.status === '0x1' && raw.contractAddress ? getAddress(raw.contractAddress) : undefined,
    status: raw.status === '0x1' ? 'success' : 'reverted',
    gasUsed,
    effectiveGasPriceWei,
    feeWei: gasUsed * effectiveGasPriceWei,
    input: transaction.data,
    logs: raw.logs.map((log) => abis.decodeLog(getAddress(log.address), log.topics, log.data)),
  }
  clock.blockNumber = receipt.blockNumber + 1n
  if (receipt.status === 'reverted') {
    const failure = simulation.ok ? undefined : simulation.failure
    if (failure?.data !== undefined)
      throw new TransactionRevertedError({ ...abis.decodeRevert(failure.data), receipt, context })
    throw new ExecutionHaltedError(failure?.message ?? 'execution failed (out of gas?)', context, receipt)
  }
  return { receipt, returnValue: simulation.ok ? simulation.returnValue : '0x' }
}

/**
 * A read-only call on the node, against the block the next transaction lands in.
 *
 * @throws {CallFailedError} when the call reverts or fails, or there is no contract at `to`
 */
export async function runNodeCall(
  session: NodeSession,
  call: { from: AddressHex; to: AddressHex; data: Hex },
  gasLimit: bigint,
  functionName: string,
): Promise<Hex> {
  const simulation = await simulate(session, { ...call, value: 0n, gasLimit })
  if (!simulation.ok) {
    const { failure } = simulation
    if (failure.data !== undefined && failure.data !== '0x') {
      const revert = session.abis.decodeRevert(failure.data)
      throw new CallFailedError(`${functionName} reverted: ${describeRevert(revert)}`, revert)
    }
    throw new CallFailedError(`${functionName} failed: ${failure.message}`)
  }
  if (
    simulation.returnValue === '0x' &&
    (await session.node.request<Hex>('eth_getCode', [call.to, 'latest'])) === '0x'
  ) {
    throw new CallFailedError(`${functionName} failed: no contract at ${call.to}`)
  }
  return simulation.returnValue
}

/** Tells the node the timestamp of its next block. */
export function setNextTimestamp(session: NodeSession): Promise<unknown> {
  return session.node.request('evm_setNextBlockTimestamp', [quantity(session.clock.timestamp)])
}

/**
 * `eth_call` against the block the next transaction lands in; a revert is returned, not thrown.
 * With block overrides where the node takes them (anvil, geth), else (EDR, Hardhat) on the
 * pending block after setting its timestamp.
 */
async function simulate(
  session: NodeSession,
  call: { from: AddressHex; to: AddressHex | undefined; data: Hex; value: bigint; gasLimit: bigint },
): Promise<{ ok: true; returnValue: Hex } | { ok: false; failure: RpcFailure }> {
  const { node, clock } = session
  const request = {
    from: call.from,
    ...(call.to === undefined ? {} : { to: call.to }),
    data: call.data,
    value: quantity(call.value),
    gas: quantity(call.gasLimit),
  }
  try {
    if (session.takesBlockOverrides) {
      const overrides = { number: quantity(clock.blockNumber), time: quantity(clock.timestamp) }
      return { ok: true, returnValue: await node.request<Hex>('eth_call', [request, 'latest', {}, overrides]) }
    }
    await setNextTimestamp(session)
    return { ok: true, returnValue: await node.request<Hex>('eth_call', [request, 'pending']) }
  } catch (error) {
    if (error instanceof RpcRequestFailed) return { ok: false, failure: error.failure }
    throw error
  }
}

async function sendSigned(session: NodeSession, account: ChainAccount, transaction: CheckedTransaction): Promise<Hex> {
  const nonce = await nonceOf(session, account.address)
  let signer = session.signers.get(account.address)
  if (signer === undefined) session.signers.set(account.address, (signer = privateKeyToAccount(account.privateKey)))
  const signed = await signer.signTransaction({
    chainId: Number(session.chainId),
    nonce: Number(nonce),
    to: transaction.to ?? null,
    data: transaction.data,
    value: transaction.value,
    gas: transaction.gasLimit,
    ...session.fees,
  })
  return session.node.request<Hex>('eth_sendRawTransaction', [signed])
}

function sendUnsigned(session: NodeSession, from: AddressHex, transaction: CheckedTransaction): Promise<Hex> {
  const { fees } = session
  const priced =
    fees.type === 'legacy'
      ? { gasPrice: quantity(fees.gasPrice) }
      : { maxFeePerGas: quantity(fees.maxFeePerGas), maxPriorityFeePerGas: quantity(fees.maxPriorityFeePerGas) }
  return session.node.request<Hex>('eth_sendTransaction', [
    {
      from,
      ...(transaction.to === undefined ? {} : { to: transaction.to }),
      data: transaction.data,
      value: quantity(transaction.value),
      gas: quantity(transaction.gasLimit),
      ...priced,
    },
  ])
}

async function nonceOf(session: NodeSession, address: AddressHex): Promise<bigint> {
  const key = address.toLowerCase()
  let nonce = session.nonces.get(key)
  if (nonce === undefined) {
    nonce = BigInt(await session.node.request<Hex>('eth_getTransactionCount', [address, 'latest']))
    session.nonces.set(key, nonce)
  }
  return nonce
}

async function waitForReceipt(session: NodeSession, hash: Hex): Promise<NodeReceipt> {
  for (let poll = 0; poll < RECEIPT_POLLS; poll++) {
    const receipt = await session.node.request<NodeReceipt | null>('eth_getTransactionReceipt', [hash])
    if (receipt !== null) return receipt
    // An automining node has the receipt within a millisecond or two; back off only if it has not.
    await new Promise((resolve) => setTimeout(resolve, Math.min(250, 2 ** poll)))
  }
  throw new TransactionRejectedError(
    `no receipt for ${hash} from ${session.node.label}: is the node mining (automine)?`,
  )
}

/** A JSON-RPC quantity. */
export function quantity(value: bigint): Hex {
  return `0x${value.toString(16)}`
}
