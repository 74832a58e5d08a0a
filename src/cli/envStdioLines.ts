/** The longest request line the env reads whole (bytes); a longer one is answered with a protocol error. */
export const MAX_REQUEST_BYTES = 16 * 1024 * 1024

/**
 * The lines of a byte stream (UTF-8, `\n` or `\r\n`), holding at most `maxBytes` + 1 bytes of
 * any one line: a longer line is cut there (the rest is read and dropped), so the reader can
 * refuse it by its length without ever holding it whole.
 *
 * @param input the stream, e.g. `process.stdin`
 * @param maxBytes the longest line kept whole
 * @returns the lines, without their line ends
 * @example
 * for await (const line of envStdioLines(process.stdin)) console.log(line.length)
 */
export async function* envStdioLines(
  input: AsyncIterable<Uint8Array | string>,
  maxBytes = MAX_REQUEST_BYTES,
): AsyncGenerator<string> {
  const decoder = new TextDecoder()
  let parts: Uint8Array[] = []
  let kept = 0
  const take = (bytes: Uint8Array) => {
    const room = maxBytes + 1 - kept
    if (room <= 0) return
    const part = bytes.length > room ? bytes.subarray(0, room) : bytes
    parts.push(part)
    kept += part.length
  }
  const flush = (): string => {
    const line = decoder.decode(Buffer.concat(parts))
    parts = []
    kept = 0
    return line.endsWith('\r') ? line.slice(0, -1) : line
  }
  for await (const chunk of input) {
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    for (let end = bytes.indexOf(10); end >= 0; end = bytes.indexOf(10)) {
      take(bytes.subarray(0, end))
      yield flush()
      bytes = bytes.subarray(end + 1)
    }
    take(bytes)
  }
  if (kept > 0) yield flush()
}
