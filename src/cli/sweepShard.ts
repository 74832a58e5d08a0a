import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { sweepParquetTables } from '../reports/parquet/parquetTables.js'
import { missingDuckDbNote } from '../reports/parquet/parquetWriter.js'
import { writeParquetFiles } from '../reports/parquet/writeParquetFiles.js'
import { SWEEP_SHARD_FILE, sweepShardToJson } from '../reports/sweepShardJson.js'
import { toJson } from '../scenarios/toJson.js'
import { sweep, type SweepResult } from '../scenarios/sweep.js'
import { shardUsers, sweepCounts, type SweepShard } from '../scenarios/sweepShards.js'
import type { Scenario } from '../scenarios/types.js'
import { createProgressBar, type ProgressBar, type ProgressStream } from './createProgressBar.js'
import { packageVersion } from './packageVersion.js'
import { checkResultsFolder, type ShardIdentity, sha256, shardFolderName, startShard } from './shardFolders.js'
import type { ShardOption } from './shardOption.js'

export type SweepShardParameters = {
  command: string
  scenario: Scenario
  /** Every user count of the whole sweep. */
  users: readonly number[]
  workers: number | undefined
  option: ShardOption
  /** The results folder as given, and resolved. */
  out: string
  outDir: string
  quiet: boolean | undefined
  json: boolean | undefined
  io: { stdout: { write(text: string): unknown }; stderr: ProgressStream }
  bar: { current?: ProgressBar }
}

/** The identity shared by every shard of a sweep. */
export function sweepIdentity(scenario: Scenario, users: readonly number[], option: ShardOption): ShardIdentity {
  return {
    kind: 'sweep',
    version: packageVersion(),
    shard: option.shard,
    scenarioHash: sha256(toJson(scenario, 0)),
    seed: scenario.seed,
    allPoints: sweepCounts(users).map(String),
  }
}

/**
 * Runs one shard of a sweep into `<out>/shard-i-of-n/`: nothing when that shard is already
 * complete there, else its runs in a partial folder that is renamed into place once
 * `sweep-shard.json`, the Parquet tables and `manifest.json` are written.
 */
export async function runSweepShard(p: SweepShardParameters): Promise<void> {
  const { shard, source } = p.option
  const label = `shard ${shard.index}/${shard.count}`
  const identity = sweepIdentity(p.scenario, p.users, p.option)
  const folder = join(p.out, shardFolderName(shard))
  const done = await checkResultsFolder(p.outDir, p.out, identity)
  if (done !== undefined) {
    p.io.stdout.write(
      `${label} is already complete in ${folder} (finished ${done.timing.finishedAt} on ${done.host}): nothing to do\n`,
    )
    return
  }
  if (!p.quiet && !source.startsWith('--shard')) p.io.stderr.write(`${label} from ${source}\n`)
  const counts = shardUsers(p.users, shard)
  const started = await startShard(p.outDir, p.out, shard)
  try {
    const progress = p.quiet
      ? undefined
      : (p.bar.current = createProgressBar(p.io.stderr, { label: `${p.command} ${p.scenario.name} ${label}` }))
    const result: SweepResult =
      counts.length === 0
        ? { name: p.scenario.name, users: [], points: [], workers: 0, wallMs: 0 }
        : await sweep(p.scenario, {
            users: counts,
            workers: p.workers,
            onProgress: (q) => progress?.update(q.completed, q.total, `runs ${q.runsDone}/${q.runs}`),
          })
    progress?.done()
    const part: SweepShard = { shard, allUsers: sweepCounts(p.users), scenario: p.scenario, sweep: result }
    await writeFile(join(started.dir, SWEEP_SHARD_FILE), sweepShardToJson(part))
    const parquet = await writeParquetFiles(sweepParquetTables(result), started.dir)
    if (parquet === undefined && !p.quiet) p.io.stderr.write(`${missingDuckDbNote()}\n`)
    await started.finish(identity, counts.map(String), source)
    const runs = `${counts.length} run${counts.length === 1 ? '' : 's'} (users ${counts.join(', ') || 'none'})`
    if (!p.quiet) p.io.stderr.write(`wrote ${label}, ${runs}, to ${folder}\n`)
    p.io.stdout.write(p.json ? toJson(result) : `${label}: ${runs}; join the shards with dem-sim merge\n`)
  } catch (error) {
    await started.abandon()
    throw error
  }
}
