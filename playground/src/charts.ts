/// <reference lib="dom" />
import type { ChartSpec } from 'dem-sim'

/** A chart drawn in the page: vega-lite compiles the library's spec, vega renders it as SVG. */
export type DrawnChart = { toSvg(): Promise<string>; toPng(): Promise<string> }

/**
 * Draws a Vega-Lite spec into `container`. Vega is bundled and loaded on first use, so that the
 * page is interactive before it arrives and works offline.
 */
export async function drawChart(container: HTMLElement, spec: ChartSpec): Promise<DrawnChart> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')])
  const compiled = vegaLite.compile(spec as unknown as Parameters<typeof vegaLite.compile>[0]).spec
  const view = new vega.View(vega.parse(compiled), { renderer: 'svg', container, hover: true })
  await view.runAsync()
  container.dataset.drawn = 'true'
  return { toSvg: () => view.toSVG(), toPng: () => view.toImageURL('png', 2) }
}
