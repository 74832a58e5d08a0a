import type { AddressHex } from '../../../chain/types.js'
import { ZERO_ADDRESS } from '../../types.js'
import { resolveInterval } from '../helpers.js'
import { type HostileEntries, hostileCall } from './HostileStep.js'

const MAX_UINT64 = 2n ** 64n - 1n
const LOW_48_BITS = 2n ** 48n - 1n

/** The functions the contracts call on each other, and the owner's and the reporter's: each refused. */
export const restrictedCallAttacks: HostileEntries<
  | 'openCommitment'
  | 'applyCommitmentUpdates'
  | 'recordCommitted'
  | 'recordMetered'
  | 'wire'
  | 'ownerOnly'
  | 'updateAnswer'
  | 'meter'
  | 'onERC721Received'
> = {
  openCommitment: (action, { contracts: c, model, token, senderAddress }) => {
    const id = token(action.token)
    const account = (model.profile(id)?.depositor ?? ZERO_ADDRESS) as AddressHex
    return {
      sender: action.sender,
      call: hostileCall(`openCommitment(${id}, ${account}, ${action.lockWei})`, c.profile, 'openCommitment', [
        id,
        account,
        action.lockWei,
      ]),
      predict: () => model.forbidden('EnergyProfileUnauthorizedCaller', { caller: senderAddress(action.sender) }),
    }
  },
  applyCommitmentUpdates: (action, { contracts: c, model, token, senderAddress, hostileTokens }) => {
    const id = token(action.token)
    // Credit the hostile's own token and debit the victim's: a balanced, well-formed batch.
    const own = hostileTokens[0] ?? id
    const amount = action.amountWei & (2n ** 96n - 1n)
    const spend = (id & LOW_48_BITS) | (amount << 48n) | (1n << 241n)
    const credit = (own & LOW_48_BITS) | (amount << 144n) | (1n << 240n)
    return {
      sender: action.sender,
      call: hostileCall(`applyCommitmentUpdates(${id} → ${own}, ${amount})`, c.profile, 'applyCommitmentUpdates', [
        [spend, credit],
      ]),
      predict: () => model.forbidden('EnergyProfileUnauthorizedCaller', { caller: senderAddress(action.sender) }),
    }
  },
  recordCommitted: (action, { contracts: c, model, senderAddress }) => {
    const interval = resolveInterval(model, action.target)
    const totals = { interval, productionWh: action.energyWh, consumptionWh: action.energyWh }
    return {
      sender: action.sender,
      call: hostileCall(`recordCommitted(${interval})`, c.pool, 'recordCommitted', [[totals]]),
      predict: () => model.forbidden('EnergyPoolUnauthorizedCaller', { caller: senderAddress(action.sender) }),
    }
  },
  recordMetered: (action, { contracts: c, model, senderAddress }) => {
    const interval = resolveInterval(model, action.target)
    const energy = action.energyWh & MAX_UINT64
    return {
      sender: action.sender,
      call: hostileCall(`recordMetered(${interval})`, c.pool, 'recordMetered', [interval, energy, energy, energy]),
      predict: () => model.forbidden('EnergyPoolUnauthorizedCaller', { caller: senderAddress(action.sender) }),
    }
  },
  wire: (action, { contracts: c, model, senderAddress }) => {
    const me = senderAddress(action.sender)
    if (action.contract === 'profile') {
      return {
        sender: action.sender,
        call: hostileCall('profile.wire', c.profile, 'wire', [me]),
        predict: () => model.forbidden('OwnableUnauthorizedAccount', { account: me }),
      }
    }
    return {
      sender: action.sender,
      call: hostileCall('pool.wire', c.pool, 'wire', [me]),
      predict: () => model.forbidden('EnergyPoolUnauthorizedCaller', { caller: me }),
    }
  },
  ownerOnly: (action, { contracts: c, model, senderAddress }) => {
    const me = senderAddress(action.sender)
    const call =
      action.call === 'withdrawSurplus'
        ? hostileCall('market.withdrawSurplus', c.market, 'withdrawSurplus', [me, 0n])
        : action.call === 'setGracePeriod'
          ? hostileCall('market.setGracePeriod', c.market, 'setGracePeriod', [1n])
          : hostileCall('feed.setReporter', c.priceFeed, 'setReporter', [me])
    return {
      sender: action.sender,
      call,
      predict: () => model.forbidden('OwnableUnauthorizedAccount', { account: me }),
    }
  },
  updateAnswer: (action, { contracts: c, model, senderAddress }) => ({
    sender: action.sender,
    call: hostileCall(`feed.updateAnswer(${action.answer})`, c.priceFeed, 'updateAnswer', [action.answer]),
    predict: () => model.updateAnswer({ from: senderAddress(action.sender), feed: 'price', answer: action.answer }),
  }),
  meter: (action, { contracts: c, model, token, senderAddress }) => {
    const from = senderAddress(action.sender)
    const meter = c.meter
    const interval = resolveInterval(model, action.target)
    if (meter === undefined) {
      return {
        sender: action.sender,
        call: hostileCall('feed.updateAnswer(1)', c.priceFeed, 'updateAnswer', [1n]),
        predict: () => model.updateAnswer({ from, feed: 'price', answer: 1n }),
      }
    }
    if (action.call === 'reportDeliveries') {
      // Its own (or anyone's) profile, claiming the most a reading can say.
      const id = token(action.token)
      return {
        sender: action.sender,
        call: hostileCall(`meter.reportDeliveries(${interval}, ${id})`, meter, 'reportDeliveries', [
          interval,
          [id],
          [MAX_UINT64],
        ]),
        predict: () => model.reportDeliveries({ from, interval, deliveries: new Map([[id, MAX_UINT64]]) }),
      }
    }
    // Finalizing early would let a keeper settle before the real readings arrive.
    return {
      sender: action.sender,
      call: hostileCall(`meter.finalizeDeliveries(${interval})`, meter, 'finalizeDeliveries', [interval]),
      predict: () => model.finalizeDeliveries({ from, interval }),
    }
  },
  onERC721Received: (action, { contracts: c, model, token, senderAddress }) => {
    const id = token(action.token)
    const me = senderAddress(action.sender)
    return {
      sender: action.sender,
      call: hostileCall(`pool.onERC721Received(${id})`, c.pool, 'onERC721Received', [me, me, id, '0x']),
      predict: () => model.forbidden('EnergyPoolUnexpectedToken', { token: me }),
    }
  },
}
