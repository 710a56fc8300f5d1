import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // The relay tests deploy a two-chain anvil devnet (~3 s) before their first test.
    hookTimeout: 60_000,
    testTimeout: 30_000,
  },
})
