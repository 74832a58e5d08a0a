/**
 * Writes `schema/scenario.schema.json` from its declaration in `src/scenarios/scenarioSchema.ts`;
 * with `--check`, only reports whether the file is up to date (exit 1 when it is not).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { scenarioSchemaJson } from '../src/scenarios/scenarioSchema.js'

const file = fileURLToPath(new URL('../schema/scenario.schema.json', import.meta.url))
const expected = scenarioSchemaJson()
if (process.argv.includes('--check')) {
  const actual = existsSync(file) ? readFileSync(file, 'utf8') : ''
  if (actual !== expected) {
    process.stderr.write('schema/scenario.schema.json is stale: run npm run build:schema\n')
    process.exitCode = 1
  }
} else {
  writeFileSync(file, expected)
}
