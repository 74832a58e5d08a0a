import { MECHANISMS } from '../../src/mechanisms/mechanisms.js'
import { gasPerOperationChart, mechanismComparisonChart, settlementGasChart } from '../../src/reports/chartSpecs.js'
import { renderSvg } from '../../src/reports/renderSvg.js'
import { tableToMarkdown } from '../../src/reports/ReportTable.js'
import { mechanismComparisonTable, operationGasTable, settlementTable } from '../../src/reports/sweepTables.js'
import { PAPER_SCENARIO } from '../../src/scenarios/builtinScenarios.js'
import { parseScenario, withUserCount } from '../../src/scenarios/parseScenario.js'
import type { SweepResult } from '../../src/scenarios/sweep.js'
import type { Figure } from './Figure.js'

/** The user counts of `dem-sim gas --mechanism all --users 2,10,50,200,1000`. */
const USERS = [2, 10, 50, 200, 1000]

/**
 * The paper's measurement on every built-in mechanism — what `dem-sim gas --mechanism all
 * --users 2,10,50,200,1000` prints and draws: gas per operation, the heaviest settlement against
 * the limits, and the mechanisms side by side.
 */
export const gasSweepFigures: Figure = {
  name: 'gas sweeps',
  variants: () =>
    MECHANISMS.flatMap((mechanism) =>
      USERS.map((users) => {
        const scenario = withUserCount(
          parseScenario({ ...PAPER_SCENARIO, market: { mechanism: mechanism.name } }),
          users,
        )
        return { label: `${mechanism.name}, ${users} users`, scenario }
      }),
    ),
  produce: async (results) => {
    const sweeps: SweepResult[] = MECHANISMS.map((_, m) => ({
      name: 'paper',
      users: USERS,
      points: USERS.map((users, u) => ({
        users,
        result: results[m * USERS.length + u] as SweepResult['points'][0]['result'],
      })),
      workers: 0,
      wallMs: 0,
    }))
    const files: Record<string, string> = {}
    const operations: string[] = []
    const settlement: string[] = []
    for (const [m, sweep] of sweeps.entries()) {
      const name = MECHANISMS[m]?.name as string
      files[`docs/figures/gas-per-operation-${name}.svg`] = await renderSvg(gasPerOperationChart(sweep))
      files[`docs/figures/settlement-gas-${name}.svg`] = await renderSvg(settlementGasChart(sweep))
      operations.push(
        `**\`${name}\`**\n\n${tableToMarkdown(operationGasTable(sweep))}\n![Gas per operation vs number of users, ${name}](/docs/figures/gas-per-operation-${name}.svg)\n`,
      )
      settlement.push(
        `**\`${name}\`**\n\n${tableToMarkdown(settlementTable(sweep))}\n![Settlement gas vs number of users, ${name}](/docs/figures/settlement-gas-${name}.svg)\n`,
      )
    }
    files['docs/figures/mechanisms.svg'] = await renderSvg(mechanismComparisonChart(sweeps))
    return {
      files,
      blocks: {
        'gas-per-operation': operations.join('\n'),
        settlement: settlement.join('\n'),
        mechanisms: `${tableToMarkdown(mechanismComparisonTable(sweeps))}\n![Settlement gas per commitment by mechanism](/docs/figures/mechanisms.svg)\n`,
      },
    }
  },
}
