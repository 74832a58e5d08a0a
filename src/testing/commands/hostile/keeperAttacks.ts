import { bookTokens, marketCallData, resolveInterval } from '../helpers.js'
import { type HostileEntries, hostileCall } from './HostileStep.js'

/** The keeper's calls, which anyone may make, sent out of turn with extreme arguments. */
export const keeperAttacks: HostileEntries<'keeper'> = {
  keeper: (action, { contracts: c, model, r: { sim } }) => {
    const interval = resolveInterval(model, action.target)
    const { maxItems } = action
    if (action.call === 'processBuffer') {
      return {
        call: hostileCall(`processBuffer(${maxItems})`, c.market, 'processBuffer', [maxItems]),
        predict: () => model.processBuffer(maxItems),
        valueMovers: bookTokens(model, interval),
        keeperLike: true,
        observeIntervals: true,
      }
    }
    const call = action.call
    // Through `withOrders` with the published segments when the interval holds signed orders, as anyone may.
    const raw = hostileCall(`${call}(${interval}, ${maxItems})`, c.market, call, [interval, maxItems])
    return {
      call: { ...raw, data: marketCallData(sim, interval, raw.data) },
      predict: () => (call === 'settle' ? model.settle(interval, maxItems) : model.expireInterval(interval, maxItems)),
      valueMovers: bookTokens(model, interval),
      // A settle call files from the buffer into the book it pays out.
      moversAfter: call === 'settle' ? () => bookTokens(model, interval) : undefined,
      progressIntervals: [interval],
      keeperLike: true,
      observeIntervals: true,
    }
  },
}
