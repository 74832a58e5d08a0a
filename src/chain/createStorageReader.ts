import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToHex, getAddress, hexToBytes, stringToBytes } from 'viem'
import type { StorageLayout, StorageLayoutEntry, StorageLayoutType } from '../compile/StorageLayout.js'
import { InvalidArgumentError } from './errors.js'
import type { Hex } from './types.js'

/** A decoded storage value: integers and enums as bigint, addresses checksummed, bytes as hex, structs as records. */
export type StorageValue =
  | bigint
  | boolean
  | string
  | readonly StorageValue[]
  | { readonly [member: string]: StorageValue }

/** One step into a value: a mapping's key, an array's index or a struct member's name. */
export type StoragePathStep = bigint | number | string | boolean

/** Reads a contract's state variables straight from its storage. */
export type StorageReader = {
  /**
   * The value of `variable`, or of the part of it that `path` leads to (mapping keys, array indexes,
   * struct members, in order).
   */
  read(variable: string, ...path: StoragePathStep[]): Promise<StorageValue>
  /** The slot and byte offset where `variable` (or the part `path` leads to) starts. */
  locate(variable: string, ...path: StoragePathStep[]): { slot: bigint; offset: number; type: string }
}

const WORD = 32n
const MAX_ARRAY_ITEMS = 10_000
/** Paths a reader remembers the slots of before it starts over. */
const MAX_LOCATED = 100_000

/**
 * A storage reader for one contract, driven by solc's `storageLayout` output: value types packed
 * several to a slot, enums, contracts and user-defined value types, structs, static and dynamic
 * arrays, mappings (any key type, nested), and short and long `string` / `bytes`. It reads no code
 * and runs no call frame: each value costs the slot reads it spans.
 *
 * @param layout - The contract's storage layout (generated beside its artifact).
 * @param readSlot - Reads one 32-byte slot of the contract as an unsigned integer.
 * @returns The reader.
 * @throws {InvalidArgumentError} from `read` / `locate` when a variable, member or key does not fit the layout
 * @example
 * import { createStorageReader } from './createStorageReader.js'
 * const reader = createStorageReader(EnergyPoolStorageLayout, (slot) => chain.getStorageAt(pool, slot))
 * const commitment = await reader.read('_commitments', 7n)
 */
export function createStorageReader(layout: StorageLayout, readSlot: (slot: bigint) => Promise<bigint>): StorageReader {
  const types = layout.types ?? {}
  const typeOf = (name: string): StorageLayoutType => {
    const type = types[name]
    if (type === undefined) throw new InvalidArgumentError(`the storage layout has no type ${name}`)
    return type
  }

  const locate = (variable: string, path: readonly StoragePathStep[]) => {
    const entry = layout.storage.find((candidate) => candidate.label === variable)
    if (entry === undefined)
      throw new InvalidArgumentError(
        `no state variable ${JSON.stringify(variable)}: the layout has ${layout.storage.map((e) => e.label).join(', ')}`,
      )
    let at = { slot: BigInt(entry.slot), offset: entry.offset, type: entry.type }
    for (const step of path) at = stepInto(at, step)
    return at
  }

  const stepInto = (at: { slot: bigint; offset: number; type: string }, step: StoragePathStep) => {
    const type = typeOf(at.type)
    if (type.encoding === 'mapping') {
      const slot = hashToSlot([...encodeKey(typeOf(type.key as string), step), ...toWord(at.slot)])
      return { slot, offset: 0, type: type.value as string }
    }
    if (type.members !== undefined) {
      const member = type.members.find((candidate) => candidate.label === step)
      if (member === undefined)
        throw new InvalidArgumentError(
          `${type.label} has no member ${String(step)}: it has ${type.members.map((m) => m.label).join(', ')}`,
        )
      return { slot: at.slot + BigInt(member.slot), offset: member.offset, type: member.type }
    }
    if (type.base !== undefined) {
      if (typeof step !== 'bigint' && typeof step !== 'number')
        throw new InvalidArgumentError(`${type.label} needs an index, got ${String(step)}`)
      const first = type.encoding === 'dynamic_array' ? hashToSlot(toWord(at.slot)) : at.slot
      return { ...elementAt(first, typeOf(type.base), BigInt(step)), type: type.base }
    }
    throw new InvalidArgumentError(`${type.label} has no parts to step into with ${String(step)}`)
  }

  const readValue = async (at: { slot: bigint; offset: number; type: string }): Promise<StorageValue> => {
    const type = typeOf(at.type)
    if (type.encoding === 'mapping') throw new InvalidArgumentError(`${type.label} needs a key to be read`)
    if (type.encoding === 'bytes') return readBytes(at.slot, type.label === 'string')
    if (type.members !== undefined) return readStruct(at.slot, type.members)
    if (type.base !== undefined) {
      const base = typeOf(type.base)
      const length =
        type.encoding === 'dynamic_array' ? await readSlot(at.slot) : BigInt(type.label.match(/\[(\d+)\]$/)?.[1] ?? 0)
      if (length > BigInt(MAX_ARRAY_ITEMS))
        throw new InvalidArgumentError(`${type.label} holds ${length} items: read them by index`)
      const first = type.encoding === 'dynamic_array' ? hashToSlot(toWord(at.slot)) : at.slot
      const items: StorageValue[] = []
      for (let index = 0n; index < length; index++)
        items.push(await readValue({ ...elementAt(first, base, index), type: type.base }))
      return items
    }
    const word = await readSlot(at.slot)
    const size = Number(type.numberOfBytes)
    return decodeValue(type.label, (word >> BigInt(8 * at.offset)) & ((1n << BigInt(8 * size)) - 1n), size)
  }

  const readStruct = async (slot: bigint, members: readonly StorageLayoutEntry[]) => {
    const record: Record<string, StorageValue> = {}
    for (const member of members) {
      // A mapping inside a struct has no value of its own; it is read through a path.
      if (typeOf(member.type).encoding === 'mapping') continue
      record[member.label] = await readValue({
        slot: slot + BigInt(member.slot),
        offset: member.offset,
        type: member.type,
      })
    }
    return record
  }

  const readBytes = async (slot: bigint, text: boolean): Promise<string> => {
    const word = await readSlot(slot)
    let bytes: Uint8Array
    if ((word & 1n) === 0n) {
      // Short: the data in the high-order bytes, twice the length in the lowest byte.
      bytes = toWord(word).subarray(0, Number((word & 0xffn) / 2n))
    } else {
      const length = Number((word - 1n) / 2n)
      const first = hashToSlot(toWord(slot))
      bytes = new Uint8Array(length)
      for (let i = 0; i < length; i += 32)
        bytes.set(toWord(await readSlot(first + BigInt(i / 32))).subarray(0, Math.min(32, length - i)), i)
    }
    return text ? new TextDecoder().decode(bytes) : bytesToHex(bytes)
  }

  // A reader is asked for the same few paths again and again (a test observing after every
  // command): each path's slot is hashed once.
  const located = new Map<string, { slot: bigint; offset: number; type: string }>()
  const locateOnce = (variable: string, path: readonly StoragePathStep[]) => {
    let key = variable
    for (const step of path) key += `\u0000${typeof step}:${String(step)}`
    let at = located.get(key)
    if (at === undefined) {
      at = locate(variable, path)
      if (located.size >= MAX_LOCATED) located.clear()
      located.set(key, at)
    }
    return at
  }

  return {
    read: (variable, ...path) => readValue(locateOnce(variable, path)),
    locate: (variable, ...path) => ({ ...locateOnce(variable, path) }),
  }
}

