/** Building blocks of the scenario file's JSON Schema, shared by its sections. */

/** Longest accepted strings: a scenario's text ends up in every report, so a huge one would multiply. */
export const MAX_NAME_LENGTH = 200
export const MAX_DESCRIPTION_LENGTH = 2_000
export const MAX_PATH_LENGTH = 1_000

/** A JSON Schema node. */
export type Node = Record<string, unknown>

export const wei = (description: string): Node => ({
  description: `${description} Wei as a decimal string: JSON numbers cannot hold most wei amounts exactly.`,
  type: 'string',
  pattern: '^\\s*\\d+\\s*$',
})
export const energy = (description: string): Node => ({
  description: `${description} (Wh)`,
  type: 'number',
  minimum: 0,
  maximum: Number.MAX_SAFE_INTEGER,
})
export const fraction = (description: string): Node => ({ description, type: 'number', minimum: 0, maximum: 1 })
export const hour = (description: string): Node => ({ description, type: 'number', minimum: 0, maximum: 24 })
export const text = (maxLength: number, description: string): Node => ({ description, type: 'string', maxLength })
export const object = (properties: Record<string, Node>, required: readonly string[] = []): Node => ({
  type: 'object',
  properties,
  ...(required.length === 0 ? {} : { required }),
  additionalProperties: false,
})
