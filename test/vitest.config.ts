import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    // The adversarial suite (about 13 minutes, one devnet at a time) runs only via `npm run test:attack`.
    exclude: process.env.XMARGIN_ATTACK === '1' ? ['node_modules/**'] : ['node_modules/**', 'attack/**'],
    // Each solver file starts a two-chain devnet and a few nodes before its first test.
    hookTimeout: 120_000,
    testTimeout: 120_000,
  },
})
