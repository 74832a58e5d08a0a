import { expect, it } from 'vitest'
import * as api from './index.js'

// Any change to the public API shows up in review, as a change of this list.
it('exports exactly this public API', async () => {
  await expect(`${Object.keys(api).sort().join('\n')}\n`).toMatchFileSnapshot('./__snapshots__/index.exports.txt')
})
