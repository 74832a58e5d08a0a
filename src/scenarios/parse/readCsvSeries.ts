import { MAX_NAME_LENGTH, MAX_PATH_LENGTH } from '../scenarioSchema.js'
import { OUTSIDE_ERROR_CODE, isInside, resolveScenarioPath } from '../scenarioFiles.js'
import { parseCsvColumn } from '../parseCsvColumn.js'
import { join, type Validator } from './createValidator.js'

/** What parsing a per-interval series needs: the checks, the run's length and clock, and where CSV files are. */
export type SeriesContext = {
  v: Validator
  intervals: number
  intervalSeconds: number
  startHour: number
  baseDir: string
  read: (path: string) => string
  file: string | undefined
  allowOutside: boolean
}

/** One value per interval, each an energy in Wh. */
export function energyArray(v: Validator, value: unknown, path: string, intervals: number): number[] {
  return v.array(value, path, intervals, 'energies in Wh').map((x, i) => v.energy(x, join(path, i)))
}

/** A CSV column with one row per interval, read inside the scenario's folder unless allowed out. */
export function readCsv(context: SeriesContext, spec: Record<string, unknown>, path: string) {
  const { v, intervals, baseDir, read } = context
  if (spec.file === undefined)
    v.fail(join(path, 'file'), 'is required for a csv series (a path relative to the scenario file)', undefined)
  const name = v.string(spec.file, join(path, 'file'), MAX_PATH_LENGTH)
  const column = spec.column === undefined ? undefined : v.string(spec.column, join(path, 'column'), MAX_NAME_LENGTH)
  const target = resolveScenarioPath(baseDir, name)
  if (!context.allowOutside && !isInside(baseDir, target)) {
    v.fail(
      join(path, 'file'),
      `must be a path inside the scenario's folder (${baseDir}); allow others with allowOutside (the CLI's --allow-outside)`,
      name,
    )
  }
  let text: string
  try {
    text = read(target)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === OUTSIDE_ERROR_CODE)
      v.fail(
        join(path, 'file'),
        `leads outside the scenario's folder (${baseDir}) through a symbolic link; allow it with allowOutside (the CLI's --allow-outside)`,
        name,
      )
    return v.fail(join(path, 'file'), `cannot be read (${code ?? 'error'})`, name)
  }
  const csv = parseCsvColumn({ text, column, file: name, path, scenarioFile: context.file })
  if (csv.cells.length !== intervals) {
    v.fail(
      join(path, 'file'),
      `must have one row per interval (intervals = ${intervals}) but ${name} has ${csv.cells.length}`,
      name,
    )
  }
  return { ...csv, name }
}

/** A CSV column of energies in Wh, one row per interval, times `scale`. */
export function readEnergyCsv(
  context: SeriesContext,
  spec: Record<string, unknown>,
  path: string,
  scale: number,
): number[] {
  const csv = readCsv(context, spec, path)
  return csv.cells.map((cell, i) => {
    const n = cell === '' ? Number.NaN : Number(cell)
    const where = `(${csv.name} line ${csv.lines[i]}, column "${csv.column}")`
    if (!Number.isFinite(n)) context.v.fail(path, `${where} must be a number of Wh`, cell)
    if (n < 0) context.v.fail(path, `${where} must not be negative (energy in Wh)`, cell)
    if (n * scale > Number.MAX_SAFE_INTEGER)
      context.v.fail(path, `${where} must be at most ${Number.MAX_SAFE_INTEGER} Wh`, cell)
    return n * scale
  })
}
