import type { ScenarioResult, ScenarioVariant } from '../../src/index.js'

/**
 * What a figure produces: Markdown blocks by name (what goes between `<!-- figure:NAME -->` and
 * `<!-- /figure:NAME -->`; links written from the repository's root, `](/docs/figures/x.svg)`, are
 * made relative to each page) and files by path from the root (charts under docs/figures/).
 */
export type FigureOutputs = { blocks?: Record<string, string>; files?: Record<string, string> }

/** A group of figures made from the same runs. */
export type Figure = {
  name: string
  /** The scenario runs it needs: they go to worker threads together with every other figure's. */
  variants?: () => ScenarioVariant[]
  /** The figures, from the runs' results in the order of `variants`. */
  produce: (results: readonly ScenarioResult[]) => Promise<FigureOutputs>
}
