import { execFileSync } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { type RunConfig, type RunProgress, renderReport, runSimulation, SimError } from '@xmargin/sim'
import { InternalError, OutputError, UsageError } from '../errors.ts'
import { fileErrorReason } from '../io/fileErrorReason.ts'
import { printFields, printJson, printLines, printPrompt } from '../output/print.ts'

export type SimExecuteOptions = { out: string; workers: number | undefined; json: boolean }

/** Runs a validated config, writes the report beside the data, and tells the user what came out. */
export async function simExecute(config: RunConfig, options: SimExecuteOptions): Promise<void> {
  const workers = parseWorkers(options.workers)
  const started = performance.now()
  // Progress only for a person watching a terminal; a pipe or a log gets the result alone.
  const showProgress = process.stderr.isTTY === true && !options.json
  const result = await runSimulation({
    config,
    outDir: options.out,
    workers,
    commit: currentCommit(),
    ...(showProgress ? { onProgress: renderProgress } : {}),
  }).catch((error: unknown) => {
    throw toCliError(error, options.out)
  })
  if (showProgress) printPrompt('\n')
  await renderReport(options.out).catch((error: unknown) => {
    throw toCliError(error, options.out)
  })
  const seconds = (performance.now() - started) / 1000
  const files = ['results.csv', 'summary.json', 'distributions.json', 'report.html']
  if (options.json) {
    printJson({ out: options.out, files, seconds, ...result })
    return
  }
  printFields([
    ['out', `${options.out} (${files.join(', ')})`],
    ['tasks', `${result.tasks} on ${workers} worker(s), ${seconds.toFixed(1)} s`],
    ['intents', `${result.intents} (${Math.round(result.intents / seconds)}/s), ${result.events} events`],
  ])
  printLines('', 'mechanism        fill rate  time to fill  fee (bps)  bad debt/rep (USD)')
  for (const [name, { metrics }] of Object.entries(result.summary.mechanisms)) {
    printLines(
      `${name.padEnd(16)} ${fmt(metrics.fill_rate.mean, 3).padStart(9)}  ${`${fmt(metrics.time_to_fill_ms.mean, 0)} ms`.padStart(12)}  ${fmt(metrics.fee_paid.mean, 2).padStart(9)}  ${fmt(metrics.bad_debt.mean, 0).padStart(18)}`,
    )
  }
}

/** A simulator error becomes the CLI's: the user's mistakes exit 2 with the field named. */
export function toCliError(error: unknown, out: string): unknown {
  if (error instanceof SimError) {
    return error.code === 'WORKER' ? new InternalError(error.message) : new UsageError(error.message)
  }
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && code.startsWith('E'))
    return new OutputError(out, fileErrorReason(error), error)
  return error
}

function parseWorkers(workers: number | undefined): number {
  if (workers === undefined) return availableParallelism()
  if (!Number.isSafeInteger(workers) || workers < 1)
    throw new UsageError('--workers: must be a whole number ≥ 1')
  return workers
}

function renderProgress({ done, total, intents }: RunProgress): void {
  const width = 30
  const filled = Math.round((done / total) * width)
  printPrompt(
    `\rxmargin sim [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} tasks, ${intents} intents`,
  )
}

function currentCommit(): string {
  try {
    // The commit of the xmargin checkout that runs, wherever the researcher runs it from.
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: fileURLToPath(new URL('.', import.meta.url)),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim()
  } catch {
    return 'unknown'
  }
}

function fmt(value: number | null, digits: number): string {
  return value === null ? '—' : value.toFixed(digits)
}
