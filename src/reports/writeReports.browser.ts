import { BrowserUnsupportedError } from '../errors/BrowserUnsupportedError.js'
import type { WriteReportsOptions } from './writeReports.js'

export type { WriteReportsOptions }

const INSTEAD =
  'build the files with toJson, tableToCsv and scenarioMarkdown / sweepMarkdown and offer them as downloads'

/** Browsers have no directory to write to. */
export async function writeScenarioReports(): Promise<string[]> {
  throw new BrowserUnsupportedError('writeScenarioReports', INSTEAD)
}

/** Browsers have no directory to write to. */
export async function writeSweepReports(): Promise<string[]> {
  throw new BrowserUnsupportedError('writeSweepReports', INSTEAD)
}

/** Browsers have no directory to write to. */
export async function writeBreakEvenReports(): Promise<string[]> {
  throw new BrowserUnsupportedError('writeBreakEvenReports', INSTEAD)
}
