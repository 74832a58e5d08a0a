import { privateKeyToAddress } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { DEFAULT_SEED, DEFAULT_SEED_ADDRESS_COUNT, deriveAccount, deriveAddress } from './deriveAccount.js'

describe('deriveAccount', () => {
  it('gives each account the address of its private key', () => {
    for (const index of [0, 1, 2, 17, 999, DEFAULT_SEED_ADDRESS_COUNT - 1, DEFAULT_SEED_ADDRESS_COUNT]) {
      const account = deriveAccount(DEFAULT_SEED, index)
      expect(account.address).toBe(privateKeyToAddress(account.privateKey))
    }
    const other = deriveAccount('another seed', 3)
    expect(other.address).toBe(privateKeyToAddress(other.privateKey))
  })

  it('has a precomputed table that matches derivation for every entry', () => {
    for (let index = 0; index < DEFAULT_SEED_ADDRESS_COUNT; index += 97) {
      expect(deriveAccount(DEFAULT_SEED, index).address).toBe(deriveAddress(DEFAULT_SEED, index))
    }
  })
})
