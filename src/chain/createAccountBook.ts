import { getAddress } from 'viem'
import { describeValue } from '../errors/describeValue.js'
import type { AccountSource } from './deriveAccounts.js'
import { InvalidArgumentError } from './errors.js'
import type { AccountRef, AddressHex, ChainAccount } from './types.js'

/** Who sends: one of the chain's accounts, or an address without a key here. */
export type Sender = { readonly address: AddressHex; readonly account: ChainAccount | undefined }

/** A chain's accounts in creation order, found by index or address. */
export type AccountBook = {
  readonly accounts: readonly ChainAccount[]
  /** The next account of the source, appended. */
  next(): ChainAccount
  resolve(ref: AccountRef | undefined): Sender
  /** Forgets the accounts created after the first `count` (a snapshot's revert). */
  truncate(count: number): void
}

/**
 * The accounts both chains keep, and the way a transaction or call names its sender.
 *
 * @param source - Where new accounts come from.
 * @returns The book.
 * @example
 * const book = createAccountBook(createAccountSource({ seed: 'dem-sim' }))
 * book.next()
 * book.resolve(0).address
 */
export function createAccountBook(source: AccountSource): AccountBook {
  const accounts: ChainAccount[] = []
  const byAddress = new Map<string, number>()
  return {
    accounts,
    next() {
      const account = source.next()
      byAddress.set(account.address.toLowerCase(), accounts.length)
      accounts.push(account)
      return account
    },
    resolve(ref) {
      const key = ref ?? 0
      if (typeof key === 'number') {
        const account = accounts[key]
        if (account === undefined)
          throw new InvalidArgumentError(`no account at index ${key}: the chain has ${accounts.length} accounts`)
        return { address: account.address, account }
      }
      if (typeof key !== 'string' || !ADDRESS.test(key))
        throw new InvalidArgumentError(`account must be an index or a 0x-prefixed 20-byte address, got ${String(key)}`)
      const index = byAddress.get(key.toLowerCase())
      const account = index === undefined ? undefined : accounts[index]
      return account === undefined
        ? { address: getAddress(key), account: undefined }
        : { address: account.address, account }
    },
    truncate(count) {
      for (const account of accounts.splice(count)) byAddress.delete(account.address.toLowerCase())
    },
  }
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/

/**
 * Checks a 0x-prefixed 20-byte address.
 *
 * @throws {InvalidArgumentError} naming `what` and the value
 */
export function checkAddress(value: unknown, what: string): asserts value is AddressHex {
  if (typeof value !== 'string' || !ADDRESS.test(value))
    throw new InvalidArgumentError(`${what} must be a 0x-prefixed 20-byte address, got ${describeValue(value)}`)
}

/**
 * Checks a non-negative bigint (a value, a balance, a gas limit).
 *
 * @throws {InvalidArgumentError} naming `what` and the value
 */
export function checkAmount(value: unknown, what: string): bigint {
  if (typeof value !== 'bigint' || value < 0n)
    throw new InvalidArgumentError(`${what} must be a non-negative bigint, got ${describeValue(value)}`)
  return value
}
