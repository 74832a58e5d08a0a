import { Account, type Address } from '@ethereumjs/util'

const addressKeys = new WeakMap<Address, string>()

/** The map key of an address; the EVM asks for the same Address object many times per call. */
export function keyOf(address: Address): string {
  let key = addressKeys.get(address)
  if (key === undefined) addressKeys.set(address, (key = address.toString()))
  return key
}

const char = String.fromCharCode

/**
 * The map key of a 32-byte storage slot: sixteen UTF-16 code units, two bytes each. Built in one
 * call, it costs a fraction of a hex string (and needs no Node `Buffer`, which browsers lack).
 */
export function slotKeyOf(s: Uint8Array): string {
  if (s.length !== 32) throw new RangeError(`storage key must be 32 bytes long, got ${s.length}`)
  return char(
    (s[0]! << 8) | s[1]!,
    (s[2]! << 8) | s[3]!,
    (s[4]! << 8) | s[5]!,
    (s[6]! << 8) | s[7]!,
    (s[8]! << 8) | s[9]!,
    (s[10]! << 8) | s[11]!,
    (s[12]! << 8) | s[13]!,
    (s[14]! << 8) | s[15]!,
    (s[16]! << 8) | s[17]!,
    (s[18]! << 8) | s[19]!,
    (s[20]! << 8) | s[21]!,
    (s[22]! << 8) | s[23]!,
    (s[24]! << 8) | s[25]!,
    (s[26]! << 8) | s[27]!,
    (s[28]! << 8) | s[29]!,
    (s[30]! << 8) | s[31]!,
  )
}

/** The slot a {@link slotKeyOf} key stands for. */
export function slotOfKey(key: string): Uint8Array {
  const slot = new Uint8Array(32)
  for (let i = 0; i < 16; i++) {
    const unit = key.charCodeAt(i)
    slot[2 * i] = unit >> 8
    slot[2 * i + 1] = unit & 0xff
  }
  return slot
}

/** Whether every byte of `value` is zero (a zero slot is stored as absent). */
export function isZero(value: Uint8Array): boolean {
  for (let i = 0; i < value.length; i++) if (value[i] !== 0) return false
  return true
}

/** A copy of `account` that later writes to the original cannot reach. */
export function cloneAccount(account: Account): Account {
  return Object.assign(Object.create(Account.prototype) as Account, account)
}
