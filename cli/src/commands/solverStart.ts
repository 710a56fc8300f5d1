import { readFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { type DevnetManifest, parseManifest } from '@xmargin/settlement-contracts/deploy'
import { type AccountSource, createSolverNode, parseSolverConfig, type SolverConfig } from '@xmargin/solver'
import type { LocalAccount } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { Argv } from 'yargs'
import { ensureContractsBuilt } from '../build/ensureContractsBuilt.ts'
import { InputError, UsageError } from '../errors.ts'
import { fileErrorReason } from '../io/fileErrorReason.ts'
import { loadAccount } from '../keys/loadAccount.ts'
import { printJson, printLines } from '../output/print.ts'
import type { GlobalOptions } from './globalOptions.ts'

export type SolverStartArgs = GlobalOptions & { config: string }

export function solverStartCommand(cli: Argv<GlobalOptions>): Argv<GlobalOptions> {
  return cli.command(
    'start',
    'Start a solver node from a config file (gossip, auction, fills, relay, keeper, HTTP API) until Ctrl-C',
    (command) =>
      command.options({
        config: {
          type: 'string',
          demandOption: true,
          describe: 'The node config (JSON); see solver/README.md',
        },
      }),
    (argv) => solverStart(argv as SolverStartArgs),
  )
}

async function solverStart(argv: SolverStartArgs): Promise<void> {
  const config = await readConfig(argv.config)
  const manifest = await readManifestFile(config.manifest)
  const account = await resolveAccount(config.account, manifest)
  await ensureContractsBuilt()
  const node = await createSolverNode({ config, manifest, account })
  const interrupt = new AbortController()
  const onSignal = () => interrupt.abort()
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    await node.start()
    const summary = {
      name: config.name,
      solver: node.address,
      http: node.httpUrl(),
      peerId: node.peerId,
      multiaddrs: node.multiaddrs(),
    }
    if (argv.json) printJson(summary)
    else {
      printLines(
        `solver ${config.name} (${node.address}) running; press Ctrl-C to stop`,
        `  http   ${summary.http}`,
        ...summary.multiaddrs.map((addr) => `  p2p    ${addr}`),
      )
    }
    await new Promise<void>((done) => interrupt.signal.addEventListener('abort', () => done()))
  } finally {
    await node.stop()
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
  if (!argv.json) printLines('solver stopped')
}

/** Reads and checks the config file; relative paths in it are relative to the file. */
export async function readConfig(file: string): Promise<SolverConfig> {
  const path = resolve(file)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new InputError(file, fileErrorReason(error), error)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new InputError(file, 'not valid JSON')
  }
  return parseSolverConfig({ value, baseDir: dirname(path) })
}

async function readManifestFile(path: string): Promise<DevnetManifest> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new InputError(
      path,
      `${fileErrorReason(error)}; is the devnet up (xmargin devnet up --detach)?`,
      error,
    )
  }
  try {
    return parseManifest(JSON.parse(text))
  } catch (error) {
    throw new InputError(path, error instanceof Error ? error.message : 'not a manifest')
  }
}

async function resolveAccount(source: AccountSource, manifest: DevnetManifest): Promise<LocalAccount> {
  if ('devnetSolver' in source) {
    const solver = manifest.accounts.solvers[source.devnetSolver]
    if (solver === undefined) {
      throw new UsageError(
        `account.devnetSolver: the devnet has ${manifest.accounts.solvers.length} solvers (0…${manifest.accounts.solvers.length - 1})`,
      )
    }
    return privateKeyToAccount(solver.privateKey)
  }
  if ('privateKeyEnv' in source) return loadAccount({ privateKeyEnv: source.privateKeyEnv })
  return loadAccount({ keystore: source.keystore, passwordEnv: source.passwordEnv })
}
