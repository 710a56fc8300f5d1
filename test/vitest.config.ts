import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**'],
    // Each solver file starts a two-chain devnet and a few nodes before its first test.
    hookTimeout: 120_000,
    testTimeout: 120_000,
  },
})
