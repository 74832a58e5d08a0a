// Types computed from ABIs, on abitype alone. The public .d.ts may only name packages a user's
// install has; viem is bundled into the JavaScript and is not installed with dem-sim, abitype is.
import type { Abi, AbiParametersToPrimitiveTypes, AbiStateMutability, ExtractAbiFunction, ExtractAbiFunctionNames } from 'abitype'

export type { Abi, AbiStateMutability }

/** The names of an ABI's functions with the given mutability (any string for an ABI typed only as `Abi`). */
export type ContractFunctionName<abi extends Abi, mutability extends AbiStateMutability = AbiStateMutability> =
  ExtractAbiFunctionNames<abi, mutability> extends infer name extends string ? ([name] extends [never] ? string : name) : string

/** A function's arguments as a tuple of TypeScript values. */
export type ContractFunctionArgs<
  abi extends Abi,
  mutability extends AbiStateMutability = AbiStateMutability,
  functionName extends ContractFunctionName<abi, mutability> = ContractFunctionName<abi, mutability>,
> =
  AbiParametersToPrimitiveTypes<ExtractAbiFunction<abi, functionName, mutability>['inputs'], 'inputs'> extends infer args
    ? [args] extends [never]
      ? readonly unknown[]
      : args
    : readonly unknown[]

/** What a function returns: `void` for no outputs, the value for one, a tuple for several. */
export type ContractFunctionReturnType<
  abi extends Abi,
  mutability extends AbiStateMutability = AbiStateMutability,
  functionName extends ContractFunctionName<abi, mutability> = ContractFunctionName<abi, mutability>,
> = Abi extends abi
  ? unknown
  : AbiParametersToPrimitiveTypes<ExtractAbiFunction<abi, functionName, mutability>['outputs'], 'outputs'> extends infer outputs
    ? outputs extends readonly []
      ? void
      : outputs extends readonly [infer single]
        ? single
        : outputs
    : never

/** The constructor's arguments (an empty tuple when the ABI has no constructor). */
export type ContractConstructorArgs<abi extends Abi> =
  AbiParametersToPrimitiveTypes<Extract<abi[number], { type: 'constructor' }>['inputs'], 'inputs'> extends infer args ? ([args] extends [never] ? readonly [] : args) : readonly []
