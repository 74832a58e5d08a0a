import { MECHANISMS } from '../../src/mechanisms/mechanisms.js'
import { breakEvenChart } from '../../src/reports/breakEvenChart.js'
import { breakEvenTable, networkSavingsTable } from '../../src/reports/breakEvenTables.js'
import { formatCell, tableToMarkdown } from '../../src/reports/ReportTable.js'
import { renderSvg } from '../../src/reports/renderSvg.js'
import { builtinScenario } from '../../src/scenarios/builtinScenarios.js'
import type { ScenarioResult } from '../../src/scenarios/types.js'
import type { Figure } from './Figure.js'

const SCENARIO = 'battery-day'
/** Every household's commitments as its own transactions, then as signed orders an aggregator batches. */
const ORDER_PATHS = ['direct', 'batched'] as const
type OrderPath = (typeof ORDER_PATHS)[number]
/** The community at its own size, then the same mix of households at the sizes the README compares. */
const HOUSEHOLDS = [50, 200, 1_000] as const

type Run = { mechanism: string; households: number; orders: OrderPath }
const RUNS: Run[] = HOUSEHOLDS.flatMap((households) =>
  MECHANISMS.flatMap(({ name }) => ORDER_PATHS.map((orders) => ({ mechanism: name, households, orders }))),
)

/** Where battery-day's trading pays for its gas, on every mechanism, order path and size: what `dem-sim economics` prints and draws. */
export const economicsFigures: Figure = {
  name: 'economics',
  variants: () =>
    RUNS.map(({ mechanism, households, orders }) => {
      const { definition } = builtinScenario(SCENARIO)
      const groups = definition.users.groups?.map((group) => ({ ...group, orders }))
      const users = { ...definition.users, count: households, groups }
      return {
        label: `${mechanism} ${orders} ${households}`,
        scenario: { ...definition, users, market: { mechanism } },
      }
    }),
  produce: async (results) => {
    const ownSize = results.filter((result) => result.userCount === builtinScenario(SCENARIO).definition.users.count)
    const breakEvens = ownSize.map(breakEvenOf)
    const economics = ownSize[0]?.kpis.economics
    if (economics === undefined) throw new Error('no runs')
    return {
      files: {
        [`docs/figures/break-even-${SCENARIO}.svg`]: await renderSvg(
          breakEvenChart({ name: SCENARIO, breakEvens, economics }),
        ),
      },
      blocks: {
        'break-even-households': breakEvenByHouseholds(results),
        'break-even': [
          tableToMarkdown(breakEvenTable(breakEvens, economics)),
          tableToMarkdown(networkSavingsTable(breakEvens, economics)),
          `![Net savings against gas price, ${SCENARIO}](/docs/figures/break-even-${SCENARIO}.svg)\n`,
        ].join('\n'),
      },
    }
  },
}

function breakEvenOf(result: ScenarioResult) {
  if (result.kpis.breakEven === undefined) throw new Error(`${result.mechanism}: the run has no break-even`)
  return result.kpis.breakEven
}

const gwei = (value: number | null | undefined): string => (value == null ? 'never' : `${value.toPrecision(3)} gwei`)

/**
 * Gas per traded commitment — everything the community sent while the intervals ran (entries,
 * keeper, oracle; joins apart) over the household-intervals that bought or sold locally.
 */
function gasPerTradedCommitment(result: ScenarioResult): string {
  const traded = result.households.filter((h) => h.soldLocalWh > 0n || h.boughtLocalWh > 0n).length
  return traded === 0 ? 'nothing traded' : formatCell(breakEvenOf(result).footprint.operation.gasUsed / BigInt(traded))
}

/** Per mechanism and size, gas per traded commitment and the gas price below which the community pays for itself, direct against batched. */
function breakEvenByHouseholds(results: readonly ScenarioResult[]): string {
  const find = (mechanism: string, households: number, orders: OrderPath) => {
    const result = results.find(
      (r) => r.mechanism === mechanism && r.userCount === households && breakEvenOf(r).orderPath === orders,
    )
    if (result === undefined) throw new Error(`no run of ${mechanism} ${orders} at ${households}`)
    return result
  }
  const rows = MECHANISMS.flatMap(({ name }) =>
    HOUSEHOLDS.map((households) => {
      const [direct, batched] = ORDER_PATHS.map((orders) => find(name, households, orders))
      const directGwei = breakEvenOf(direct as ScenarioResult).joinsAmortised.breakEvenGasPriceGwei
      const batchedGwei = breakEvenOf(batched as ScenarioResult).joinsAmortised.breakEvenGasPriceGwei
      const ratio = directGwei == null || batchedGwei == null ? '—' : `${(batchedGwei / directGwei).toFixed(2)}×`
      return [
        name,
        formatCell(households),
        gasPerTradedCommitment(direct as ScenarioResult),
        gasPerTradedCommitment(batched as ScenarioResult),
        gwei(directGwei),
        gwei(batchedGwei),
        ratio,
      ]
    }),
  )
  return [
    '| mechanism | households | gas per traded commitment, direct | batched | pays for itself below, direct | batched | batched ÷ direct |',
    '|:---|---:|---:|---:|---:|---:|---:|',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
    '',
  ].join('\n')
}
