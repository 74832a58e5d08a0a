import { resolve } from 'node:path'
import { reportCity } from './cityCommand.js'
import { MERGE_HELP } from './help.js'
import { mergeShardFolders } from './mergeShards.js'
import { parse } from './parseOptions.js'
import { prepareOutDir } from './prepareOutDir.js'
import { UsageError } from './UsageError.js'
import type { CliIo } from './CliIo.js'
import { cwd } from './CliIo.js'
import { COMMON_OPTIONS, help, withoutCharts } from './cliArguments.js'
import { reportSweep } from './reportSweep.js'

/** `dem-sim merge`: the reports of a sharded sweep or city from its shards' folders. */
export async function mergeCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('merge', args, COMMON_OPTIONS)
  if (values.help) return help(io, MERGE_HELP)
  if (positionals.length === 0)
    throw new UsageError('merge needs the folders the shards wrote (their --out), e.g. results/', 'merge')
  values['no-charts'] = await withoutCharts(values, io)
  const merged = await mergeShardFolders(positionals, cwd(io))
  try {
    if (values.out !== undefined) await prepareOutDir(resolve(cwd(io), values.out), values.out, 'merge')
    if (merged.kind === 'city') await reportCity(merged.city, merged.economics, values, io)
    else await reportSweep(merged.sweep, values, io)
    if (values.out !== undefined && merged.parquet !== undefined) {
      const written = await merged.parquet.write(resolve(cwd(io), values.out))
      if (!values.quiet) io.stderr.write(`wrote ${written.length} Parquet files (the shards' union) to ${values.out}\n`)
    } else if (values.out !== undefined && !values.quiet) io.stderr.write(`${merged.parquetNote}\n`)
  } finally {
    merged.parquet?.close()
  }
  return 0
}
