import { createHash } from 'node:crypto'
import { chmod, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { basename, join } from 'node:path'
import { findShapeProblem, type Shape } from '../reports/fieldKinds.js'
import { describeDifference } from '../scenarios/describeDifference.js'
import { ShardError } from '../scenarios/ShardError.js'
import { SweepMergeError, type ShardSpec } from '../scenarios/sweepShards.js'
import { describeReadFailure, readRegularFile } from './readRegularFile.js'

/**
 * Shard folders on disk. A shard runs in `<out>/.shard-i-of-n.partial-<host>-<pid>-<random>/` and
 * is renamed to `<out>/shard-i-of-n/` once its files and `manifest.json` are written, so a shard
 * killed half-way leaves only a partial folder, never a half-written complete one; a rerun of a
 * complete shard finds it and does nothing. The manifest lists every file with its SHA-256, so
 * that `dem-sim merge` refuses a shard changed or cut short after it was written.
 */

export const MANIFEST_FILE = 'manifest.json'
const MANIFEST_FORMAT = 'dem-sim/shard-manifest@1'
const MAX_MANIFEST_BYTES = 16 * 2 ** 20
/** Node holds a string of at most about 512 MiB: a larger shard file could not be parsed anyway. */
export const MAX_SHARD_FILE_BYTES = 512 * 2 ** 20
const COMPLETE = /^shard-(\d{1,9})-of-(\d{1,9})$/
const PARTIAL = /^\.shard-(\d{1,9})-of-(\d{1,9})\.partial-/
const FILE_NAME = /^[\w][\w.-]{0,199}$/

/** What a shard folder holds the results of. */
export type ShardKind = 'sweep' | 'city'

/** What makes shards parts of one job: a rerun with the same identity does nothing, merged shards must agree on it. */
export type ShardIdentity = {
  kind: ShardKind
  /** The dem-sim version that wrote it. */
  version: string
  shard: ShardSpec
  /** SHA-256 of the scenario's (or city's) JSON form. */
  scenarioHash: string
  seed: number
  /** Every point of the whole job (user counts, community names), in order. */
  allPoints: string[]
}

/** `manifest.json`: the shard's identity, the points it ran, how it was found, its files and timings. */
export type ShardManifest = ShardIdentity & {
  format: string
  /** The points this shard ran. */
  points: string[]
  /** Where the shard's index came from: `--shard i/n`, or an engine's variables. */
  source: string
  host: string
  files: { name: string; sha256: string; bytes: number }[]
  timing: { startedAt: string; finishedAt: string; wallMs: number }
}

const MANIFEST_SHAPE: Shape<ShardManifest> = {
  format: 'text',
  kind: 'text',
  version: 'text',
  shard: { index: 'count', count: 'count' },
  scenarioHash: 'text',
  seed: 'count',
  allPoints: ['text'],
  points: ['text'],
  source: 'text',
  host: 'text',
  files: [{ name: 'text', sha256: 'text', bytes: 'count' }],
  timing: { startedAt: 'text', finishedAt: 'text', wallMs: 'real' },
}

/** The complete folder of a shard: `shard-2-of-3`. */
export function shardFolderName(shard: ShardSpec): string {
  return `shard-${shard.index}-of-${shard.count}`
}

/** SHA-256 in hex. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

/**
 * Looks at a results folder before a shard runs. Returns the shard's manifest when it is already
 * complete there with the same identity (the rerun has nothing to do).
 *
 * @throws ShardError when the folder holds shards of another split or another job
 */
export async function checkResultsFolder(
  root: string,
  shown: string,
  identity: ShardIdentity,
): Promise<ShardManifest | undefined> {
  let done: ShardManifest | undefined
  for (const name of (await readdir(root).catch(() => [] as string[])).sort()) {
    const match = COMPLETE.exec(name) ?? PARTIAL.exec(name)
    if (match === null) continue
    const count = Number(match[2])
    if (count !== identity.shard.count)
      throw new ShardError(
        `${join(shown, name)} is a shard of a split in ${count}, this is shard ${identity.shard.index}/${identity.shard.count}: keep the split (rerun the whole array; finished shards do nothing) or give another --out`,
      )
    if (!COMPLETE.test(name)) continue
    const manifest = await readManifest(join(root, name), join(shown, name), ShardError)
    const theirs = identityOf(manifest)
    const ours = { ...identity, shard: manifest.shard }
    if (JSON.stringify(theirs) !== JSON.stringify(ours)) {
      const difference =
        theirs.scenarioHash === ours.scenarioHash ? describeDifference(theirs, ours) : 'another scenario'
      throw new ShardError(
        `${join(shown, name)} holds a shard of another ${manifest.kind} (${difference}): give another --out, or remove it`,
      )
    }
    if (manifest.shard.index === identity.shard.index) done = manifest
  }
  return done
}

/** A shard being written: its partial folder, then {@link ShardInProgress.finish} renames it into place. */
export type ShardInProgress = {
  dir: string
  /** Writes the manifest over the files in `dir` and renames it to `shard-i-of-n`; removes stale partial copies. */
  finish(identity: ShardIdentity, points: readonly string[], source: string): Promise<ShardManifest>
  /** Removes the partial folder (the run failed). */
  abandon(): Promise<void>
}

/** Creates the partial folder a shard writes into. */
export async function startShard(root: string, shown: string, shard: ShardSpec): Promise<ShardInProgress> {
  const name = shardFolderName(shard)
  const dir = await mkdtemp(join(root, `.${name}.partial-${hostname()}-${process.pid}-`))
  const startedAt = new Date()
  const started = performance.now()
  return {
    dir,
    async finish(identity, points, source) {
      const files = []
      for (const file of (await readdir(dir)).sort()) {
        const read = await readRegularFile(join(dir, file), MAX_SHARD_FILE_BYTES)
        if ('reason' in read)
          throw new ShardError(`${file} in ${dir} ${describeReadFailure(read, MAX_SHARD_FILE_BYTES)}`)
        files.push({ name: file, sha256: sha256(read.bytes), bytes: read.bytes.length })
      }
      const manifest: ShardManifest = {
        format: MANIFEST_FORMAT,
        ...identity,
        points: [...points],
        source,
        host: hostname(),
        files,
        timing: {
          startedAt: startedAt.toISOString(),
          finishedAt: new Date().toISOString(),
          wallMs: Math.round(performance.now() - started),
        },
      }
      await writeFile(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`)
      // mkdtemp makes the folder private; a complete shard is read like any other results folder.
      await chmod(dir, 0o755)
      try {
        await rename(dir, join(root, name))
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error
        throw new ShardError(
          `${join(shown, name)} was completed by another run meanwhile; this run's copy stays in ${join(shown, basename(dir))}`,
        )
      }
      // Partial copies of this shard left by killed runs are stale now that it is complete.
      for (const entry of await readdir(root)) {
        if (entry.startsWith(`.${name}.partial-`)) await rm(join(root, entry), { recursive: true, force: true })
      }
      return manifest
    },
    abandon: () => rm(dir, { recursive: true, force: true }),
  }
}

