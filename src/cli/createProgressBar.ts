/** Where the bar draws: a stream with `write`, and whether it is a terminal. */
export type ProgressStream = { write(text: string): unknown; isTTY?: boolean | undefined; columns?: number | undefined }

export type ProgressBar = {
  /** Redraws (at most every `intervalMs`) with `completed` of `total` steps and a note. */
  update(completed: number, total: number, note?: string): void
  /** Erases the bar. */
  done(): void
}

/**
 * A one-line progress bar for long runs, drawn on a terminal only (stderr, so stdout stays
 * clean for tables and `--json`): percentage, steps, elapsed and estimated remaining time.
 * On a non-terminal stream it draws nothing.
 */
export function createProgressBar(
  stream: ProgressStream,
  options: { label: string; intervalMs?: number },
): ProgressBar {
  const enabled = stream.isTTY === true
  const intervalMs = options.intervalMs ?? 100
  const started = Date.now()
  let lastDraw = 0
  let drawn = false
  return {
    update(completed: number, total: number, note?: string) {
      if (!enabled) return
      const now = Date.now()
      if (now - lastDraw < intervalMs && completed < total) return
      lastDraw = now
      const fraction = total === 0 ? 1 : Math.min(1, completed / total)
      const elapsed = (now - started) / 1000
      const remaining = fraction > 0.01 ? (elapsed / fraction) * (1 - fraction) : undefined
      const width = 20
      const filled = Math.round(fraction * width)
      const text = [
        `${options.label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`,
        `${(fraction * 100).toFixed(0)}%`,
        `${completed.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`,
        note ?? '',
        `${clock(elapsed)}${remaining === undefined ? '' : ` (~${clock(remaining)} left)`}`,
      ]
        .filter((part) => part !== '')
        .join(' ')
      const columns = stream.columns ?? 100
      stream.write(`\r${text.slice(0, columns - 1)}\x1b[K`)
      drawn = true
    },
    done() {
      if (drawn) stream.write('\r\x1b[K')
      drawn = false
    },
  }
}

function clock(seconds: number): string {
  const s = Math.round(seconds)
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`
}
