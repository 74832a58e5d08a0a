import { recordMarketWorkload } from './support/recordMarketWorkload.js'
import { replayMarketWorkload } from './support/replayMarketWorkload.js'
let t = performance.now()
const rec = await recordMarketWorkload({ users: 200, intervals: 4 })
console.log('record', (performance.now() - t).toFixed(0))
for (let i = 0; i < 2; i++) { const r = await replayMarketWorkload(rec, 'ours'); console.log('replay', r.wallMs.toFixed(0)) }
