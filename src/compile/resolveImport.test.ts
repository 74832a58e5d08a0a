import { describe, expect, it } from 'vitest'
import { resolveImport } from './resolveImport.js'

const basePath = process.cwd()

describe('resolveImport', () => {
  it('reads a file from the installed package', () => {
    const result = resolveImport('@openzeppelin/contracts/access/Ownable.sol', basePath)

    expect('contents' in result && result.contents).toMatch(/abstract contract Ownable is Context/)
  })

  it('refuses a path that climbs out of the package', () => {
    const result = resolveImport('@openzeppelin/contracts/../../../package.json', basePath)

    expect(result).toEqual({ error: 'refusing a path outside package "@openzeppelin/contracts"' })
  })

  it('explains an import that is neither a given source nor in an installed package', () => {
    expect(resolveImport('contracts/Missing.sol', basePath)).toEqual({
      error: `not among the given sources, and no npm package "contracts" is installed for ${basePath}`,
    })
    expect(resolveImport('Missing.sol', basePath)).toEqual({
      error: 'not among the given sources and not a path inside an npm package',
    })
  })
})
