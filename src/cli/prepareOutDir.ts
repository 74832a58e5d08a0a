import { mkdir, open, stat, unlink } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { UsageError } from './UsageError.js'

/**
 * Makes sure `--out` names a folder the reports can be written to — creating it if missing and
 * writing (then removing) a probe file — so that a bad `--out` fails at once, not after the run.
 *
 * @param dir the absolute path given with `--out`
 * @param shown the path as the user typed it, for the message
 * @param command the command, for the message's pointer to its help
 * @throws UsageError when it is a file, cannot be created or cannot be written
 */
export async function prepareOutDir(dir: string, shown: string, command: string): Promise<void> {
  const refuse = (problem: string): never => {
    throw new UsageError(`--out ${shown} ${problem}`, command)
  }
  const existing = await stat(dir).catch((error: NodeJS.ErrnoException) =>
    error.code === 'ENOENT' ? undefined : refuse(`cannot be used (${error.code ?? 'error'})`),
  )
  if (existing !== undefined && !existing.isDirectory()) refuse('is not a folder: name a folder for the reports')
  if (existing === undefined)
    await makeFolders(dir).catch((error: NodeJS.ErrnoException) =>
      refuse(`cannot be created (${error.code ?? 'error'})`),
    )
  const probe = join(dir, `.dem-sim-write-check-${process.pid}`)
  const handle = await open(probe, 'wx').catch((error: NodeJS.ErrnoException) =>
    refuse(`is not writable (${error.code ?? 'error'})`),
  )
  await handle.close()
  await unlink(probe)
}

/**
 * `mkdir -p` one level at a time: Node's `mkdir(..., { recursive: true })` never returns for a
 * path under `/proc`, where creating an entry fails with ENOENT below a directory that exists.
 */
async function makeFolders(dir: string): Promise<void> {
  const missing: string[] = []
  for (let at = dir; ; at = dirname(at)) {
    const found = await stat(at).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined
      throw error
    })
    if (found !== undefined) break
    missing.unshift(at)
    if (dirname(at) === at) break
  }
  for (const folder of missing) await mkdir(folder)
}
