import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Scenario } from './scenario.ts'

const NODE = fileURLToPath(new URL('../../../node_modules/.bin/node', import.meta.url))
const MEMORY_BENCH = fileURLToPath(new URL('../../../solver/bench/memory.bench.ts', import.meta.url))

/**
 * (e) RSS after 1,000 intents: the solver package's memory bench (one `xmargin solver start` in its own
 * process, its RSS from /proc) in a child process, its table returned as this scenario's lines.
 */
export const runNodeMemory: Scenario = async (progress) => {
  const child = spawn(NODE, [MEMORY_BENCH, '--intents', '1000'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let table = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    table += chunk
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) if (line.trim() !== '') progress(`  ${line.trim()}`)
  })
  const code = await new Promise<number | null>((done) => child.on('close', done))
  if (code !== 0) throw new Error(`the memory bench exited with ${code}`)
  return [`(e) ${table.trim()}`]
}
