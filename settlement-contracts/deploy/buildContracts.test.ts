import { expect, test } from 'vitest'
import { buildContracts, isBuildCurrent } from './buildContracts.ts'

// The test task runs after the build task: the artifacts are current, and a command that asks for
// them again must not start forge (the second `npm start` on a fresh clone compiles nothing).
test('a current build is recognised without running forge', async () => {
  expect(isBuildCurrent()).toBe(true)
  let compiled = false
  const build = await buildContracts({ onCompile: () => (compiled = true) })
  expect(build.status).toBe('current')
  expect(compiled).toBe(false)
})
