import { beforeAll, describe, expect, it } from 'vitest'
import { StorageLayoutFixture } from '../../test/fixtures/artifacts/index.js'
import { StorageLayoutFixtureStorageLayout } from '../../test/fixtures/artifacts/storageLayouts/index.js'
import { createChain, type EmbeddedChain } from './createChain.js'
import { type StorageReader, createStorageReader } from './createStorageReader.js'
import { InvalidArgumentError } from './errors.js'
import type { AddressHex } from './types.js'

describe('createStorageReader on a fixture with every kind of storage', () => {
  let chain: EmbeddedChain
  let address: AddressHex
  let reader: StorageReader
  let reads = 0
  const view = (functionName: string, args: readonly unknown[] = []) =>
    chain.call({ address, abi: StorageLayoutFixture.abi, functionName, args } as never) as Promise<unknown>

  beforeAll(async () => {
    chain = await createChain({ accounts: 1 })
    ;({ address } = await chain.deploy({ artifact: StorageLayoutFixture }))
    await chain.send({ address, abi: StorageLayoutFixture.abi, functionName: 'fill' })
    reader = createStorageReader(StorageLayoutFixtureStorageLayout, (slot) => {
      reads++
      return chain.getStorageAt(address, slot)
    })
  })

  it('reads packed value types, an enum, a contract and a user-defined value type as the getters return them', async () => {
    for (const name of ['total', 'small', 'signedSmall', 'flag', 'admin', 'side', 'self', 'amount', 'tag']) {
      const fromStorage = await reader.read(name)
      const fromGetter = await view(name)
      expect(fromStorage, name).toEqual(typeof fromGetter === 'number' ? BigInt(fromGetter) : fromGetter)
    }
    expect(await reader.read('signedSmall')).toBe(-1234n)
    expect(await reader.read('admin')).toBe(chain.accounts[0]?.address)
  })

  it('reads a struct in a mapping, and one member of it, as its getter does', async () => {
    const [owner, energyWh, side, settled, priceWei, delta] = (await view('orders', [7n])) as unknown[]

    expect(await reader.read('orders', 7n)).toEqual({
      owner,
      energyWh,
      side: BigInt(side as number),
      settled,
      priceWei,
      delta: BigInt(delta as number),
    })
    expect(await reader.read('orders', 7n, 'delta')).toBe(-17n)
    expect(await reader.read('orders', 8n, 'energyWh')).toBe(0n)
  })

  it('follows nested mappings and string keys', async () => {
    const admin = chain.accounts[0]?.address as AddressHex

    expect(await reader.read('nested', admin, 3n)).toBe(99n)
    expect(await reader.read('nested', admin, 4n)).toBe(0n)
    expect(await reader.read('byName', 'alice')).toBe(11n)
    expect(await reader.read('byName', 'bob')).toBe(0n)
  })

  it('reads static and dynamic arrays of packed items and of structs, whole or by index', async () => {
    expect(await reader.read('fixedSmall')).toEqual([1000n, 1001n, 1002n, 1003n, 1004n])
    expect(await reader.read('dynamicSmall')).toEqual(Array.from({ length: 17 }, (_, i) => BigInt(i * 3)))
    expect(await reader.read('dynamicSmall', 16)).toBe(BigInt((await view('dynamicSmall', [16n])) as bigint))
    const second = (await view('orderList', [1n])) as unknown[]
    expect(await reader.read('orderList', 1)).toMatchObject({ owner: second[0], energyWh: second[1], priceWei: 5n })
    expect(await reader.read('orderList')).toHaveLength(2)
  })

  it('reads short and long strings and bytes', async () => {
    expect(await reader.read('shortText')).toBe(await view('shortText'))
    expect(await reader.read('longText')).toBe(await view('longText'))
    expect(await reader.read('data')).toBe(await view('data'))
  })

  it('reads one slot per packed word: the fixture’s first two slots cost two reads', async () => {
    const before = reads
    await reader.read('total')
    await reader.read('admin')
    expect(reads - before).toBe(2)
    expect(reader.locate('admin')).toEqual({ slot: 1n, offset: 4, type: 't_address' })
  })

  it('names what does not fit the layout', () => {
    const cases: [() => unknown, RegExp][] = [
      [() => reader.locate('missing'), /no state variable "missing": the layout has total, small/],
      [() => reader.locate('orders', 7n, 'price'), /has no member price: it has owner, energyWh/],
      [() => reader.locate('fixedSmall', 'first'), /uint16\[5\] needs an index, got first/],
      [() => reader.locate('total', 1n), /uint256 has no parts to step into with 1/],
    ]
    for (const [act, message] of cases) {
      expect(act).toThrow(InvalidArgumentError)
      expect(act).toThrow(message)
    }
  })

  it('gives the same slot for a path asked again, and a copy the caller may change', async () => {
    const admin = chain.accounts[0]?.address as AddressHex
    const first = reader.locate('nested', admin, 3n)
    first.slot = 0n
    expect(reader.locate('nested', admin, 3n).slot).not.toBe(0n)
    expect(await reader.read('nested', admin, 3n)).toBe(99n)
    // The number 3 and the bigint 3n are the same key.
    expect(reader.locate('nested', admin, 3)).toEqual(reader.locate('nested', admin, 3n))
    expect(await reader.read('byName', 'alice')).toBe(11n)
  })

  it('refuses to read a mapping without a key', async () => {
    await expect(reader.read('nested', chain.accounts[0]?.address as AddressHex)).rejects.toThrow(
      /mapping\(uint256 => uint256\) needs a key to be read/,
    )
  })
})
