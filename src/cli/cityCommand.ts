import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { cityKpisTable, cityMarkdown, communitiesTable } from '../reports/cityTables.js'
import { CITY_SHARD_FILE, cityShardToJson } from '../reports/cityShardJson.js'
import { communityRunKey, runParquetTables } from '../reports/parquet/parquetTables.js'
import { createParquetWriter, missingDuckDbNote, type ParquetWriter } from '../reports/parquet/parquetWriter.js'
import { tableToCsv, tableToText } from '../reports/ReportTable.js'
import { toJson } from '../scenarios/toJson.js'
import { loadCity } from '../scenarios/city/parseCity.js'
import { runCity } from '../scenarios/city/runCity.js'
import type { City, CityResult } from '../scenarios/city/types.js'
import type { Economics } from '../scenarios/kpis/types.js'
import { shardPoints } from '../scenarios/sweepShards.js'
import { createProgressBar, type ProgressBar } from './createProgressBar.js'
import { CITY_HELP } from './help.js'
import type { CliIo } from './CliIo.js'
import { packageVersion } from './packageVersion.js'
import { parse, positiveInteger } from './parseOptions.js'
import { prepareOutDir } from './prepareOutDir.js'
import { checkResultsFolder, type ShardIdentity, sha256, shardFolderName, startShard } from './shardFolders.js'
import { type ShardOption, shardOption } from './shardOption.js'
import { UsageError } from './UsageError.js'

const CITY_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  out: { type: 'string' },
  workers: { type: 'string' },
  shard: { type: 'string' },
  'allow-outside': { type: 'boolean' },
} as const

type Flags = { out?: string | undefined; json?: boolean | undefined; quiet?: boolean | undefined }

/**
 * `dem-sim city <city.json>`: every community of the city on worker threads, the city's and each
 * community's KPIs; with `--shard`, one shard of the communities into `<out>/shard-i-of-n/`.
 */
export async function cityCommand(args: readonly string[], io: CliIo, bar: { current?: ProgressBar }): Promise<number> {
  const { values, positionals } = parse('city', args, CITY_OPTIONS)
  if (values.help) {
    io.stdout.write(CITY_HELP)
    return 0
  }
  if (positionals.length !== 1)
    throw new UsageError(`city takes one city file (a scenario with communities), got ${positionals.length}`, 'city')
  const cwd = io.cwd ?? process.cwd()
  const city = await loadCity(resolve(cwd, positionals[0] as string), { allowOutside: values['allow-outside'] })
  const workers = values.workers === undefined ? undefined : positiveInteger('city', '--workers', values.workers)
  const option = values.shard === undefined ? undefined : shardOption('city', values.shard, io.env ?? process.env)
  if (option !== undefined && values.out === undefined)
    throw new UsageError('--shard needs --out: the folder the shards write into and dem-sim merge reads', 'city')
  const outDir = values.out === undefined ? undefined : resolve(cwd, values.out)
  if (outDir !== undefined) await prepareOutDir(outDir, values.out as string, 'city')
  if (option !== undefined) {
    await runCityShard(city, option, workers, values.out as string, outDir as string, values, io, bar)
    return 0
  }
  const parquet = outDir === undefined ? undefined : await createParquetWriter()
  try {
    const run = await runWithProgress(city, undefined, workers, parquet, values, io, bar, 'city')
    await reportCity(run, city.economics, values, io)
    if (outDir !== undefined && !values.quiet && parquet === undefined) io.stderr.write(`${missingDuckDbNote()}\n`)
    if (outDir !== undefined && parquet !== undefined) {
      const written = await parquet.write(outDir)
      if (!values.quiet) io.stderr.write(`wrote ${written.length} Parquet files to ${values.out}\n`)
    }
  } finally {
    parquet?.close()
  }
  return 0
}

function runWithProgress(
  city: City,
  only: number[] | undefined,
  workers: number | undefined,
  parquet: ParquetWriter | undefined,
  values: Flags,
  io: CliIo,
  bar: { current?: ProgressBar },
  label: string,
) {
  const progress = values.quiet
    ? undefined
    : (bar.current = createProgressBar(io.stderr, { label: `${label} ${city.name}` }))
  return runCity(city, {
    workers,
    only,
    onCommunity:
      parquet === undefined
        ? undefined
        : (community, result) => parquet.add(runParquetTables(result, communityRunKey(community))),
    onProgress: (p) => progress?.update(p.completed, p.total, `communities ${p.communitiesDone}/${p.communities}`),
  }).finally(() => progress?.done())
}

