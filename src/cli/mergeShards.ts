import { join } from 'node:path'
import { PARQUET_TABLE_NAMES, type ParquetColumn, SWEEP_KEY_COLUMNS } from '../reports/parquet/parquetTables.js'
import { openParquetUnion, type ParquetSource, type ParquetUnion } from '../reports/parquet/parquetUnion.js'
import { SWEEP_SHARD_FILE, sweepShardFromJson } from '../reports/sweepShardJson.js'
import { toJson } from '../reports/toJson.js'
import { describeDifference } from '../scenarios/describeDifference.js'
import type { SweepResult } from '../scenarios/sweep.js'
import { mergeSweepShards, SweepMergeError, type SweepShard } from '../scenarios/sweepShards.js'
import { packageVersion } from './packageVersion.js'
import { checkShardSet, findShards, type ShardFolder, sha256 } from './shardFolders.js'

/** A merged sweep, and the union of its shards' Parquet files (undefined when they wrote none, or DuckDB is missing). */
export type MergedSweep = { sweep: SweepResult; parquet: ParquetUnion | undefined; parquetNote: string | undefined }

/**
 * Reads and checks the shards in the folders given (each a shard folder or a results folder of
 * `shard-i-of-n` folders) and joins them: every shard of one sweep once, complete, unchanged since
 * it was written, and of this version; their Parquet files of the tables' schemas.
 *
 * @param given the folders, as typed
 * @param cwd where relative paths start
 * @throws SweepMergeError naming every problem; nothing is written
 */
export async function mergeShardFolders(given: readonly string[], cwd: string): Promise<MergedSweep> {
  const found = await findShards(given, cwd)
  const payloads = new Map<ShardFolder, SweepShard>()
  for (const folder of found.complete) {
    if (folder.manifest.kind !== 'sweep') continue
    payloads.set(folder, readSweepPayload(folder))
  }
  const shards = checkShardSet(found, packageVersion(), (shard, first) =>
    describeDifference(payloads.get(shard)?.scenario, payloads.get(first)?.scenario),
  )
  if (shards[0]?.manifest.kind !== 'sweep')
    throw new SweepMergeError(
      `${shards[0]?.shown} is a ${shards[0]?.manifest.kind}'s shard: merge it with dem-sim city`,
    )
  const sweep = mergeSweepShards(shards.map((folder) => payloads.get(folder) as SweepShard))
  const { union, note } = await parquetOfShards(shards, SWEEP_KEY_COLUMNS)
  return { sweep, parquet: union, parquetNote: note }
}

/** A shard's `sweep-shard.json`, checked against its manifest. */
function readSweepPayload(folder: ShardFolder): SweepShard {
  const shown = join(folder.shown, SWEEP_SHARD_FILE)
  const bytes = folder.files.get(SWEEP_SHARD_FILE)
  if (bytes === undefined) throw new SweepMergeError(`${shown} is not listed in the shard's manifest.json`)
  const payload = sweepShardFromJson(bytes.toString('utf8'), shown)
  const { manifest } = folder
  const fromPayload = {
    shard: payload.shard,
    allPoints: payload.allUsers.map(String),
    points: payload.sweep.points.map((point) => String(point.users)),
    scenarioHash: sha256(toJson(payload.scenario, 0)),
  }
  const fromManifest = {
    shard: manifest.shard,
    allPoints: manifest.allPoints,
    points: manifest.points,
    scenarioHash: manifest.scenarioHash,
  }
  if (JSON.stringify(fromPayload) !== JSON.stringify(fromManifest))
    throw new SweepMergeError(
      `${shown} disagrees with its manifest.json (${describeDifference(fromPayload, fromManifest)})`,
    )
  return payload
}

/**
 * The union of the shards' Parquet files: all shards wrote every table, or none did (written
 * without DuckDB); a mix is refused.
 */
export async function parquetOfShards(
  shards: readonly ShardFolder[],
  key: readonly ParquetColumn[],
): Promise<{ union: ParquetUnion | undefined; note: string | undefined }> {
  const tablesOf = (folder: ShardFolder) =>
    [...folder.files.keys()].filter((name) => name.endsWith('.parquet')).map((name) => name.slice(0, -8))
  const expected = [...PARQUET_TABLE_NAMES].sort().join(', ')
  const withParquet = shards.filter((folder) => tablesOf(folder).length > 0)
  if (withParquet.length === 0) return { union: undefined, note: 'the shards hold no Parquet files' }
  const sources = new Map<string, ParquetSource[]>(PARQUET_TABLE_NAMES.map((table) => [table, []]))
  for (const folder of shards) {
    const tables = tablesOf(folder).sort().join(', ')
    if (tables !== expected)
      throw new SweepMergeError(
        `${folder.shown} holds the Parquet tables ${tables || 'none'}, not ${expected} (written without @duckdb/node-api, or by another version)`,
      )
    for (const table of PARQUET_TABLE_NAMES)
      sources
        .get(table)
        ?.push({ path: join(folder.dir, `${table}.parquet`), shown: join(folder.shown, `${table}.parquet`) })
  }
  const union = await openParquetUnion(sources, key)
  return { union, note: union === undefined ? 'no Parquet union: npm install @duckdb/node-api' : undefined }
}