/** A complete shard folder read back for a merge: its manifest and its files, each checked against its hash. */
export type ShardFolder = { shown: string; manifest: ShardManifest; files: Map<string, Buffer>; dir: string }

/** What the folders given to `dem-sim merge` hold. */
export type FoundShards = {
  complete: ShardFolder[]
  /** Partial folders: shards killed half-way or still running. */
  incomplete: { shown: string; shard: ShardSpec }[]
}

/**
 * Reads the shards in the folders given: each a shard folder (with `manifest.json`) or a results
 * folder holding `shard-i-of-n` folders. Every file a manifest lists is read and checked.
 *
 * @throws SweepMergeError naming the folder or file that is not what it should be
 */
export async function findShards(given: readonly string[], cwd: string): Promise<FoundShards> {
  const found: FoundShards = { complete: [], incomplete: [] }
  for (const shown of given) {
    const path = join(cwd, shown)
    const isFolder = await stat(path).then(
      (entry) => entry.isDirectory(),
      (error: NodeJS.ErrnoException) => {
        throw new SweepMergeError(`cannot read ${shown} (${error.code ?? 'error'})`)
      },
    )
    if (!isFolder)
      throw new SweepMergeError(`${shown} is not a folder: give the folders the shards wrote (their --out)`)
    const own = PARTIAL.exec(basename(path))
    if (own !== null) {
      found.incomplete.push({ shown, shard: { index: Number(own[1]), count: Number(own[2]) } })
      continue
    }
    const hasManifest = await stat(join(path, MANIFEST_FILE)).then(
      () => true,
      () => false,
    )
    if (hasManifest) {
      found.complete.push(await readShardFolder(path, shown))
      continue
    }
    const names = (await readdir(path)).sort(byShard)
    let shards = 0
    for (const name of names) {
      const partial = PARTIAL.exec(name)
      if (partial !== null) {
        found.incomplete.push({
          shown: join(shown, name),
          shard: { index: Number(partial[1]), count: Number(partial[2]) },
        })
        shards++
      } else if (COMPLETE.test(name)) {
        found.complete.push(await readShardFolder(join(path, name), join(shown, name)))
        shards++
      }
    }
    if (shards === 0) throw new SweepMergeError(`${shown} holds no shard (no ${MANIFEST_FILE}, no shard-i-of-n folder)`)
  }
  return found
}

