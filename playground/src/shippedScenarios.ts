import type { ScenarioDefinition } from 'dem-sim'

// The repository's example scenarios and the CSV series they read, bundled into the page, then the
// playground's own (a run that shows one feature, such as signed orders in batches).
const definitions = import.meta.glob<ScenarioDefinition>(['../../examples/scenarios/*.json', '../scenarios/*.json'], {
  eager: true,
  import: 'default',
})
const csvFiles = import.meta.glob<string>('../../examples/scenarios/*.csv', {
  eager: true,
  query: '?raw',
  import: 'default',
})

const fileName = (path: string) => path.replace(/^.*\//, '')

/** The example scenarios, each named (by its file where it has no name of its own). */
export const SHIPPED_SCENARIOS: ScenarioDefinition[] = Object.entries(definitions).map(([path, definition]) => ({
  ...definition,
  name: definition.name ?? fileName(path).replace(/\.json$/, ''),
}))

/** Reads a CSV series of a shipped scenario: the page has no other files. */
export function readShippedFile(path: string): string {
  const text = csvFiles[`../../examples/scenarios/${fileName(path)}`]
  if (text === undefined)
    throw new Error(
      `${path} is not here: in the page, CSV series can only name the example scenarios' files (${Object.keys(csvFiles).map(fileName).join(', ')})`,
    )
  return text
}