/** Where item `index` of an array starts: small items share slots, larger ones take whole slots. */
function elementAt(first: bigint, base: StorageLayoutType, index: bigint): { slot: bigint; offset: number } {
  const size = BigInt(base.numberOfBytes)
  if (size <= 16n && base.encoding === 'inplace' && base.members === undefined && base.base === undefined) {
    const perSlot = WORD / size
    return { slot: first + index / perSlot, offset: Number((index % perSlot) * size) }
  }
  return { slot: first + index * ((size + WORD - 1n) / WORD), offset: 0 }
}

function decodeValue(label: string, raw: bigint, size: number): StorageValue {
  if (label === 'bool') return raw !== 0n
  if (label === 'address' || label === 'address payable' || label.startsWith('contract '))
    return getAddress(`0x${raw.toString(16).padStart(40, '0')}`)
  if (/^int\d+$/.test(label)) return BigInt.asIntN(8 * size, raw)
  if (/^bytes\d+$/.test(label)) return `0x${raw.toString(16).padStart(2 * size, '0')}`
  return raw
}

/** A mapping key as solc hashes it: value types as one left-padded word, strings and bytes as their bytes. */
function encodeKey(keyType: StorageLayoutType, key: StoragePathStep): Uint8Array {
  const { label } = keyType
  if (keyType.encoding === 'bytes') {
    if (typeof key !== 'string') throw new InvalidArgumentError(`a ${label} key must be a string, got ${String(key)}`)
    return label === 'string' ? stringToBytes(key) : hexToBytes(key as Hex)
  }
  if (typeof key === 'boolean') return toWord(key ? 1n : 0n)
  if (typeof key === 'string') {
    if (!/^0x[0-9a-fA-F]*$/.test(key)) throw new InvalidArgumentError(`a ${label} key must be hex, got ${key}`)
    // bytesN keys are left-aligned; addresses and other hex values are numbers, right-aligned.
    if (/^bytes\d+$/.test(label)) {
      const word = new Uint8Array(32)
      word.set(hexToBytes(key as Hex))
      return word
    }
    return toWord(BigInt(key))
  }
  const value = BigInt(key)
  return toWord(/^int\d+$/.test(label) ? BigInt.asUintN(256, value) : value)
}

function toWord(value: bigint): Uint8Array {
  return hexToBytes(`0x${value.toString(16).padStart(64, '0')}`)
}

function hashToSlot(data: Iterable<number> | Uint8Array): bigint {
  return BigInt(bytesToHex(keccak_256(Uint8Array.from(data))))
}
