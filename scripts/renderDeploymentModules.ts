import { GENERATED_HEADER } from '../src/compile/renderArtifactModules.js'
import type { PrecomputedDeployment } from '../src/market/precomputedDeployments.js'

/**
 * TypeScript modules for precomputed deployments: one `export const deployment = {…}` per mechanism
 * (bigints as bigint literals), and an `index.ts` that imports each only when it is asked for.
 *
 * @param deployments - Mechanism name → its deployment.
 * @returns File name → TypeScript text.
 * @example
 * renderDeploymentModules({ 'oracle-price': deployment }) // { 'oracle-price.ts': '…', 'index.ts': '…' }
 */
export function renderDeploymentModules(
  deployments: Readonly<Record<string, PrecomputedDeployment>>,
): Record<string, string> {
  const names = Object.keys(deployments).sort()
  const files: Record<string, string> = {}
  for (const name of names) {
    files[`${name}.ts`] = [
      GENERATED_HEADER,
      `// The state DemSimulator.create({ mechanism: '${name}' }) leaves with default options, and the operations it ran.`,
      '',
      `export const deployment = ${literal(deployments[name], '')}`,
      '',
    ].join('\n')
  }
  files['index.ts'] = [
    GENERATED_HEADER,
    '',
    'export const PRECOMPUTED_DEPLOYMENTS: Record<string, () => Promise<{ deployment: unknown }>> = {',
    ...names.map((name) => `  ${JSON.stringify(name)}: () => import('./${name}.js'),`),
    '}',
    '',
  ].join('\n')
  return files
}

/** A value as a TypeScript literal; getters (a receipt's lazy fields) are read. */
function literal(value: unknown, indent: string): string {
  if (typeof value === 'bigint') return `${value}n`
  if (value === undefined) return 'undefined'
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  const inner = `${indent}  `
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    return `[\n${value.map((item) => `${inner}${literal(item, inner)},`).join('\n')}\n${indent}]`
  }
  const keys = Object.keys(value)
  if (keys.length === 0) return '{}'
  const entries = keys.map(
    (key) => `${inner}${JSON.stringify(key)}: ${literal((value as Record<string, unknown>)[key], inner)},`,
  )
  return `{\n${entries.join('\n')}\n${indent}}`
}
