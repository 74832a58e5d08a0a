import { connectChain } from '../chain/connectChain.js'
import type { Chain } from '../chain/types.js'
import type { Scenario } from '../scenarios/types.js'

/** The options of the commands that run on a node. */
export const RPC_OPTIONS = { rpc: { type: 'string' }, 'verify-gas': { type: 'boolean' } } as const

/** As on the embedded chain: the owner, reporter and keeper up front, users' accounts added as they join, so addresses match. */
export const RPC_ROLE_ACCOUNTS = 3

/** What each account a node funds for a run gets: the users' collateral and plenty for gas. */
export function rpcBalanceWei(scenario: Scenario): bigint {
  return scenario.users.collateralWei + 10n ** 24n
}

/** The node at `rpcUrl`, with the role accounts funded for `scenario`. */
export function connectNode(rpcUrl: string, scenario: Scenario): Promise<Chain> {
  return connectChain({ rpcUrl, accounts: RPC_ROLE_ACCOUNTS, balanceWei: rpcBalanceWei(scenario) })
}
