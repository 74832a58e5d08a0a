import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { assertProperty } from './propertyRunner.js'

describe('assertProperty', () => {
  it('fails a run that its time limit cut short, instead of passing what it did not check', async () => {
    // Arrange: 100 runs of 20 ms each, and 150 ms to do them in.
    const slow = fc.asyncProperty(fc.nat(), () => new Promise<void>((resolve) => setTimeout(resolve, 20)))

    // Act + Assert
    await expect(
      assertProperty(slow, { runs: 100, file: 'test/model/propertyRunner.test.ts', timeLimitMs: 150 }),
    ).rejects.toThrow(/^Property interrupted after \d+ tests/)
  })

  it('prints how to replay a failing case', async () => {
    const failing = fc.property(fc.nat(), (n) => n < 5)
    await expect(assertProperty(failing, { runs: 100, file: 'test/model/propertyRunner.test.ts' })).rejects.toThrow(
      /replay: DEM_FC_SEED=\d+ DEM_FC_PATH=\S+ npx vitest run test\/model\/propertyRunner.test.ts/,
    )
  })
})
