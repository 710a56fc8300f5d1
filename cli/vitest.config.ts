import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // The CLI tests spawn Node (~0.4 s each) and derive scrypt keys (~0.5 s each).
    testTimeout: 90_000,
  },
})
