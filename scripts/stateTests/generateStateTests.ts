import { privateKeyToAddress } from 'viem/accounts'
import type { StatePost, StateTest } from './runStateTest.js'

type Hex = `0x${string}`

/**
 * State tests generated here from a seed, aimed at what our ethereumjs patches touch: jumps (valid,
 * into push data, to nowhere) so codes get analysed; the same code run in many frames, at different
 * depths and through CALL, STATICCALL and DELEGATECALL; CREATE and CREATE2 of initcode read from a
 * frame's memory — the same initcode twice, and different initcode at the same place; memory grown
 * far; storage, logs, loops and reverts (steps that need an await and steps that do not); calldata
 * of zeros and non-zeros (the transaction's data gas). Post entries carry no expected root: the
 * patched and the unpatched engine are compared with each other.
 *
 * @param count - How many tests.
 * @param seed - The generator's seed: the same seed gives the same tests.
 * @param forks - Fixture fork names to give each test post entries for.
 * @returns Tests by name.
 * @example
 * const tests = generateStateTests(20, 1, ['Osaka'])
 */
export function generateStateTests(count: number, seed: number, forks: readonly string[]): Record<string, StateTest> {
  const random = createRandom(seed)
  const tests: Record<string, StateTest> = {}
  for (let index = 0; index < count; index++) tests[`generated_${seed}_${index}`] = generateTest(random, forks)
  return tests
}

type Random = {
  int(below: number): number
  chance(p: number): boolean
  bytes(length: number, zeroShare: number): number[]
}

function createRandom(seed: number): Random {
  // mulberry32: small, fast and good enough to vary programs reproducibly.
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
  return {
    int: (below) => Math.floor(next() * below),
    chance: (p) => next() < p,
    bytes: (length, zeroShare) => Array.from({ length }, () => (next() < zeroShare ? 0 : 1 + Math.floor(next() * 255))),
  }
}

const SECRET_KEY: Hex = '0x45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8'
const CONTRACTS: readonly Hex[] = [
  '0x1000000000000000000000000000000000000001',
  '0x1000000000000000000000000000000000000002',
  '0x1000000000000000000000000000000000000003',
]

function generateTest(random: Random, forks: readonly string[]): StateTest {
  const sender = privateKeyToAddress(SECRET_KEY)
  const pre: StateTest['pre'] = {
    [sender]: { balance: '0x3635c9adc5dea00000', nonce: '0x0', code: '0x', storage: {} },
  }
  // A contract calls only later ones, so no frame recurses.
  CONTRACTS.forEach((address, index) => {
    pre[address] = {
      balance: index === 0 ? '0x0' : '0x64',
      nonce: '0x1',
      code: toHex(program(random, CONTRACTS.slice(index + 1))),
      storage: random.chance(0.5) ? { '0x01': '0x2a' } : {},
    }
  })
  const create = random.chance(0.25)
  const data = Array.from({ length: 3 }, (_, i) =>
    toHex(random.bytes(4 + random.int(96), [0.1, 0.5, 0.9][i] as number)),
  )
  const indexes: StatePost['indexes'][] = []
  for (let d = 0; d < data.length; d++)
    for (let g = 0; g < 2; g++) for (let v = 0; v < 2; v++) indexes.push({ data: d, gas: g, value: v })
  return {
    env: {
      currentCoinbase: '0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ba',
      currentGasLimit: '0x1c9c380',
      currentNumber: '0x1',
      currentTimestamp: '0x3e8',
      currentBaseFee: '0x7',
      currentRandom: '0x0000000000000000000000000000000000000000000000000000000000020000',
      currentExcessBlobGas: '0x0',
    },
    pre,
    transaction: {
      // A creation's data is a program that also returns code; a call's is calldata.
      data: create ? [toHex([...program(random, CONTRACTS), ...returnCode([0x5b, 0x00])])] : data,
      gasLimit: ['0x186a0', '0x989680'],
      value: ['0x0', '0x1'],
      nonce: '0x0',
      to: create ? '' : (CONTRACTS[0] as Hex),
      secretKey: SECRET_KEY,
      maxFeePerGas: '0xa',
      maxPriorityFeePerGas: '0x1',
    },
    post: Object.fromEntries(
      forks.map((fork) => [
        fork,
        (create ? indexes.filter((i) => i.data === 0) : indexes).map((i) => ({ indexes: i })),
      ]),
    ),
  }
}

/** A tiny assembler: opcodes, pushes, and labels (a JUMPDEST) that PUSH2s refer to, resolved at the end. */
class Assembler {
  /** A string stands for the two bytes of a label's offset. */
  private readonly parts: (number | string)[] = []
  private readonly labels = new Map<string, number>()
  private size = 0
  private count = 0
  op(...bytes: number[]): this {
    this.parts.push(...bytes)
    this.size += bytes.length
    return this
  }
  push(value: bigint | number, size = 32): this {
    const hex = BigInt(value)
      .toString(16)
      .padStart(size * 2, '0')
      .slice(-size * 2)
    return this.op(0x5f + size, ...(hex.match(/../g) ?? []).map((byte) => Number.parseInt(byte, 16)))
  }
  fresh(): string {
    return `l${this.count++}`
  }
  pushLabel(label: string): this {
    this.parts.push(0x61, label)
    this.size += 3
    return this
  }
  label(label: string): this {
    this.labels.set(label, this.size)
    return this.op(0x5b)
  }
  bytes(): number[] {
    return this.parts.flatMap((part) => {
      if (typeof part === 'number') return [part]
      const at = this.labels.get(part) ?? 0
      return [at >> 8, at & 0xff]
    })
  }
}

