/**
 * Gas per commitment of every built-in mechanism at 200 and 1,000 users (`bench/perCommitment.ts`):
 * joining, committing, filing, settling and the oracle's reports, with the largest transaction —
 * the figures to compare before and after a change to the contracts. The operations one by one, as
 * the documentation shows them, come from `npm run figures` (scripts/figures/operationFigures.ts).
 *
 *   npx tsx bench/operations.bench.ts
 *
 * Figures, not assertions: a benchmark prints, tests assert.
 */
import { perCommitmentTable } from './perCommitment.js'

const fmtRow = (cells: readonly (string | number | bigint)[]) =>
  `| ${cells.map((c) => (typeof c === 'string' ? c : BigInt(c).toLocaleString('en-US'))).join(' | ')} |`
console.log(
  fmtRow(['mechanism', 'users', 'join', 'commit', 'processBuffer', 'settle', 'total', 'oracle', 'largest tx']),
)
console.log(`|${'---|'.repeat(9)}`)
for (const r of await perCommitmentTable([200, 1_000])) {
  const cells = [r.join, r.commit, r.processBuffer, r.settle, r.total, r.oracle, r.largestTransaction]
  console.log(fmtRow([r.mechanism, r.users, ...cells]))
}
