import { MECHANISMS } from '../../src/mechanisms/mechanisms.js'
import { breakEvenChart } from '../../src/reports/breakEvenChart.js'
import { breakEvenTable, networkSavingsTable } from '../../src/reports/breakEvenTables.js'
import { renderSvg } from '../../src/reports/renderSvg.js'
import { tableToMarkdown } from '../../src/reports/ReportTable.js'
import { builtinScenario } from '../../src/scenarios/builtinScenarios.js'
import type { BreakEven } from '../../src/scenarios/kpis/types.js'
import type { Figure } from './Figure.js'

const SCENARIO = 'battery-day'

/** Where battery-day's trading pays for its gas, on every mechanism: what `dem-sim economics` prints and draws. */
export const economicsFigures: Figure = {
  name: 'economics',
  variants: () =>
    MECHANISMS.map(({ name }) => {
      const { definition } = builtinScenario(SCENARIO)
      return { label: name, scenario: { ...definition, market: { mechanism: name } } }
    }),
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
        'break-even': [
          tableToMarkdown(breakEvenTable(breakEvens, economics)),
          tableToMarkdown(networkSavingsTable(breakEvens, economics)),
          `![Net savings against gas price, ${SCENARIO}](/docs/figures/break-even-${SCENARIO}.svg)\n`,
        ].join('\n'),
      },
    }
  },
}
