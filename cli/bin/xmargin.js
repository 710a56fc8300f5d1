#!/usr/bin/env node
// Launcher: the CLI is TypeScript run by Node's built-in type stripping. Kept to old syntax (no `?.`),
// so that an old Node (Ubuntu 22.04 ships 12) prints why it cannot run xmargin instead of a SyntaxError.
// biome-ignore lint/complexity/useOptionalChain: must parse on Node 12
if (!process.features || !process.features.typescript) {
  process.stderr.write(
    'xmargin needs Node ≥ 22.18 (run it through npm / npx, which use the Node 24 pinned in node_modules)\n',
  )
  process.exit(2)
}
import('../src/main.ts').catch((error) => {
  // biome-ignore lint/complexity/useOptionalChain: must parse on Node 12
  const message = String(error && error.message).split('\n')[0]
  process.stderr.write(`xmargin: cannot start: ${message}\n`)
  process.exitCode = 1
})
