/** One state variable, or one member of a struct, in solc's `storageLayout` output. */
export type StorageLayoutEntry = {
  readonly label: string
  /** The slot, as a decimal string. */
  readonly slot: string
  /** Byte offset within the slot, from its low-order end. */
  readonly offset: number
  /** A key of `types`. */
  readonly type: string
}

/** A type in solc's `storageLayout` output. */
export type StorageLayoutType = {
  readonly encoding: 'inplace' | 'mapping' | 'dynamic_array' | 'bytes'
  /** e.g. `uint256`, `mapping(uint256 => struct Pool.Commitment)`, `enum Side`, `contract IEnergyProfile`. */
  readonly label: string
  /** Decimal string. */
  readonly numberOfBytes: string
  /** A mapping's key type. */
  readonly key?: string
  /** A mapping's value type. */
  readonly value?: string
  /** An array's element type. */
  readonly base?: string
  /** A struct's members, laid out from its first slot. */
  readonly members?: readonly StorageLayoutEntry[]
}

/** solc's `storageLayout` output for one contract: where each state variable lives and how its type is laid out. */
export type StorageLayout = {
  readonly storage: readonly StorageLayoutEntry[]
  readonly types: Readonly<Record<string, StorageLayoutType>> | null
}
