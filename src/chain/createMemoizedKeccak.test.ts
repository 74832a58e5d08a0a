import { keccak_256 } from '@noble/hashes/sha3.js'
import { describe, expect, it } from 'vitest'
import { createMemoizedKeccak } from './createMemoizedKeccak.js'

describe('createMemoizedKeccak', () => {
  it('hashes as keccak-256 does, at every length, remembered or not', () => {
    const keccak = createMemoizedKeccak()
    for (let length = 0; length <= 80; length++) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 37 + length) & 0xff)
      expect(keccak(data)).toEqual(keccak_256(data))
      expect(keccak(data.slice())).toEqual(keccak_256(data))
    }
  })

  it('tells apart inputs that differ only in length or in a trailing zero', () => {
    const keccak = createMemoizedKeccak()
    const inputs = [[], [0], [0, 0], [1], [0, 1], [1, 0], [0, 0, 1], [0, 1, 0]].map((bytes) => Uint8Array.from(bytes))
    for (const data of inputs) keccak(data)
    for (const data of inputs) expect(keccak(data)).toEqual(keccak_256(data))
  })

  it('gives each caller its own copy, and forgets everything past its bound', () => {
    const keccak = createMemoizedKeccak(2)
    const data = Uint8Array.from([1, 2, 3])
    keccak(data).fill(0)
    expect(keccak(data)).toEqual(keccak_256(data))
    for (let i = 0; i < 5; i++) expect(keccak(Uint8Array.from([i]))).toEqual(keccak_256(Uint8Array.from([i])))
  })
})
