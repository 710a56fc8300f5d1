import { resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { postDevnetPrices } from '@xmargin/settlement-contracts/deploy'
import { privateKeyToAccount } from 'viem/accounts'
import type { Argv } from 'yargs'
import { ensureContractsBuilt } from '../build/ensureContractsBuilt.ts'
import { DevnetError } from '../devnet/errors.ts'
import { devnetPricePaths, type FeedName, pricesAt } from '../devnet/pricePaths.ts'
import { secondsSinceDeploy } from '../devnet/secondsSinceDeploy.ts'
import { readManifest, STATE_DIR_OPTION, stateDir } from '../devnet/stateDir.ts'
import { UsageError } from '../errors.ts'
import { printJson, printLines } from '../output/print.ts'
import type { GlobalOptions } from './globalOptions.ts'

export type FeedArgs = GlobalOptions & {
  stateDir: string
  seed: number
  intervalMs: number
  scenario: 'walk' | 'crash'
  crashPct: number
  once: boolean
}

export function feedCommand(cli: Argv<GlobalOptions>): Argv<GlobalOptions> {
  return cli.command(
    'feed',
    "Push Pyth price updates to the devnet's destination chain from a seeded random walk with jumps",
    (command) =>
      command.options({
        'state-dir': STATE_DIR_OPTION,
        seed: { type: 'number', default: 1, describe: 'Seed of the price paths (same seed, same prices)' },
        'interval-ms': { type: 'number', default: 1_000, describe: 'Milliseconds between updates' },
        scenario: {
          choices: ['walk', 'crash'] as const,
          default: 'walk' as const,
          describe: 'walk: the random walk; crash: the walk with every volatile feed cut by --crash-pct',
        },
        'crash-pct': {
          type: 'number',
          default: 25,
          describe:
            'How far a crash drops ETH and BTC, percent (enough to make leveraged longs liquidatable)',
        },
        once: { type: 'boolean', default: false, describe: 'Post one update, then exit' },
      }),
    (argv) => feed(argv as FeedArgs),
  )
}

async function feed(argv: FeedArgs): Promise<void> {
  if (!Number.isInteger(argv.seed) || argv.seed < 0)
    throw new UsageError(`--seed ${argv.seed}: must be a whole number ≥ 0`)
  if (!Number.isInteger(argv.intervalMs) || argv.intervalMs < 100) {
    throw new UsageError(`--interval-ms ${argv.intervalMs}: must be a whole number ≥ 100`)
  }
  if (!(argv.crashPct > 0 && argv.crashPct < 100))
    throw new UsageError(`--crash-pct ${argv.crashPct}: must be between 0 and 100`)
  const manifest = await readManifest(stateDir(resolve(argv.stateDir)))
  await ensureContractsBuilt()
  // The deployer posts prices: its nonce is free after the deploy, unlike the relayer's keeper.
  const account = privateKeyToAccount(manifest.accounts.deployer.privateKey)
  const paths = devnetPricePaths(argv.seed)
  const crashBps = argv.scenario === 'crash' ? Math.round(argv.crashPct * 100) : 0
  const stop = new AbortController()
  process.once('SIGINT', () => stop.abort())
  while (!stop.signal.aborted) {
    try {
      // The walk is indexed by chain time since the deploy, so a restarted feed continues the path.
      const prices = pricesAt(paths, await secondsSinceDeploy(manifest), crashBps)
      const posted = await postDevnetPrices({ manifest, account, prices })
      report(prices, posted.publishTime, argv.json)
    } catch (error) {
      throw new DevnetError(
        `posting prices failed: ${firstLine(error)}; is the devnet running (xmargin devnet status)?`,
        error,
      )
    }
    if (argv.once) return
    await sleep(argv.intervalMs, undefined, { signal: stop.signal }).catch(() => undefined)
  }
}

function report(prices: Record<FeedName, number>, publishTime: bigint, json: boolean): void {
  if (json) {
    printJson({ publishTime: Number(publishTime), prices })
    return
  }
  const line = Object.entries(prices)
    .map(([name, price]) => `${name} ${price.toFixed(2)}`)
    .join('  ')
  printLines(`${new Date(Number(publishTime) * 1000).toISOString()}  ${line}`)
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n')[0] ?? message
}
