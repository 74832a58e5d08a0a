import type { ContractArtifact } from './ContractArtifact.js'
import type { StorageLayout, StorageLayoutEntry, StorageLayoutType } from './StorageLayout.js'
import { GENERATED_HEADER } from './renderArtifactModules.js'

/**
 * TypeScript modules for compiled contracts' storage layouts: one
 * `export const <Name>StorageLayout = { storage, types } as const` per contract, and an `index.ts`
 * re-exporting each. Only what reading storage needs is kept (no AST ids beyond those solc puts in
 * type names), in a fixed key order, so equal layouts give byte-identical files.
 *
 * @param artifacts - The contracts, each with its `storageLayout`.
 * @returns File name → TypeScript text.
 * @example
 * import { renderStorageLayoutModules } from './renderStorageLayoutModules.js'
 * const files = renderStorageLayoutModules([artifact])
 * Object.keys(files) // ['EnergyPool.ts', 'index.ts']
 */
export function renderStorageLayoutModules(artifacts: readonly ContractArtifact[]): Record<string, string> {
  const sorted = [...artifacts].sort((a, b) => (a.contractName < b.contractName ? -1 : 1))
  const files: Record<string, string> = {}
  for (const artifact of sorted) {
    files[`${artifact.contractName}.ts`] = [
      GENERATED_HEADER,
      `// Storage layout of ${artifact.contractName} (${artifact.sourceName}), from solc's storageLayout output.`,
      '',
      `export const ${artifact.contractName}StorageLayout = ${JSON.stringify(essentials(artifact.storageLayout), null, 2)} as const`,
      '',
    ].join('\n')
  }
  files['index.ts'] = [
    GENERATED_HEADER,
    '',
    ...(sorted.length > 0
      ? sorted.map(({ contractName: name }) => `export { ${name}StorageLayout } from './${name}.js'`)
      : ['export {}']),
    '',
  ].join('\n')
  return files
}

function essentials(layout: StorageLayout): StorageLayout {
  const types = Object.entries(layout.types ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))
  return {
    storage: layout.storage.map(entry),
    types: Object.fromEntries(types.map(([name, type]) => [name, typeEssentials(type)])),
  }
}

function entry({ label, slot, offset, type }: StorageLayoutEntry): StorageLayoutEntry {
  return { label, slot, offset, type }
}

function typeEssentials(type: StorageLayoutType): StorageLayoutType {
  return {
    encoding: type.encoding,
    label: type.label,
    numberOfBytes: type.numberOfBytes,
    ...(type.key === undefined ? {} : { key: type.key }),
    ...(type.value === undefined ? {} : { value: type.value }),
    ...(type.base === undefined ? {} : { base: type.base }),
    ...(type.members === undefined ? {} : { members: type.members.map(entry) }),
  }
}
