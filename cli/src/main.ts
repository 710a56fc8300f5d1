// The `xmargin` executable: run the command line, and turn any failure into one line on stderr.
import { hideBin } from 'yargs/helpers'
import { createCli } from './cli.ts'
import { describeError } from './describeError.ts'
import { printError } from './output/print.ts'

try {
  await createCli(hideBin(process.argv)).parseAsync()
} catch (error) {
  const { line, exitCode } = describeError(error)
  printError(line)
  // exitCode rather than exit(): stdout may still be draining into a pipe.
  process.exitCode = exitCode
}
