import { describe, expect, it } from 'vitest'
import { createProgressBar } from './createProgressBar.js'

describe('createProgressBar', () => {
  it('draws one line in place on a terminal, and erases it when done', () => {
    let out = ''
    const bar = createProgressBar(
      { write: (text: string) => (out += text), isTTY: true, columns: 120 },
      { label: 'run day', intervalMs: 0 },
    )
    bar.update(5, 10, 'interval 3/6')
    expect(out).toMatch(/^\rrun day \[█{10}░{10}\] 50% 5\/10 interval 3\/6 00:00/)
    expect(out.endsWith('\x1b[K')).toBe(true)
    bar.done()
    expect(out.endsWith('\r\x1b[K')).toBe(true)
  })

  it('draws nothing when the stream is not a terminal', () => {
    let out = ''
    const bar = createProgressBar({ write: (text: string) => (out += text), isTTY: false }, { label: 'run' })
    bar.update(1, 2)
    bar.done()
    expect(out).toBe('')
  })
})
