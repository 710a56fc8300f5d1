#!/usr/bin/env -S node --max-semi-space-size=16 --max-old-space-size=1024
// V8 sizes its generations from the heap's ceiling, and Node's default ceiling (about 4 GB on a
// machine with 16 GB or more) lets a solver node's short-lived RPC garbage (~25 MB/s under load) fill
// a 128 MB young generation and pile up in the old one before V8 collects it: ~420 MB resident for a
// live heap of ~60 MB. With these two options a node stays near 230 MB (solver/bench/memory.bench.ts
// measures it). 1 GB is a ceiling, not a target: an operator with a larger book raises it by starting
// the CLI with node itself (`node --max-old-space-size=4096 $(which xmargin) solver start …`).
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
