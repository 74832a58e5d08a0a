import {
  type AbiFunction,
  concatHex,
  decodeAbiParameters,
  decodeFunctionResult,
  encodeAbiParameters,
  encodeFunctionData,
  toFunctionSelector,
} from 'viem'
import type { Abi } from './abiTypes.js'
import type { Hex } from './types.js'

/** Encodes a function's calldata and decodes its return data. */
export type FunctionCoder = {
  encode(abi: Abi, functionName: string, args: readonly unknown[]): Hex
  decode(abi: Abi, functionName: string, data: Hex): unknown
}

/**
 * viem's `encodeFunctionData` / `decodeFunctionResult`, with each ABI's function (found by name and
 * its selector hashed) remembered: a chain encodes the same few functions of the same ABIs again and
 * again, and the look-up and the selector's keccak cost as much as the encoding. An overloaded name
 * goes to viem each time, which picks the overload by the arguments.
 *
 * @returns The coder.
 * @example
 * const coder = createFunctionCoder()
 * const data = coder.encode(EnergyPool.abi, 'commit', [1n, 2, 3n, 0, 4n])
 */
export function createFunctionCoder(): FunctionCoder {
  const byAbi = new WeakMap<Abi, Map<string, { fn: AbiFunction; selector: Hex } | null>>()
  const lookUp = (abi: Abi, functionName: string) => {
    let functions = byAbi.get(abi)
    if (functions === undefined) byAbi.set(abi, (functions = new Map()))
    let found = functions.get(functionName)
    if (found === undefined) {
      const matches = abi.filter((item): item is AbiFunction => item.type === 'function' && item.name === functionName)
      const [fn] = matches
      found = matches.length === 1 && fn !== undefined ? { fn, selector: toFunctionSelector(fn) } : null
      functions.set(functionName, found)
    }
    return found
  }
  return {
    encode(abi, functionName, args) {
      const found = lookUp(abi, functionName)
      if (found === null) return encodeFunctionData({ abi, functionName, args })
      return found.fn.inputs.length === 0 && args.length === 0
        ? found.selector
        : concatHex([found.selector, encodeAbiParameters(found.fn.inputs, args)])
    },
    decode(abi, functionName, data) {
      const found = lookUp(abi, functionName)
      if (found === null) return decodeFunctionResult({ abi, functionName, data })
      // As viem: one output unwrapped, several as an array, none as undefined.
      const values = decodeAbiParameters(found.fn.outputs, data)
      return values.length > 1 ? values : values.length === 1 ? values[0] : undefined
    },
  }
}
