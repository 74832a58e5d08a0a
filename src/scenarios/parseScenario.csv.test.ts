import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { csvFiles, refusal } from './parse/scenarioTestSupport.js'
import { parseScenario } from './parseScenario.js'

// CSV series: rows refused naming file, line and column, and the files a scenario may read.
describe('parseScenario', () => {
  describe('refuses, naming the field and the value', () => {
    it('a CSV with a bad row, naming the file, line and column', () => {
      const error = refusal(
        { intervals: 3, users: { count: 1 }, profiles: { consumption: { type: 'csv', file: 'load.csv' } } },
        csvFiles({ 'load.csv': 'interval,wh\n0,100\n1,abc\n2,300\n' }),
      )
      expect(error.path).toBe('profiles.consumption')
      expect(error.value).toBe('abc')
      expect(error.shortMessage).toBe(
        'profiles.consumption (load.csv line 3, column "wh") must be a number of Wh, got "abc"',
      )
    })

    it('a CSV row with negative energy', () => {
      const error = refusal(
        { intervals: 2, users: { count: 1 }, profiles: { production: { type: 'csv', file: 'pv.csv' } } },
        csvFiles({ 'pv.csv': 'wh\n5\n-7\n' }),
      )
      expect(error.shortMessage).toBe(
        'profiles.production (pv.csv line 3, column "wh") must not be negative (energy in Wh), got "-7"',
      )
    })

    it('a CSV row with the wrong number of fields', () => {
      const error = refusal(
        { intervals: 2, users: { count: 1 }, profiles: { production: { type: 'csv', file: 'pv.csv', column: 'a' } } },
        csvFiles({ 'pv.csv': 'a,b\n1,2\n3\n' }),
      )
      expect(error.shortMessage).toBe('profiles.production (pv.csv line 3) has 1 fields where the header has 2')
    })

    it('a CSV with fewer rows than intervals', () => {
      const error = refusal(
        { intervals: 3, users: { count: 1 }, profiles: { production: { type: 'csv', file: 'pv.csv' } } },
        csvFiles({ 'pv.csv': 'wh\n5\n7\n' }),
      )
      expect(error.path).toBe('profiles.production.file')
      expect(error.shortMessage).toContain('must have one row per interval (intervals = 3) but pv.csv has 2')
    })

    it('a CSV column that does not exist, or an ambiguous one', () => {
      const files = csvFiles({ 'two.csv': 'a,b\n1,2\n' })
      expect(
        refusal(
          {
            intervals: 1,
            users: { count: 1 },
            profiles: { production: { type: 'csv', file: 'two.csv', column: 'c' } },
          },
          files,
        ).shortMessage,
      ).toContain('names a column that two.csv does not have (its columns: a, b)')
      expect(
        refusal(
          { intervals: 1, users: { count: 1 }, profiles: { production: { type: 'csv', file: 'two.csv' } } },
          files,
        ).shortMessage,
      ).toContain('must say which column of two.csv to read')
    })

    it('a CSV file that cannot be read', () => {
      const error = refusal(
        { intervals: 1, users: { count: 1 }, profiles: { production: { type: 'csv', file: 'missing.csv' } } },
        csvFiles({}),
      )
      expect(error.path).toBe('profiles.production.file')
      expect(error.shortMessage).toBe('profiles.production.file cannot be read (ENOENT), got "missing.csv"')
    })

    it('prefixes the file name when there is one', () => {
      const error = refusal({ intervals: 3, users: { count: -1 } }, { file: 'runs/day.json' })
      expect(error.file).toBe('runs/day.json')
      expect(error.shortMessage).toBe('runs/day.json: users.count must be a positive integer, got -1')
    })
  })

  describe('files a scenario may read', () => {
    let dir: string
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'dem-sim-scenario-'))
      await mkdir(join(dir, 'scenario'))
      await writeFile(join(dir, 'private.csv'), 'wh\n1\n')
      await writeFile(join(dir, 'scenario', 'own.csv'), 'wh\n2\n')
      await symlink(join(dir, 'private.csv'), join(dir, 'scenario', 'link.csv'))
    })
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true })
    })
    const withCsv = (file: string) => ({
      intervals: 1,
      users: { count: 1 },
      profiles: { production: { type: 'csv', file } },
    })

    it('reads a CSV inside the scenario folder', () => {
      expect(parseScenario(withCsv('own.csv'), { baseDir: join(dir, 'scenario') }).profiles.production.baseWh).toEqual([
        2,
      ])
    })

    it.each([['../private.csv'], ['link.csv']])(
      'refuses %s, which leads outside the folder, unless allowOutside',
      (file) => {
        const error = refusal(withCsv(file), { baseDir: join(dir, 'scenario') })
        expect(error.path).toBe('profiles.production.file')
        expect(error.shortMessage).toMatch(/(must be a path inside|leads outside) the scenario's folder/)
        expect(
          parseScenario(withCsv(file), { baseDir: join(dir, 'scenario'), allowOutside: true }).profiles.production
            .baseWh,
        ).toEqual([1])
      },
    )
  })
})
