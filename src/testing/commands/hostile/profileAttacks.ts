import type { AddressHex } from '../../../chain/types.js'
import { ZERO_ADDRESS } from '../../types.js'
import { resolveInterval } from '../helpers.js'
import { type HostileEntries, hostileCall } from './HostileStep.js'

/** Calls on other users' profiles and on tokens that do not exist. */
export const profileAttacks: HostileEntries<
  'addCollateral' | 'withdrawCollateral' | 'commit' | 'poolWithdraw' | 'poolDeposit' | 'transferFrom' | 'approve'
> = {
  addCollateral: (action, { contracts: c, model, token, senderAddress }) => {
    const id = token(action.token)
    const { sender, valueWei } = action
    return {
      sender,
      call: hostileCall(`addCollateral(${id})`, c.profile, 'addCollateral', [id], valueWei),
      predict: () => model.addCollateral({ from: senderAddress(sender), tokenId: id, valueWei }),
      valueMovers: [id],
    }
  },
  withdrawCollateral: (action, { contracts: c, model, token, senderAddress }) => {
    const id = token(action.token)
    const { sender, amountWei } = action
    return {
      sender,
      call: hostileCall(`withdrawCollateral(${id}, ${amountWei})`, c.profile, 'withdrawCollateral', [id, amountWei]),
      predict: () => model.withdrawCollateral({ from: senderAddress(sender), tokenId: id, amountWei }),
      valueMovers: [id],
    }
  },
  commit: (action, { contracts: c, model, token, senderAddress }) => {
    const id = token(action.token)
    const interval = resolveInterval(model, action.target)
    const { sender, energyWh, side, limitPriceWeiPerKWh } = action
    const sideIndex = side === 'production' ? 0 : 1
    return {
      sender,
      call: hostileCall(`commit(${id}, ${interval})`, c.pool, 'commit', [
        id,
        interval,
        energyWh,
        sideIndex,
        limitPriceWeiPerKWh,
      ]),
      predict: () =>
        model.commit({ from: senderAddress(sender), tokenId: id, interval, energyWh, side, limitPriceWeiPerKWh }),
      commits: true,
    }
  },
  poolWithdraw: (action, { contracts: c, model, token, senderAddress }) => {
    const id = token(action.token)
    return {
      sender: action.sender,
      call: hostileCall(`pool.withdraw(${id})`, c.pool, 'withdraw', [id]),
      predict: () => model.withdraw({ from: senderAddress(action.sender), tokenId: id }),
      ownership: [id],
    }
  },
  poolDeposit: (action, { contracts: c, model, token, senderAddress }) => {
    const id = token(action.token)
    return {
      sender: action.sender,
      call: hostileCall(`pool.deposit(${id})`, c.pool, 'deposit', [id]),
      predict: () => model.deposit({ from: senderAddress(action.sender), tokenId: id }),
      ownership: [id],
    }
  },
  transferFrom: (action, { contracts: c, model, token, senderAddress }) => {
    const id = token(action.token)
    const { sender, safe } = action
    const owner = (model.profile(id)?.owner ?? ZERO_ADDRESS) as AddressHex
    const to = action.toPool ? c.pool.address : senderAddress(sender)
    const functionName = safe ? 'safeTransferFrom' : 'transferFrom'
    return {
      sender,
      call: hostileCall(`${functionName}(${owner}, ${to}, ${id})`, c.profile, functionName, [owner, to, id]),
      predict: () =>
        model.transferFrom({
          sender: senderAddress(sender),
          from: owner,
          to,
          tokenId: id,
          safe,
          recipientIsContract: sender === 'receiver',
          acceptsTokens: true,
        }),
      ownership: [id],
    }
  },
  approve: (action, { contracts: c, model, token, senderAddress }) => {
    const id = token(action.token)
    const me = senderAddress(action.sender)
    return {
      sender: action.sender,
      call: hostileCall(`approve(self, ${id})`, c.profile, 'approve', [me, id]),
      predict: () => model.approve({ from: me, to: me, tokenId: id }),
      ownership: [id],
    }
  },
}
