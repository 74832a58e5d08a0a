import { recordMarketWorkload } from './support/recordMarketWorkload.js'
for (let i = 0; i < 2; i++) {
  const c = process.cpuUsage(); const t = performance.now()
  const rec = await recordMarketWorkload({ users: 200, intervals: 4 })
  const u = process.cpuUsage(c)
  console.log('record', rec.transactions.length, (performance.now() - t).toFixed(0), 'ms wall', ((u.user + u.system) / 1000).toFixed(0), 'ms cpu')
}
