import { configDefaults, defineConfig } from 'vitest/config'

const property = ['**/*.property.test.ts']
// Run against the packed, installed package, as a user would.
const e2e = ['test/examples.test.ts', 'test/package.test.ts']

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...property, ...e2e],
          globalSetup: ['test/support/ensureBuilt.ts'],
        },
      },
      { extends: true, test: { name: 'property', include: property } },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: e2e,
          globalSetup: ['test/support/ensureBuilt.ts', 'test/support/installPackedPackage.ts'],
        },
      },
    ],
  },
})
