import { importPeer } from '../errors/MissingPeerDependencyError.js'
import type { ChartSpec } from './chartSpecs.js'

/**
 * Renders a Vega-Lite chart to a standalone SVG document in Node — no browser, no canvas:
 * vega-lite compiles it to Vega, and a headless Vega view (`renderer: 'none'`) draws the SVG.
 * Both are loaded on first use, so that importing this module costs nothing until a chart is drawn.
 * Not part of the library's main entry (which never loads vega); import it from `dem-sim/cli`.
 *
 * @param spec a chart from `gasPerOperationChart`, `settlementGasChart`, `energyChart` (from `dem-sim`)...
 * @returns the SVG markup
 * @throws {MissingPeerDependencyError} when vega or vega-lite (optional peer dependencies) is not installed
 * @example
 * import { renderSvg } from 'dem-sim/cli'
 * import { energyChart, runScenario } from 'dem-sim'
 * await writeFile('energy.svg', await renderSvg(energyChart(await runScenario(definition))))
 */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([
    importPeer(() => import('vega'), { packageName: 'vega', feature: 'Rendering charts' }),
    importPeer(() => import('vega-lite'), { packageName: 'vega-lite', feature: 'Rendering charts' }),
  ])
  const warnings: string[] = []
  const logger = vega.logger(vega.Warn)
  logger.warn = (...args: readonly unknown[]) => {
    warnings.push(args.map(String).join(' '))
    return logger
  }
  const compiled = vegaLite.compile(spec as unknown as Parameters<typeof vegaLite.compile>[0], { logger }).spec
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger })
  try {
    const svg = await view.toSVG()
    return svg.endsWith('\n') ? svg : `${svg}\n`
  } finally {
    view.finalize()
  }
}
