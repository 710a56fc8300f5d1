#!/usr/bin/env node
// forge's compiler, on machines where no native solc can be downloaded: the npm `solc` (solc-js, the
// official compiler built to WebAssembly) behind the command-line contract forge expects.
//   solc --version                                 → "Version: <version>"
//   solc --standard-json [--base-path P] [--include-path P]… [--allow-paths …]   (input on stdin)
// Imports are resolved against --base-path and each --include-path, as native solc does.
'use strict'
const fs = require('node:fs')
const path = require('node:path')
const solc = require('solc')

const args = process.argv.slice(2)
if (args.includes('--version')) {
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${solc.version()}\n`)
  process.exit(0)
}
if (!args.includes('--standard-json')) {
  process.stderr.write('this wrapper supports only --version and --standard-json\n')
  process.exit(2)
}

const roots = []
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--base-path' || args[i] === '--include-path') roots.push(args[++i])
}
if (roots.length === 0) roots.push(process.cwd())

function findImports(importPath) {
  for (const root of roots) {
    const candidate = path.resolve(root, importPath)
    if (fs.existsSync(candidate)) return { contents: fs.readFileSync(candidate, 'utf8') }
  }
  if (path.isAbsolute(importPath) && fs.existsSync(importPath))
    return { contents: fs.readFileSync(importPath, 'utf8') }
  return { error: `File not found: ${importPath}` }
}

const input = fs.readFileSync(0, 'utf8')
if (process.env.SOLC_WRAPPER_DUMP) fs.writeFileSync(process.env.SOLC_WRAPPER_DUMP, input)
process.stdout.write(solc.compile(input, { import: findImports }))
