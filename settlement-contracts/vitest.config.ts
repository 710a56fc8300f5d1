import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['deploy/**/*.test.ts'],
    // Each test file starts its own anvil chains and deploys the whole protocol (~2 s).
    testTimeout: 60_000,
  },
})
