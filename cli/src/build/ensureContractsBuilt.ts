import { buildContracts, ContractsBuildError } from '@xmargin/settlement-contracts/deploy'
import { CliError } from '../errors.ts'
import { printError } from '../output/print.ts'

/**
 * Compiles the contracts before a command that deploys or reads them, the first time only, so that
 * `npm ci && npm start` needs no separate build. Progress goes to stderr, so `--json` output stays one
 * value.
 */
export async function ensureContractsBuilt(): Promise<void> {
  try {
    const build = await buildContracts({
      onCompile: () =>
        printError(
          'xmargin: compiling the contracts with forge (about 2 minutes, once; later runs reuse the build)…',
        ),
    })
    if (build.status === 'compiled') printError(`xmargin: contracts compiled in ${build.seconds} s`)
  } catch (error) {
    if (!(error instanceof ContractsBuildError)) throw error
    throw new CliError(
      'BUILD',
      `${error.message}; run npm run build -w settlement-contracts to see forge's output`,
      { cause: error },
    )
  }
}
