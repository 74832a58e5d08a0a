// Types computed from ABIs, on abitype alone. The public .d.ts may only name packages a user's
// install has; viem is bundled into the JavaScript and is not installed with dem-sim, abitype is.
import type {
  Abi,
  AbiParameter,
  AbiParameterToPrimitiveType,
  AbiParametersToPrimitiveTypes,
  AbiStateMutability,
  ExtractAbiFunction,
  ExtractAbiFunctionNames,
} from 'abitype'

export type { Abi, AbiStateMutability }

/** The names of an ABI's functions with the given mutability (any string for an ABI typed only as `Abi`). */
export type ContractFunctionName<abi extends Abi, mutability extends AbiStateMutability = AbiStateMutability> =
  ExtractAbiFunctionNames<abi, mutability> extends infer name extends string
    ? [name] extends [never]
      ? string
      : name
    : string

/** A function's arguments as a tuple of TypeScript values. */
export type ContractFunctionArgs<
  abi extends Abi,
  mutability extends AbiStateMutability = AbiStateMutability,
  functionName extends ContractFunctionName<abi, mutability> = ContractFunctionName<abi, mutability>,
> =
  AbiParametersToPrimitiveTypes<
    ExtractAbiFunction<abi, functionName, mutability>['inputs'],
    'inputs'
  > extends infer args
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
  : AbiParametersToPrimitiveTypes<
        ExtractAbiFunction<abi, functionName, mutability>['outputs'],
        'outputs'
      > extends infer outputs
    ? outputs extends readonly []
      ? void
      : outputs extends readonly [infer single]
        ? single
        : outputs
    : never

/** The constructor's arguments (an empty tuple when the ABI has no constructor). */
export type ContractConstructorArgs<abi extends Abi> =
  AbiParametersToPrimitiveTypes<Extract<abi[number], { type: 'constructor' }>['inputs'], 'inputs'> extends infer args
    ? [args] extends [never]
      ? readonly []
      : args
    : readonly []

/** An ABI's parameters as an object by name (unnamed parameters are left out). */
export type NamedParameters<parameters extends readonly AbiParameter[]> = {
  readonly [parameter in parameters[number] as parameter['name'] extends '' | undefined
    ? never
    : NonNullable<parameter['name']>]: AbiParameterToPrimitiveType<parameter>
}

type ErrorItem<abi extends Abi> = Extract<abi[number], { type: 'error' }>
type EventItem<abi extends Abi> = Extract<abi[number], { type: 'event' }>

/** The names of an ABI's custom errors (any string for an ABI typed only as `Abi`). */
export type ContractErrorName<abi extends Abi> = ErrorItem<abi>['name']

/** The names of an ABI's events (any string for an ABI typed only as `Abi`). */
export type ContractEventName<abi extends Abi> = EventItem<abi>['name']

/** An event's arguments by name. */
export type ContractEventArgs<abi extends Abi, eventName extends ContractEventName<abi>> = NamedParameters<
  Extract<EventItem<abi>, { name: eventName }>['inputs']
>

/**
 * Decoded revert data as a union discriminated by `errorName` (in the style of viem's
 * `decodeErrorResult`): a custom error of `abi` with its arguments typed, `Error(string)`,
 * `Panic(uint256)`, or `undefined` when the data matched no known error.
 */
export type DecodedRevert<abi extends Abi> =
  | {
      [errorName in ContractErrorName<abi>]: {
        errorName: errorName
        /** The decoded arguments, by position. */
        args: AbiParametersToPrimitiveTypes<Extract<ErrorItem<abi>, { name: errorName }>['inputs'], 'inputs'>
        /** The decoded arguments by their names in the ABI. */
        namedArgs: NamedParameters<Extract<ErrorItem<abi>, { name: errorName }>['inputs']>
        reason: undefined
      }
    }[ContractErrorName<abi>]
  | { errorName: 'Error'; args: readonly [message: string]; namedArgs: { readonly message: string }; reason: string }
  | { errorName: 'Panic'; args: readonly [code: bigint]; namedArgs: { readonly reason: bigint }; reason: string }
  | { errorName: undefined; args: readonly []; namedArgs: { readonly [name: string]: never }; reason: undefined }
