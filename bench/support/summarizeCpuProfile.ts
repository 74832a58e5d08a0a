/** A V8 CPU profile, as `node --cpu-prof` writes it and the inspector's `Profiler.stop` returns it. */
export type CpuProfile = {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
  endTime: number
}

/** Where self time went: by function and by part of the stack. */
export type CpuProfileSummary = {
  totalMs: number
  functions: { name: string; where: string; part: string; selfMs: number }[]
  parts: { part: string; selfMs: number }[]
}

/** Parts of the stack, first match wins: a file's path (from its URL) → the part it belongs to. */
const PARTS: readonly [RegExp, string][] = [
  [/@ethereumjs\/evm\/.*(interpreter|opcodes|stack|memory)/, 'EVM interpreter (ethereumjs)'],
  [/@ethereumjs\/evm\//, 'EVM frames and messages (ethereumjs)'],
  [/@ethereumjs\/vm\//, 'runTx (ethereumjs)'],
  [/@ethereumjs\/tx\//, 'transaction objects (ethereumjs)'],
  [/@ethereumjs\/block\//, 'block headers (ethereumjs)'],
  [/@ethereumjs\/rlp\//, 'RLP'],
  [/@ethereumjs\/(util|common)\//, 'ethereumjs util and common'],
  [/@noble\/hashes/, 'keccak (noble)'],
  [/@noble\/curves/, 'secp256k1 (noble)'],
  [/viem|abitype|ox\//, 'ABI encoding and decoding (viem)'],
  [/src\/chain\/createJournaledStateManager/, 'state manager (ours)'],
  [/src\/chain\//, 'chain layer (ours)'],
  [/src\/(market|mechanisms)\//, 'market and mechanisms (ours)'],
  [/src\/scenarios\//, 'scenario runner (ours)'],
  [/src\//, 'other dem-sim'],
  [/^node:|^internal\//, 'Node internals'],
]

/**
 * Sums a CPU profile's self time by function and by part of the stack (the interpreter, runTx,
 * transaction objects, RLP, keccak, ABI coding, our chain layer, …), largest first.
 *
 * @param profile - The profile.
 * @returns The summary.
 * @example
 * const summary = summarizeCpuProfile(JSON.parse(readFileSync('x.cpuprofile', 'utf8')))
 */
export function summarizeCpuProfile(profile: CpuProfile): CpuProfileSummary {
  const selfUs = new Map<number, number>()
  for (const [index, id] of profile.samples.entries())
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0))
  const byFunction = new Map<string, { name: string; where: string; part: string; selfMs: number }>()
  const byPart = new Map<string, number>()
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0
    if (us === 0) continue
    const { functionName, url, lineNumber } = node.callFrame
    const path = url.replace(/^file:\/\//, '')
    const part =
      functionName === '(garbage collector)'
        ? 'garbage collector'
        : functionName === '(program)' || functionName === '(idle)'
          ? 'V8 and idle'
          : (PARTS.find(([pattern]) => pattern.test(path))?.[1] ?? 'other')
    const where = `${shortPath(path)}:${lineNumber + 1}`
    const key = `${functionName}@${where}`
    const entry = byFunction.get(key) ?? { name: functionName || '(anonymous)', where, part, selfMs: 0 }
    entry.selfMs += us / 1000
    byFunction.set(key, entry)
    byPart.set(part, (byPart.get(part) ?? 0) + us / 1000)
  }
  return {
    totalMs: (profile.endTime - profile.startTime) / 1000,
    functions: [...byFunction.values()].sort((a, b) => b.selfMs - a.selfMs),
    parts: [...byPart].map(([part, selfMs]) => ({ part, selfMs })).sort((a, b) => b.selfMs - a.selfMs),
  }
}

function shortPath(path: string): string {
  const modules = path.lastIndexOf('node_modules/')
  if (modules >= 0) return path.slice(modules + 'node_modules/'.length)
  const src = path.search(/\/(src|bench|test)\//)
  return src >= 0 ? path.slice(src + 1) : path
}

/**
 * The summary as lines of text: the parts, then the `top` functions by self time.
 *
 * @example
 * console.log(formatCpuProfileSummary(summary, 15).join('\n'))
 */
export function formatCpuProfileSummary(summary: CpuProfileSummary, top: number): string[] {
  const percent = (ms: number) => `${((100 * ms) / summary.totalMs).toFixed(1).padStart(5)}%`
  return [
    `  self time by part (of ${(summary.totalMs / 1000).toFixed(2)} s profiled):`,
    ...summary.parts.map(
      ({ part, selfMs }) => `    ${percent(selfMs)}  ${(selfMs / 1000).toFixed(2).padStart(6)} s  ${part}`,
    ),
    `  top ${top} functions by self time:`,
    ...summary.functions
      .slice(0, top)
      .map(
        ({ name, where, selfMs }) =>
          `    ${percent(selfMs)}  ${(selfMs / 1000).toFixed(2).padStart(6)} s  ${name}  ${where}`,
      ),
  ]
}