/** Shard folders by their numbers, so that messages list shard 2 before shard 10. */
function byShard(a: string, b: string): number {
  const key = (name: string) => {
    const match = COMPLETE.exec(name) ?? PARTIAL.exec(name)
    return match === null ? [0, 0] : [Number(match[2]), Number(match[1])]
  }
  const [ka, kb] = [key(a), key(b)]
  return (ka[0] as number) - (kb[0] as number) || (ka[1] as number) - (kb[1] as number) || a.localeCompare(b)
}

async function readShardFolder(dir: string, shown: string): Promise<ShardFolder> {
  const manifest = await readManifest(dir, shown, SweepMergeError)
  const files = new Map<string, Buffer>()
  for (const file of manifest.files) {
    if (!FILE_NAME.test(file.name) || file.name === MANIFEST_FILE)
      throw new SweepMergeError(`${join(shown, MANIFEST_FILE)} is damaged: it lists a file named ${file.name}`)
    const read = await readRegularFile(join(dir, file.name), MAX_SHARD_FILE_BYTES)
    if ('reason' in read)
      throw new SweepMergeError(`${join(shown, file.name)} ${describeReadFailure(read, MAX_SHARD_FILE_BYTES)}`)
    if (sha256(read.bytes) !== file.sha256)
      throw new SweepMergeError(
        `${join(shown, file.name)} changed after the shard was written (its SHA-256 differs from ${MANIFEST_FILE}'s)`,
      )
    files.set(file.name, read.bytes)
  }
  return { shown, manifest, files, dir }
}

async function readManifest(
  dir: string,
  shown: string,
  Failure: typeof SweepMergeError | typeof ShardError,
): Promise<ShardManifest> {
  const file = join(shown, MANIFEST_FILE)
  const read = await readRegularFile(join(dir, MANIFEST_FILE), MAX_MANIFEST_BYTES)
  if ('reason' in read) throw new Failure(`${file} ${describeReadFailure(read, MAX_MANIFEST_BYTES)}`)
  let parsed: unknown
  try {
    parsed = JSON.parse(read.bytes.toString('utf8'))
  } catch {
    throw new Failure(`${file} is not JSON`)
  }
  const problem = findShapeProblem(parsed, MANIFEST_SHAPE, 'manifest')
  if (problem !== undefined)
    throw new Failure(`${file} is damaged: ${problem.path.replace(/^manifest\./, '')} ${problem.problem}`)
  const manifest = parsed as ShardManifest
  if (manifest.format !== MANIFEST_FORMAT || (manifest.kind !== 'sweep' && manifest.kind !== 'city'))
    throw new Failure(`${file} is not a dem-sim shard manifest (${MANIFEST_FORMAT})`)
  return manifest
}

