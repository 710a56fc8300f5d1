import { mkdtemp, readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { runCli } from '../testing/runCli.ts'

/** Command lines of the processes still running that mention `text` (our anvils carry their state path). */
async function processesMentioning(text: string): Promise<string[]> {
  const found: string[] = []
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')
    if (cmdline.includes(text)) found.push(cmdline.replaceAll('\0', ' '))
  }
  return found
}

test('xmargin demo runs the network end to end, and leaves nothing running', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'xmargin-demo-test-'))
  const result = await runCli(['demo', '--json', '--dir', dir], { cwd: dir })
  expect(result.stderr).toBe('')
  expect(result.code).toBe(0)
  const { orders } = JSON.parse(result.stdout) as {
    orders: {
      label: string
      bids: { node: string; feeBps: number }[]
      winner: string
      feeBps: number
      outcome: string
    }[]
  }
  expect(orders.map((o) => o.label)).toEqual(['A', 'B', 'C'])
  for (const order of orders) {
    // The winner is the lowest bidder, and it charged its bid.
    const lowest = [...order.bids].sort((a, b) => a.feeBps - b.feeBps)[0]
    expect(order.winner).toBe(lowest?.node)
    expect(order.feeBps).toBe(lowest?.feeBps)
  }
  expect(orders[0]?.outcome).toMatch(/^liquidated, [\d.]+ WETH seized$/)
  expect(orders[1]?.outcome).toMatch(/^closed, [\d.]+ WETH released$/)
  expect(await processesMentioning(dir)).toEqual([])
  const log = await readFile(join(dir, 'nodes.log'), 'utf8')
  expect(log).toContain('"msg":"solver node stopped"')
}, 240_000)
