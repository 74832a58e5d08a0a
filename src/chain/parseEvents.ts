import { type Log, parseEventLogs } from 'viem'
import type { Abi, ContractEventArgs, ContractEventName } from './abiTypes.js'
import type { AddressHex, DecodedLog } from './types.js'

/** One log decoded as an event of the given ABI, its arguments typed from the ABI. */
export type ParsedEvent<abi extends Abi, eventName extends ContractEventName<abi>> = {
  [name in eventName]: { address: AddressHex; eventName: name; args: ContractEventArgs<abi, name> }
}[eventName]

/**
 * Picks the logs that are events of `abi` (optionally only `eventName`) and decodes them with
 * their arguments typed from the ABI — instead of `log.args.x as bigint`. Logs of other events
 * or contracts are left out.
 *
 * @param logs a receipt's logs
 * @param abi the ABI whose events to decode, e.g. `EnergyMarket.abi`
 * @param eventName one event to keep
 * @returns the decoded events, in log order
 * @example
 * import { EnergyMarket, parseEvents } from 'dem-sim'
 * for (const { args } of parseEvents(receipt.logs, EnergyMarket.abi, 'CommitmentSettled')) console.log(args.amountWei) // bigint
 */
export function parseEvents<const abi extends Abi, eventName extends ContractEventName<abi> = ContractEventName<abi>>(
  logs: readonly DecodedLog[],
  abi: abi,
  eventName?: eventName,
): ParsedEvent<abi, eventName>[] {
  // parseEventLogs reads only address, topics and data; the block fields a node adds do not exist here.
  const raw = logs.map((log) => ({ address: log.address, topics: [...log.topics], data: log.data }) as unknown as Log)
  const parsed = parseEventLogs({
    abi: abi as Abi,
    logs: raw,
    ...(eventName === undefined ? {} : { eventName: eventName as string }),
  })
  return parsed.map(
    (log) =>
      ({ address: log.address as AddressHex, eventName: log.eventName, args: log.args }) as unknown as ParsedEvent<
        abi,
        eventName
      >,
  )
}
