import { MECHANISMS } from '../../src/mechanisms/mechanisms.js'
import { breakEvenChart } from '../../src/reports/breakEvenChart.js'
import { breakEvenTable, networkSavingsTable } from '../../src/reports/breakEvenTables.js'
import { renderSvg } from '../../src/reports/renderSvg.js'
import { tableToMarkdown } from '../../src/reports/ReportTable.js'
import { builtinScenario } from '../../src/scenarios/builtinScenarios.js'
import type { BreakEven } from '../../src/scenarios/kpis/types.js'
import type { Figure } from './Figure.js'

const SCENARIO = 'battery-day'
/** Every household's commitments as its own transactions, then as signed orders an aggregator batches. */
const ORDER_PATHS = ['direct', 'batched'] as const

/** Where battery-day's trading pays for its gas, on every mechanism and order path: what `dem-sim economics` prints and draws. */
export const economicsFigures: Figure = {
  name: 'economics',
  variants: () =>
    MECHANISMS.flatMap(({ name }) =>
      ORDER_PATHS.map((orders) => {
        const { definition } = builtinScenario(SCENARIO)
        const groups = definition.users.groups?.map((group) => ({ ...group, orders }))
        const users = { ...definition.users, groups }
        return { label: `${name} ${orders}`, scenario: { ...definition, users, market: { mechanism: name } } }
      }),
    ),
  produce: async (results) => {
    const breakEvens = results.map((result) => {
      if (result.kpis.breakEven === undefined) throw new Error(`${result.mechanism}: the run has no break-even`)
      return result.kpis.breakEven
    }) satisfies BreakEven[]
    const economics = results[0]?.kpis.economics
    if (economics === undefined) throw new Error('no runs')
    return {
      files: {
        [`docs/figures/break-even-${SCENARIO}.svg`]: await renderSvg(
          breakEvenChart({ name: SCENARIO, breakEvens, economics }),
        ),
      },
      blocks: {
        'break-even-paths': breakEvenByPath(breakEvens),
        'break-even': [
          tableToMarkdown(breakEvenTable(breakEvens, economics)),
          tableToMarkdown(networkSavingsTable(breakEvens, economics)),
          `![Net savings against gas price, ${SCENARIO}](/docs/figures/break-even-${SCENARIO}.svg)\n`,
        ].join('\n'),
      },
    }
  },
}

const gwei = (value: number | null | undefined): string => (value == null ? 'never' : `${value.toPrecision(3)} gwei`)

/** Per mechanism, the gas price below which battery-day pays for itself (joins over the horizon), direct against batched. */
function breakEvenByPath(breakEvens: readonly BreakEven[]): string {
  const at = (mechanism: string, orders: (typeof ORDER_PATHS)[number]) =>
    breakEvens.find((b) => b.mechanism === mechanism && b.orderPath === orders)?.joinsAmortised.breakEvenGasPriceGwei
  const rows = MECHANISMS.map(({ name }) => {
    const direct = at(name, 'direct')
    const batched = at(name, 'batched')
    const ratio = direct == null || batched == null ? '—' : `${(batched / direct).toFixed(2)}×`
    return `| ${name} | ${gwei(direct)} | ${gwei(batched)} | ${ratio} |`
  })
  return [
    '| mechanism | pays for itself below, direct commits | with batched signed orders | batched ÷ direct |',
    '|:---|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n')
}