/** The identity shared by every shard of a city. */
function cityIdentity(city: City, option: ShardOption): ShardIdentity {
  return {
    kind: 'city',
    version: packageVersion(),
    shard: option.shard,
    scenarioHash: sha256(toJson(city, 0)),
    seed: city.seed,
    allPoints: city.communities.map(({ name }) => name),
  }
}

async function runCityShard(
  city: City,
  option: ShardOption,
  workers: number | undefined,
  out: string,
  outDir: string,
  values: Flags,
  io: CliIo,
  bar: { current?: ProgressBar },
): Promise<void> {
  const { shard, source } = option
  const label = `shard ${shard.index}/${shard.count}`
  const identity = cityIdentity(city, option)
  const done = await checkResultsFolder(outDir, out, identity)
  if (done !== undefined) {
    io.stdout.write(
      `${label} is already complete in ${join(out, shardFolderName(shard))} (finished ${done.timing.finishedAt} on ${done.host}): nothing to do\n`,
    )
    return
  }
  if (!values.quiet && !source.startsWith('--shard')) io.stderr.write(`${label} from ${source}\n`)
  const only = shardPoints(
    city.communities.map(({ index }) => index),
    shard,
  )
  const started = await startShard(outDir, out, shard)
  const parquet = await createParquetWriter()
  try {
    const run = await runWithProgress(city, only, workers, parquet, values, io, bar, `city ${label}`)
    const { communities, communityWallMs, workers: used, wallMs } = run
    await writeFile(
      join(started.dir, CITY_SHARD_FILE),
      cityShardToJson({ shard, city, run: { communities, communityWallMs, workers: used, wallMs } }),
    )
    if (parquet === undefined && !values.quiet) io.stderr.write(`${missingDuckDbNote()}\n`)
    await parquet?.write(started.dir)
    const names = communities.map(({ name }) => name)
    await started.finish(identity, names, source)
    const ran = `${names.length} communit${names.length === 1 ? 'y' : 'ies'}`
    if (!values.quiet) io.stderr.write(`wrote ${label}, ${ran}, to ${join(out, shardFolderName(shard))}\n`)
    io.stdout.write(`${label}: ${ran}; join the shards with dem-sim merge\n`)
  } catch (error) {
    await started.abandon()
    throw error
  } finally {
    parquet?.close()
  }
}

/**
 * Prints a city's KPIs and communities (or its JSON) and, with `--out`, writes `city.json`,
 * `report.md`, `kpis-city.csv`, `communities.csv` and `timing.csv` (wall time, which alone
 * differs from run to run and between a merge and one machine's run).
 */
export async function reportCity(run: CityResult, economics: Economics, values: Flags, io: CliIo): Promise<void> {
  const figures = { name: run.name, communities: run.communities, kpis: run.kpis }
  if (values.out !== undefined) {
    const outDir = resolve(io.cwd ?? process.cwd(), values.out)
    const files: [string, string][] = [
      ['city.json', toJson(figures)],
      ['report.md', cityMarkdown(figures, economics)],
      ['kpis-city.csv', tableToCsv(cityKpisTable(figures, economics))],
      ['communities.csv', tableToCsv(communitiesTable(figures, economics))],
      [
        'timing.csv',
        tableToCsv({
          name: 'timing',
          title: 'Wall time',
          columns: [{ header: 'community' }, { header: 'wall s' }],
          rows: run.communities.map((c, i) => [c.name, Number(((run.communityWallMs[i] ?? 0) / 1000).toFixed(2))]),
        }),
      ],
    ]
    for (const [file, content] of files) await writeFile(join(outDir, file), content)
    if (!values.quiet) io.stderr.write(`wrote ${files.length} files to ${values.out}\n`)
  }
  io.stdout.write(
    values.json
      ? toJson(figures)
      : `${tableToText(cityKpisTable(figures, economics, { columns: 'summary' }))}\n${tableToText(communitiesTable(figures, economics, { columns: 'summary' }))}`,
  )
}
