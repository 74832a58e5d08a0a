import { writeFileSync, readFileSync, existsSync } from 'node:fs'
import { recordMarketWorkload, type MarketRecording } from './support/recordMarketWorkload.js'
import { replayMarketWorkload } from './support/replayMarketWorkload.js'
const file = '/tmp/rec10.json'
let rec: MarketRecording
if (!existsSync(file)) {
  rec = await recordMarketWorkload({ users: 200, intervals: 4 })
  writeFileSync(file, JSON.stringify(rec, (_, v) => (typeof v === 'bigint' ? `${v}n` : v)))
} else rec = JSON.parse(readFileSync(file, 'utf8'), (_, v) => (typeof v === 'string' && /^\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v))
const out = []
for (let i = 0; i < 4; i++) {
  const r = await replayMarketWorkload(rec, 'ours')
  const bad = r.receipts.filter((x, j) => x.gasUsed !== rec.transactions[j]!.receipt.gasUsed || x.status !== rec.transactions[j]!.receipt.status).length
  out.push(`${r.wallMs.toFixed(0)}/${r.cpuMs.toFixed(0)}${bad ? ' BAD' + bad : ''}`)
}
console.log(process.argv[2] ?? '', 'wall/cpu ms:', out.join('  '))