const op = {
  STOP: 0x00,
  ADD: 0x01,
  SUB: 0x03,
  AND: 0x16,
  CALLDATALOAD: 0x35,
  POP: 0x50,
  MLOAD: 0x51,
  MSTORE: 0x52,
  SLOAD: 0x54,
  SSTORE: 0x55,
  JUMP: 0x56,
  JUMPI: 0x57,
  GAS: 0x5a,
  DUP1: 0x80,
  SWAP1: 0x90,
  LOG1: 0xa1,
  CREATE: 0xf0,
  CALL: 0xf1,
  RETURN: 0xf3,
  DELEGATECALL: 0xf4,
  CREATE2: 0xf5,
  STATICCALL: 0xfa,
  REVERT: 0xfd,
  INVALID: 0xfe,
}

/** A random program of snippets; it calls only `callees`. */
function program(random: Random, callees: readonly Hex[]): number[] {
  const asm = new Assembler()
  const snippets = 6 + random.int(7)
  for (let i = 0; i < snippets; i++) {
    const kind = random.int(10)
    if (kind === 0) {
      // Memory grown far now and then: the frame's memory is what CREATE's initcode is a view of.
      asm
        .push(random.int(256), 1)
        .push(random.chance(0.1) ? 0x40000 : random.int(0x4000), 3)
        .op(op.MSTORE)
    } else if (kind === 1) {
      // A jump over bytes that look like JUMPDESTs inside push data.
      const over = asm.fresh()
      asm.pushLabel(over).op(op.JUMP).push(0x5b5b, 2).op(op.INVALID).label(over)
    } else if (kind === 2) {
      const skip = asm.fresh()
      asm.push(random.int(64), 1).op(op.CALLDATALOAD).push(1, 1).op(op.AND).pushLabel(skip).op(op.JUMPI)
      asm.push(random.int(1000), 2).push(random.int(8), 1).op(op.SSTORE).label(skip)
    } else if (kind === 3) {
      const top = asm.fresh()
      asm
        .push(1 + random.int(20), 1)
        .label(top)
        .push(1, 1)
        .op(op.SWAP1, op.SUB, op.DUP1)
        .pushLabel(top)
        .op(op.JUMPI, op.POP)
    } else if (kind === 4) {
      asm.push(random.int(8), 1).op(op.SLOAD).push(1, 1).op(op.ADD).push(random.int(8), 1).op(op.SSTORE)
    } else if (kind === 5) {
      asm
        .push(BigInt(random.int(2 ** 30)))
        .push(32, 1)
        .push(random.int(64), 1)
        .op(op.LOG1)
    } else if (kind === 6 || kind === 7) {
      createSnippet(asm, random)
    } else if (callees.length > 0) {
      callSnippet(asm, random, callees)
    }
  }
  if (random.chance(0.05)) {
    // A jump into push data: the frame halts exceptionally.
    asm.push(3, 1).op(op.JUMP)
  }
  const revert = asm.fresh()
  asm.push(0, 1).op(op.CALLDATALOAD).push(0x80, 1).op(op.AND).pushLabel(revert).op(op.JUMPI, op.STOP)
  asm.label(revert).push(0, 1).push(0, 1).op(op.REVERT)
  return asm.bytes()
}

/** CREATE or CREATE2 of a jumping initcode written into memory, once or twice at different places. */
function createSnippet(asm: Assembler, random: Random): void {
  const init = new Assembler()
  const over = init.fresh()
  init.pushLabel(over).op(op.JUMP, op.INVALID).label(over)
  const initcode = [...init.bytes(), ...returnCode(random.chance(0.5) ? [0x60, 0x03, 0x56, 0x5b, 0x00] : [0x00])]
  const times = random.chance(0.5) ? 2 : 1
  for (let t = 0; t < times; t++) {
    const offset = random.int(0x200)
    for (let chunk = 0; chunk < initcode.length; chunk += 32) {
      const word = initcode.slice(chunk, chunk + 32)
      while (word.length < 32) word.push(0)
      asm
        .push(BigInt(toHex(word)))
        .push(offset + chunk, 2)
        .op(op.MSTORE)
    }
    const salted = random.chance(0.5)
    if (salted) asm.push(random.int(2 ** 16), 2)
    asm.push(initcode.length, 1).push(offset, 2).push(0, 1)
    asm.op(salted ? op.CREATE2 : op.CREATE, op.POP)
  }
}

/** CALL, STATICCALL or DELEGATECALL of a callee, with all gas or a little, passing a slice of memory. */
function callSnippet(asm: Assembler, random: Random, callees: readonly Hex[]): void {
  const kind = random.int(3)
  asm.push(32, 1).push(0, 1).push(random.int(64), 1).push(random.int(32), 1)
  if (kind === 0) asm.push(random.int(2), 1)
  asm.push(BigInt(callees[random.int(callees.length)] as Hex), 20)
  // Mostly a bounded share, so a callee that halts leaves its caller gas to go on with.
  if (random.chance(0.2)) asm.op(op.GAS)
  else asm.push(random.int(300_000), 3)
  asm.op([op.CALL, op.STATICCALL, op.DELEGATECALL][kind] as number, op.POP)
}

/** Code that returns `runtime` (at most 32 bytes) as the created contract's code. */
function returnCode(runtime: readonly number[]): number[] {
  const word = new Assembler()
    .push(BigInt(toHex([...runtime])))
    .push(0, 1)
    .op(op.MSTORE)
    .push(runtime.length, 1)
    .push(32 - runtime.length, 1)
    .op(op.RETURN)
  return word.bytes()
}

function toHex(bytes: readonly number[]): Hex {
  return `0x${bytes.map((byte) => byte.toString(16).padStart(2, '0')).join('')}`
}
