import { validateMnemonic } from '@scure/bip39'
import { bytesToHex, getAddress } from 'viem'
import { english, mnemonicToAccount, privateKeyToAccount } from 'viem/accounts'
import { deriveAccount } from './deriveAccount.js'
import { InvalidAccountError } from './errors.js'
import type { ChainAccount, Hex } from './types.js'

export type AccountSourceOptions = {
  /** Accounts' keys derive from it (`keccak256("<seed>/account/<i>")`). */
  seed: string
  /** Keys to use first, in order. */
  privateKeys?: readonly Hex[] | undefined
  /** A BIP-39 mnemonic: accounts are its `m/44'/60'/0'/0/<i>` keys, as anvil and Hardhat derive theirs. */
  mnemonic?: string | undefined
}

/** Hands out a chain's accounts in order: the given keys, then the mnemonic's or the seed's. */
export type AccountSource = {
  next(): ChainAccount
}

/**
 * Validates the given keys or mnemonic and returns the source of a chain's accounts.
 *
 * @param options the seed, and optionally private keys or a mnemonic
 * @throws {InvalidAccountError} for a key that is not 32 bytes of hex in the secp256k1 range, or a mnemonic that is not BIP-39 English
 * @example
 * import { createAccountSource } from './deriveAccounts.js'
 * const source = createAccountSource({ seed: 'dem-sim', mnemonic: 'test test test test test test test test test test test junk' })
 * source.next().address // '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
 */
export function createAccountSource(options: AccountSourceOptions): AccountSource {
  const given = (options.privateKeys ?? []).map((key, index) => accountFromPrivateKey(key, index))
  const { mnemonic, seed } = options
  if (mnemonic !== undefined) checkMnemonic(mnemonic)
  let derived = 0
  return {
    next(): ChainAccount {
      const key = given.shift()
      if (key !== undefined) return key
      const index = derived++
      return mnemonic === undefined ? deriveAccount(seed, index) : mnemonicAccount(mnemonic, index)
    },
  }
}

function accountFromPrivateKey(key: unknown, index: number): ChainAccount {
  if (typeof key !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(key)) {
    throw new InvalidAccountError(
      `privateKeys[${index}] is not a private key: expected 0x and 64 hex digits, got ${describeSecret(key)}`,
    )
  }
  try {
    return { address: privateKeyToAccount(key as Hex).address, privateKey: key.toLowerCase() as Hex }
  } catch (error) {
    throw new InvalidAccountError(
      `privateKeys[${index}] is outside the secp256k1 key range: use a key between 1 and the curve order`,
      { cause: error },
    )
  }
}

function checkMnemonic(mnemonic: unknown): void {
  if (typeof mnemonic !== 'string' || !validateMnemonic(mnemonic.trim().normalize('NFKD'), english)) {
    const words = typeof mnemonic === 'string' ? mnemonic.trim().split(/\s+/).length : 0
    throw new InvalidAccountError(
      `mnemonic is not a valid BIP-39 English mnemonic (${words} words, or a bad checksum): use 12 or 24 words from the BIP-39 list, e.g. 'test test test test test test test test test test test junk'`,
    )
  }
}

function mnemonicAccount(mnemonic: string, addressIndex: number): ChainAccount {
  const account = mnemonicToAccount(mnemonic.trim(), { addressIndex })
  const key = account.getHdKey().privateKey
  if (key === null) throw new InvalidAccountError(`mnemonic gives no private key at index ${addressIndex}`)
  return { address: getAddress(account.address), privateKey: bytesToHex(key) }
}

/** Names a bad key's shape without printing a secret. */
function describeSecret(value: unknown): string {
  if (typeof value !== 'string') return typeof value
  return `a string of ${value.length} characters${value.startsWith('0x') ? '' : ' without 0x'}`
}
