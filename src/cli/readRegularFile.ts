import { constants } from 'node:fs'
import { open } from 'node:fs/promises'

/** Why a file could not be read: `missing`, `not-a-file` (a folder, FIFO, device), `too-large`, or the system's code. */
export type ReadFailure = { reason: 'missing' | 'not-a-file' | 'too-large' | string }

/**
 * A regular file's bytes, or why not. Opened without blocking and checked on the open handle,
 * so that a FIFO or a device given in its place is refused at once instead of waiting for a
 * writer that never comes.
 *
 * @param path the file
 * @param maxBytes the largest file accepted
 * @returns the bytes, or the reason they could not be read
 */
export async function readRegularFile(path: string, maxBytes: number): Promise<{ bytes: Buffer } | ReadFailure> {
  let handle: Awaited<ReturnType<typeof open>>
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error'
    return { reason: code === 'ENOENT' ? 'missing' : code }
  }
  try {
    const found = await handle.stat()
    if (!found.isFile()) return { reason: 'not-a-file' }
    if (found.size > maxBytes) return { reason: 'too-large' }
    return { bytes: await handle.readFile() }
  } catch (error) {
    return { reason: (error as NodeJS.ErrnoException).code ?? 'error' }
  } finally {
    await handle.close()
  }
}

/** The failure as words for a message. */
export function describeReadFailure(failure: ReadFailure, maxBytes: number): string {
  switch (failure.reason) {
    case 'missing':
      return 'is missing'
    case 'not-a-file':
      return 'is not a regular file'
    case 'too-large':
      return `is larger than ${Math.round(maxBytes / 2 ** 20)} MiB`
    default:
      return `cannot be read (${failure.reason})`
  }
}