/** The part of a manifest that shards of one job share, shard included. */
export function identityOf(manifest: ShardManifest): ShardIdentity {
  const { kind, version, shard, scenarioHash, seed, allPoints } = manifest
  return { kind, version, shard: { index: shard.index, count: shard.count }, scenarioHash, seed, allPoints }
}

/**
 * Checks that the shards found make one whole job: one kind, this version, one split, one
 * scenario, each shard once, none missing or incomplete. Every problem is named, in one line.
 *
 * @param found the shards read by {@link findShards}
 * @param version this dem-sim's version
 * @param describeScenario what differs between two shards' scenarios, for the message
 * @returns the complete shards, by index
 * @throws SweepMergeError listing every problem
 */
export function checkShardSet(
  found: FoundShards,
  version: string,
  describeScenario: (shard: ShardFolder, first: ShardFolder) => string,
): ShardFolder[] {
  const first = found.complete[0]
  if (first === undefined) {
    const partial = found.incomplete.map(({ shown }) => shown).join(', ')
    throw new SweepMergeError(`no complete shard to merge (only ${partial}: killed or still running; rerun them)`)
  }
  const { count } = first.manifest.shard
  const problems: string[] = []
  const byIndex = new Map<number, ShardFolder>()
  const given = new Set<number>()
  for (const folder of found.complete) {
    const { manifest, shown } = folder
    if (manifest.shard.count === count) given.add(manifest.shard.index)
    const label = `${shown} (shard ${manifest.shard.index}/${manifest.shard.count})`
    if (manifest.version !== version)
      problems.push(`${label} was written by dem-sim ${manifest.version}, this is ${version}`)
    else if (manifest.kind !== first.manifest.kind)
      problems.push(`${label} is a ${manifest.kind}'s shard, ${first.shown} a ${first.manifest.kind}'s`)
    else if (manifest.shard.count !== count)
      problems.push(`${label} is of a split in ${manifest.shard.count}, ${first.shown} of a split in ${count}`)
    else if (manifest.scenarioHash !== first.manifest.scenarioHash)
      problems.push(`${label} ran another ${manifest.kind} than ${first.shown}: ${describeScenario(folder, first)}`)
    else if (JSON.stringify(manifest.allPoints) !== JSON.stringify(first.manifest.allPoints))
      problems.push(
        `${label} is part of a ${manifest.kind} of ${manifest.allPoints.join(',')}, ${first.shown} of ${first.manifest.allPoints.join(',')}`,
      )
    else if (manifest.seed !== first.manifest.seed)
      problems.push(`${label} ran seed ${manifest.seed}, ${first.shown} seed ${first.manifest.seed}`)
    else if (byIndex.has(manifest.shard.index))
      problems.push(
        `shard ${manifest.shard.index}/${count} is given twice (${byIndex.get(manifest.shard.index)?.shown} and ${shown})`,
      )
    else byIndex.set(manifest.shard.index, folder)
  }
  for (let index = 1; index <= count; index++) {
    if (given.has(index)) continue
    const partial = found.incomplete.find((p) => p.shard.index === index && p.shard.count === count)
    problems.push(
      partial === undefined
        ? `shard ${index}/${count} is missing`
        : `shard ${index}/${count} is incomplete (${partial.shown}: killed or still running; rerun it)`,
    )
  }
  if (problems.length > 0) throw new SweepMergeError(`cannot merge: ${problems.join('; ')}`)
  return [...byIndex.values()].sort((a, b) => a.manifest.shard.index - b.manifest.shard.index)
}
