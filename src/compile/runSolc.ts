import type { Abi } from 'abitype'
import { DemError } from '../errors/DemError.js'
import { CompileError } from './CompileError.js'
import type { CompilerMessage } from './CompilerMessage.js'
import type { ContractArtifact, ContractKind } from './ContractArtifact.js'
import type { StorageLayout } from './StorageLayout.js'
import { createCompilerInput, type CreateCompilerInputParameters } from './createCompilerInput.js'
import { UnsupportedEvmVersionError } from './compilerSettings.js'
import { createImportReader } from './createImportReader.js'
import { loadSolc, resolveSolc } from './loadSolc.js'

export type RunSolcParameters = CreateCompilerInputParameters & {
  /** Directory npm packages (and remapped directories) are resolved from. Default `process.cwd()`. */
  basePath?: string | undefined
}

export type RunSolcReturnType = {
  /** The given sources' contracts by name. */
  artifacts: Record<string, ContractArtifact>
  /** Warnings and infos (errors are thrown). */
  messages: CompilerMessage[]
  /** Every imported file (from `node_modules` or a remapped directory): source unit name → text. */
  imports: Record<string, string>
}

type SolcMessage = {
  severity: CompilerMessage['severity']
  type: string
  message: string
  sourceLocation?: { file: string; start: number; end: number }
}

type ContractDefinition = {
  nodeType: 'ContractDefinition'
  name: string
  contractKind: 'contract' | 'interface' | 'library'
  abstract: boolean
  nodes: readonly { nodeType: string; name?: string; members?: readonly { name: string }[] }[]
}

type SolcOutput = {
  errors?: SolcMessage[]
  sources?: Record<string, { ast: { nodes: ({ nodeType: string } | ContractDefinition)[] } }>
  contracts?: Record<
    string,
    Record<
      string,
      {
        abi: Abi
        evm: { bytecode: { object: string }; deployedBytecode: { object: string } }
        storageLayout?: StorageLayout
      }
    >
  >
}

/**
 * Compiles sources with solc-js, resolving package imports from `node_modules`.
 *
 * The shared core of `compileSources` and the cached `compileContracts`; it also
 * returns the imported files so the cache can tell when a dependency changed.
 *
 * @throws {CompileError} When solc reports an error.
 * @throws {DemError} When two given sources declare contracts of the same name.
 *
 * @example
 * import { runSolc } from './runSolc.js'
 * const { artifacts } = await runSolc({ sources: { 'A.sol': 'pragma solidity ^0.8.0; contract A {}' } })
 */
export async function runSolc(parameters: RunSolcParameters): Promise<RunSolcReturnType> {
  const basePath = parameters.basePath ?? process.cwd()
  const input = createCompilerInput(parameters)
  const imports: Record<string, string> = {}
  const solc = parameters.solc === undefined ? await loadSolc() : await resolveSolc(parameters.solc, basePath)
  const readImport = createImportReader(input.settings.remappings, basePath)
  const output = JSON.parse(
    solc.compile(JSON.stringify(input), {
      import: (path) => {
        const result = readImport(path)
        if ('contents' in result) imports[path] = result.contents
        return result
      },
    }),
  ) as SolcOutput

  // An evmVersion the compiler release does not know is refused before any source is read.
  if (output.errors?.some((error) => error.type === 'JSONError' && /EVM version/i.test(error.message))) {
    throw new UnsupportedEvmVersionError(String(input.settings.evmVersion), [], solc.version().split('+')[0])
  }
  const texts = { ...imports, ...parameters.sources }
  const messages = (output.errors ?? []).map((error) => toCompilerMessage(error, texts))
  if (messages.some((message) => message.severity === 'error')) throw new CompileError(messages)

  const artifacts: Record<string, ContractArtifact> = {}
  for (const [sourceName, contracts] of Object.entries(output.contracts ?? {})) {
    const definitions = contractDefinitions(output.sources?.[sourceName]?.ast.nodes ?? [])
    for (const [contractName, { abi, evm, storageLayout }] of Object.entries(contracts)) {
      const existing = artifacts[contractName]
      if (existing) {
        throw new DemError(`Contract ${contractName} is declared in both ${existing.sourceName} and ${sourceName}`, {
          details: 'Artifacts are keyed by contract name; rename one of them.',
        })
      }
      artifacts[contractName] = {
        contractName,
        sourceName,
        kind: kindOf(definitions.get(contractName)),
        abi,
        bytecode: `0x${evm.bytecode.object}`,
        deployedBytecode: `0x${evm.deployedBytecode.object}`,
        enums: enumsOf(definitions.get(contractName)),
        storageLayout: storageLayout ?? { storage: [], types: null },
      }
    }
  }
  return { artifacts, messages, imports }
}

function contractDefinitions(
  nodes: readonly ({ nodeType: string } | ContractDefinition)[],
): Map<string, ContractDefinition> {
  return new Map(nodes.filter(isContractDefinition).map((node) => [node.name, node]))
}

function kindOf(definition: ContractDefinition | undefined): ContractKind {
  if (definition === undefined) return 'contract'
  return definition.abstract ? 'abstract contract' : definition.contractKind
}

/** The enums a contract declares, from the compiler's AST: the one source of their member order. */
function enumsOf(definition: ContractDefinition | undefined): Record<string, readonly string[]> {
  const enums: Record<string, readonly string[]> = {}
  for (const node of definition?.nodes ?? []) {
    if (node.nodeType === 'EnumDefinition' && node.name !== undefined)
      enums[node.name] = (node.members ?? []).map((member) => member.name)
  }
  return enums
}

function isContractDefinition(node: { nodeType: string }): node is ContractDefinition {
  return node.nodeType === 'ContractDefinition'
}

function toCompilerMessage(error: SolcMessage, texts: Readonly<Record<string, string>>): CompilerMessage {
  const location = error.sourceLocation
  const text = location ? texts[location.file] : undefined
  // solc uses -1 for "the whole file", e.g. a missing SPDX licence line.
  const position =
    text !== undefined && location && location.start >= 0 ? lineAndColumn(text, location.start) : undefined
  return {
    file: location?.file,
    line: position?.line,
    column: position?.column,
    severity: error.severity,
    type: error.type,
    message: error.message,
  }
}

/** solc's offsets count UTF-8 bytes, not UTF-16 code units. */
function lineAndColumn(text: string, byteOffset: number): { line: number; column: number } {
  const before = Buffer.from(text, 'utf8').subarray(0, byteOffset).toString('utf8')
  const lines = before.split('\n')
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 }
}
