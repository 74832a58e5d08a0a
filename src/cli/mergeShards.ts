import { join } from 'node:path'
import { CITY_SHARD_FILE, cityShardFromJson } from '../reports/cityShardJson.js'
import {
  COMMUNITY_KEY_COLUMNS,
  PARQUET_TABLE_NAMES,
  type ParquetColumn,
  SWEEP_KEY_COLUMNS,
} from '../reports/parquet/parquetTables.js'
import { openParquetUnion, type ParquetSource, type ParquetUnion } from '../reports/parquet/parquetUnion.js'
import { missingDuckDbNote } from '../reports/parquet/parquetWriter.js'
import { SWEEP_SHARD_FILE, sweepShardFromJson } from '../reports/sweepShardJson.js'
import { toJson } from '../scenarios/toJson.js'
import { describeDifference } from '../scenarios/describeDifference.js'
import type { SweepResult } from '../scenarios/sweep.js'
import { type CityShard, mergeCityShards } from '../scenarios/city/mergeCityShards.js'
import type { CityResult } from '../scenarios/city/types.js'
import type { Economics } from '../scenarios/kpis/types.js'
import { mergeSweepShards, type ShardSpec, SweepMergeError, type SweepShard } from '../scenarios/sweepShards.js'
import { packageVersion } from './packageVersion.js'
import { checkShardSet, findShards, type ShardFolder, sha256 } from './shardFolders.js'

/** The merged shards: a sweep or a city, and the union of their Parquet files (undefined when they wrote none, or DuckDB is missing). */
export type MergedShards = (
  | { kind: 'sweep'; sweep: SweepResult }
  | { kind: 'city'; city: CityResult; economics: Economics }
) & { parquet: ParquetUnion | undefined; parquetNote: string | undefined }

/**
 * Reads and checks the shards in the folders given (each a shard folder or a results folder of
 * `shard-i-of-n` folders) and joins them: every shard of one sweep (or city) once, complete,
 * unchanged since it was written, and of this version; their Parquet files of the tables' schemas.
 *
 * @param given the folders, as typed
 * @param cwd where relative paths start
 * @throws SweepMergeError naming every problem; nothing is written
 */
export async function mergeShardFolders(given: readonly string[], cwd: string): Promise<MergedShards> {
  const found = await findShards(given, cwd)
  const payloads = new Map<ShardFolder, SweepShard | CityShard>()
  for (const folder of found.complete)
    payloads.set(folder, folder.manifest.kind === 'sweep' ? readSweepPayload(folder) : readCityPayload(folder))
  const scenarioOf = (folder: ShardFolder) => {
    const payload = payloads.get(folder)
    return payload === undefined ? undefined : 'scenario' in payload ? payload.scenario : payload.city
  }
  const shards = checkShardSet(found, packageVersion(), (shard, first) =>
    describeDifference(scenarioOf(shard), scenarioOf(first)),
  )
  if (shards[0]?.manifest.kind === 'city') {
    const cities = shards.map((folder) => payloads.get(folder) as CityShard)
    const city = mergeCityShards(cities)
    const { union, note } = await parquetOfShards(shards, COMMUNITY_KEY_COLUMNS)
    return { kind: 'city', city, economics: (cities[0] as CityShard).city.economics, parquet: union, parquetNote: note }
  }
  const sweep = mergeSweepShards(shards.map((folder) => payloads.get(folder) as SweepShard))
  const { union, note } = await parquetOfShards(shards, SWEEP_KEY_COLUMNS)
  return { kind: 'sweep', sweep, parquet: union, parquetNote: note }
}

/** A shard's `city-shard.json`, checked against its manifest. */
function readCityPayload(folder: ShardFolder): CityShard {
  const shown = join(folder.shown, CITY_SHARD_FILE)
  const payload = cityShardFromJson(payloadText(folder, CITY_SHARD_FILE, shown), shown)
  checkAgainstManifest(folder, shown, {
    shard: payload.shard,
    allPoints: payload.city.communities.map(({ name }) => name),
    points: payload.run.communities.map(({ name }) => name),
    scenarioHash: sha256(toJson(payload.city, 0)),
  })
  return payload
}

function payloadText(folder: ShardFolder, file: string, shown: string): string {
  const bytes = folder.files.get(file)
  if (bytes === undefined) throw new SweepMergeError(`${shown} is not listed in the shard's manifest.json`)
  return bytes.toString('utf8')
}

/** The shard's payload must say what its manifest says: the shard, the points, the scenario's hash. */
function checkAgainstManifest(
  folder: ShardFolder,
  shown: string,
  fromPayload: { shard: ShardSpec; allPoints: string[]; points: string[]; scenarioHash: string },
): void {
  const { manifest } = folder
  const fromManifest = {
    shard: { index: manifest.shard.index, count: manifest.shard.count },
    allPoints: manifest.allPoints,
    points: manifest.points,
    scenarioHash: manifest.scenarioHash,
  }
  if (JSON.stringify(fromPayload) !== JSON.stringify(fromManifest))
    throw new SweepMergeError(
      `${shown} disagrees with its manifest.json (${describeDifference(fromPayload, fromManifest)})`,
    )
}

/** A shard's `sweep-shard.json`, checked against its manifest. */
function readSweepPayload(folder: ShardFolder): SweepShard {
  const shown = join(folder.shown, SWEEP_SHARD_FILE)
  const payload = sweepShardFromJson(payloadText(folder, SWEEP_SHARD_FILE, shown), shown)
  checkAgainstManifest(folder, shown, {
    shard: payload.shard,
    allPoints: payload.allUsers.map(String),
    points: payload.sweep.points.map((point) => String(point.users)),
    scenarioHash: sha256(toJson(payload.scenario, 0)),
  })
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
  return { union, note: union === undefined ? missingDuckDbNote() : undefined }
}
