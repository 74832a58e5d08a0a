import { describe, expect, it } from 'vitest'
import { FixtureNFT, StorageHeavy } from '../../test/fixtures/artifacts/index.js'
import { createChain } from './createChain.js'
import { ExecutionHaltedError, InvalidAccountError, UnknownAccountError, UnsupportedHardforkError } from './errors.js'
import { SUPPORTED_HARDFORKS } from './hardforks.js'
import type { AddressHex, ChainHardfork, Hex } from './types.js'

const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk'
const ANVIL_FIRST_ACCOUNT = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const ANVIL_SECOND_ACCOUNT = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const STRANGER: AddressHex = '0x00000000000000000000000000000000DeaDBeef'

describe('createChain: hardforks', () => {
  it.each(SUPPORTED_HARDFORKS)('runs %s: an ETH transfer costs 21,000 gas', async (hardfork) => {
    const chain = await createChain({ hardfork, accounts: 2 })

    const receipt = await chain.sendTransaction({ from: 0, to: chain.accounts[1]?.address, value: 1n })

    expect(chain.hardfork).toBe(hardfork)
    expect(receipt).toMatchObject({ status: 'success', gasUsed: 21_000n })
  })

  it('refuses a hardfork it does not run, naming the ones it does', async () => {
    const act = createChain({ hardfork: 'istanbul' as ChainHardfork })

    await expect(act).rejects.toBeInstanceOf(UnsupportedHardforkError)
    await expect(act).rejects.toThrow(
      'unsupported hardfork "istanbul": use one of berlin, london, paris, shanghai, cancun, prague, osaka',
    )
  })

  it('says a build needs a newer fork when its deployment halts on an unknown opcode', async () => {
    // The osaka build uses PUSH0 (shanghai) and MCOPY (cancun).
    const chain = await createChain({ hardfork: 'london', accounts: 1 })

    const failed = await chain.deploy({ artifact: FixtureNFT, args: [] }).catch((error: unknown) => error)

    expect(failed).toBeInstanceOf(ExecutionHaltedError)
    expect((failed as ExecutionHaltedError).message).toMatch(
      /deploying FixtureNFT on london failed[\s\S]*OpenZeppelin ≥ 5\.5 needs cancun/,
    )
  })
})

describe('createChain: accounts', () => {
  it('derives accounts from a BIP-39 mnemonic as anvil and Hardhat do', async () => {
    const chain = await createChain({ hardfork: 'london', mnemonic: ANVIL_MNEMONIC })

    expect(chain.accounts).toHaveLength(10)
    expect(chain.accounts[0]?.address).toBe(ANVIL_FIRST_ACCOUNT)
    expect(chain.accounts[1]?.address).toBe(ANVIL_SECOND_ACCOUNT)
    const [added] = await chain.addAccounts(1)
    expect(added?.address).toBe('0xBcd4042DE499D14e55001CcbB24a551F3b954096')
  })

  it('uses given private keys first, then the seed', async () => {
    const key: Hex = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'

    const chain = await createChain({ privateKeys: [key], accounts: 2 })

    expect(chain.accounts.map((account) => account.address)).toEqual([
      ANVIL_FIRST_ACCOUNT,
      (await createChain({ accounts: 1 })).accounts[0]?.address,
    ])
  })

  it.each([
    [
      { privateKeys: ['0x1234' as Hex] },
      /privateKeys\[0\] is not a private key: expected 0x and 64 hex digits, got a string of 6 characters/,
    ],
    [{ privateKeys: [`0x${'0'.repeat(64)}` as Hex] }, /privateKeys\[0\] is outside the secp256k1 key range/],
    [{ mnemonic: 'test test test' }, /mnemonic is not a valid BIP-39 English mnemonic \(3 words/],
    [{ mnemonic: 'test test test test test test test test test test test test' }, /bad checksum/],
  ])('refuses invalid keys and mnemonics with InvalidAccountError (%#)', async (options, message) => {
    const act = createChain(options)

    await expect(act).rejects.toBeInstanceOf(InvalidAccountError)
    await expect(act).rejects.toThrow(message)
  })

  it('sends from any address once it is funded (impersonation)', async () => {
    const chain = await createChain({ accounts: 1 })
    const { address } = await chain.deploy({ artifact: StorageHeavy, args: [] })

    const unfunded = chain.send({ address, abi: StorageHeavy.abi, functionName: 'fill', args: [1n], from: STRANGER })
    await expect(unfunded).rejects.toBeInstanceOf(UnknownAccountError)
    await expect(unfunded).rejects.toThrow(/fund it with setBalance/)
    await chain.setBalance(STRANGER, 10n ** 18n)
    await chain.impersonate(STRANGER)
    const { receipt } = await chain.send({
      address,
      abi: StorageHeavy.abi,
      functionName: 'fill',
      args: [1n],
      from: STRANGER,
    })
    const keyed = await chain.send({ address, abi: StorageHeavy.abi, functionName: 'fill', args: [1n], from: 0 })

    expect(receipt).toMatchObject({ status: 'success', from: STRANGER })
    expect(receipt.gasUsed).toBeGreaterThan(0n)
    expect(keyed.receipt.gasUsed).toBeGreaterThan(0n)
    expect(await chain.getNonce(STRANGER)).toBe(1n)
  })

  it('cannot impersonate when it signs transactions', async () => {
    const chain = await createChain({ accounts: 1, sign: true })
    await chain.setBalance(STRANGER, 10n ** 18n)

    await expect(chain.sendTransaction({ from: STRANGER, to: STRANGER })).rejects.toThrow(/has no key for it/)
  })
})
