import { describe, expect, it } from 'vitest'
import { decodeScenario, encodeScenario } from '../../playground/src/scenarioLink.js'

describe("the playground's scenario links", () => {
  it('carry any scenario text, non-ASCII included, as base64url that Node decodes alike', () => {
    const text = JSON.stringify({ name: 'journée solaire ☀', intervals: 24, users: { count: 10 } }, null, 2)
    const encoded = encodeScenario(text)
    expect(encoded).toMatch(/^[\w-]+$/)
    expect(decodeScenario(encoded)).toBe(text)
    expect(Buffer.from(encoded, 'base64url').toString('utf8')).toBe(text)
  })
})
