import { importPeer, MissingPeerDependencyError, type OptionalPeer } from '../errors/MissingPeerDependencyError.js'
import type { ChartSpec } from './chartSpecs.js'

const FEATURE = 'Rendering charts'

/**
 * Loads vega and vega-lite, the optional packages that draw charts. When any is missing, one
 * error names every missing one with one command that installs them all.
 *
 * @returns the two modules
 * @throws {MissingPeerDependencyError} naming each of vega and vega-lite that is not installed
 * @example
 * const [vega, vegaLite] = await loadChartPackages() // the CLI checks this before a run
 */
export async function loadChartPackages() {
  const [vega, vegaLite] = await Promise.allSettled([
    importPeer(() => import('vega'), { packageName: 'vega', feature: FEATURE }),
    importPeer(() => import('vega-lite'), { packageName: 'vega-lite', feature: FEATURE }),
  ])
  if (vega.status === 'fulfilled' && vegaLite.status === 'fulfilled') return [vega.value, vegaLite.value] as const
  const failures = [vega, vegaLite].flatMap((loaded) => (loaded.status === 'rejected' ? [loaded] : []))
  const broken = failures.find(({ reason }) => !(reason instanceof MissingPeerDependencyError))
  if (broken !== undefined) throw broken.reason
  const [first, ...others] = failures.map(({ reason }) => (reason as MissingPeerDependencyError).packageName)
  throw new MissingPeerDependencyError({
    packageName: first as OptionalPeer,
    alsoMissing: others,
    feature: FEATURE,
    cause: failures[0]?.reason,
  })
}

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
  const [vega, vegaLite] = await loadChartPackages()
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
