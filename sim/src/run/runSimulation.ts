import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { csvHeader, csvRow } from './csvRow.ts'
import { executeTasks } from './executeTasks.ts'
import { planTasks } from './plan.ts'
import type { RunConfig } from './runConfig.ts'
import { type MechanismSummary, Summarizer } from './summarize.ts'

export type RunProgress = { done: number; total: number; events: number; intents: number }

export type RunSimulationParameters = {
  config: RunConfig
  /** Directory for results.csv, summary.json and distributions.json (created if missing). */
  outDir: string
  workers: number
  /** The code's version, recorded in summary.json so a result can be traced to what produced it. */
  commit: string
  onProgress?: (progress: RunProgress) => void
}

export type Summary = {
  config: RunConfig
  seed: number
  commit: string
  mechanisms: Record<string, MechanismSummary>
}

export type RunSimulationReturnType = { summary: Summary; tasks: number; events: number; intents: number }

/**
 * Runs every task of `config` and writes the outputs. Rows go to results.csv as soon as they are next
 * in canonical order, so memory does not grow with the run; summary.json and distributions.json are
 * written at the end. Identical files for any number of workers.
 */
export async function runSimulation(parameters: RunSimulationParameters): Promise<RunSimulationReturnType> {
  const { config, outDir, workers, commit, onProgress } = parameters
  const tasks = planTasks(config)
  await mkdir(outDir, { recursive: true })
  const csv = createWriteStream(join(outDir, 'results.csv'))
  const write = async (line: string) => {
    if (!csv.write(`${line}\n`)) await once(csv, 'drain')
  }
  const summarizer = new Summarizer()
  let done = 0
  let events = 0
  let intents = 0
  try {
    await write(csvHeader(config.grid))
    await executeTasks(config, tasks, workers, async (result, task) => {
      await write(csvRow(config.grid, task.gridPoint, result))
      summarizer.add(result)
      done++
      events += result.events
      intents += result.intents
      onProgress?.({ done, total: tasks.length, events, intents })
    })
  } finally {
    csv.end()
    await once(csv, 'close')
  }
  const summary: Summary = { config, seed: config.seed, commit, mechanisms: summarizer.summary() }
  await writeFile(join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`)
  const distributions = { time_to_fill_ms: summarizer.distribution('time_to_fill_ms') }
  await writeFile(join(outDir, 'distributions.json'), `${JSON.stringify(distributions)}\n`)
  return { summary, tasks: tasks.length, events, intents }
}
