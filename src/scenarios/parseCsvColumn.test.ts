import { describe, expect, it } from 'vitest'
import { parseCsvColumn } from './parseCsvColumn.js'
import { ScenarioError } from './ScenarioError.js'

const read = (text: string, column?: string) => parseCsvColumn({ text, column, file: 'day.csv', path: 'oracle.price' })

function refusal(text: string, column?: string): ScenarioError {
  try {
    read(text, column)
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError)
    return error as ScenarioError
  }
  throw new Error('expected the CSV to be refused')
}

describe('parseCsvColumn', () => {
  it('reads a quoted field holding a comma (RFC 4180)', () => {
    const csv = read(
      'hour,load_kwh,price,weather\n0,0.300,40000000165765,"sunny, mild"\n1,0.250,40000000000000,cloudy\n',
      'price',
    )
    expect(csv).toEqual({ column: 'price', cells: ['40000000165765', '40000000000000'], lines: [2, 3] })
    expect(read('hour,load_kwh,price,weather\n0,0.300,40000000165765,"sunny, mild"\n', 'weather').cells).toEqual([
      'sunny, mild',
    ])
  })

  it('reads doubled quotes and line breaks inside quotes, and numbers rows by the line they start on', () => {
    const csv = read('id,note\n1,"say ""hi"""\n2,"two\nlines"\n3,plain\n', 'note')
    expect(csv.cells).toEqual(['say "hi"', 'two\nlines', 'plain'])
    expect(csv.lines).toEqual([2, 3, 5])
  })

  it('skips a byte order mark, blank lines and comment lines, accepts CRLF, and trims cells', () => {
    const csv = read('\uFEFF# exported by a meter\r\nhour,wh\r\n\r\n0, 5 \r\n# gap\r\n1,7\r\n')
    expect(csv).toEqual({ column: 'wh', cells: ['5', '7'], lines: [4, 6] })
  })

  it('picks the one column that is not an index column when none is named', () => {
    expect(read('interval,wh\n0,1\n').column).toBe('wh')
  })

  it('refuses an unterminated quote with its line, without echoing the file', () => {
    const error = refusal('hour,wh\n0,1\n1,"secret token\n')
    expect(error.shortMessage).toMatch(/^oracle\.price \(day\.csv line 3\) is not valid CSV: /)
    expect(error.shortMessage).not.toContain('secret')
  })

  it('refuses a row with the wrong number of fields, without echoing it', () => {
    const error = refusal('a,b\n1,2\nsecret,3,4\n', 'a')
    expect(error.shortMessage).toBe('oracle.price (day.csv line 3) has 3 fields where the header has 2')
  })

  it('refuses an empty file and an unknown column', () => {
    expect(refusal('# only a comment\n\n').shortMessage).toContain('day.csv is empty')
    expect(refusal('a,b\n1,2\n', 'c').shortMessage).toContain(
      'names a column that day.csv does not have (its columns: a, b)',
    )
  })
})
