import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { signIntent, toGaslessCrossChainOrder } from '@xmargin/intents'
import { type DevnetManifest, loadArtifact } from '@xmargin/settlement-contracts/deploy'
import { type Address, createPublicClient, createWalletClient, http, parseEventLogs } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildIntent } from '../intent/buildIntent.ts'
import { DEMO_TERMS } from '../intent/demoTerms.ts'
import { freePorts } from '../testing/freePorts.ts'
import { type RunCliResult, runCli } from '../testing/runCli.ts'

let dir: string
let stateDir: string
let basePort: number
const run = (args: string[]) => runCli(['devnet', ...args], { cwd: dir })

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xmargin-devnet-cli-'))
  stateDir = join(dir, 'state')
  basePort = await freePorts(3)
})
afterAll(async () => {
  // Whatever a failed test left running is stopped, so no anvil outlives the suite.
  await run(['down', '--state-dir', stateDir])
  await rm(dir, { recursive: true, force: true })
})

/** A failure as the user sees it: exit 2, nothing on stdout, exactly one line on stderr. */
function expectOneLineFailure(result: RunCliResult): string {
  expect(result.code).toBe(2)
  expect(result.stdout).toBe('')
  const lines = result.stderr.trimEnd().split('\n')
  expect(lines).toHaveLength(1)
  return lines[0] ?? ''
}

describe('bad input: one line, exit 2, nothing started', () => {
  test('an unknown flag', async () => {
    expect(expectOneLineFailure(await run(['up', '--bogus']))).toMatch(/^xmargin: Unknown argument: bogus/)
  })
  test('--chains 7', async () => {
    expect(expectOneLineFailure(await run(['up', '--chains', '7']))).toBe(
      'xmargin: --chains 7: must be 2 or 3',
    )
  })
  test('--block-time -1', async () => {
    expect(expectOneLineFailure(await run(['up', '--block-time', '-1']))).toMatch(
      /^xmargin: --block-time -1: must be/,
    )
  })
  test('a state directory that is a file', async () => {
    const file = join(dir, 'not-a-dir')
    await writeFile(file, 'x')
    for (const command of ['up', 'status', 'down']) {
      expect(expectOneLineFailure(await run([command, '--state-dir', file]))).toBe(
        'xmargin: --state-dir not-a-dir: not a directory',
      )
    }
  })
  test('status without a devnet says how to start one', async () => {
    expect(expectOneLineFailure(await run(['status', '--state-dir', join(dir, 'none')]))).toBe(
      'xmargin: no devnet in none (no manifest.json); start one with: xmargin devnet up',
    )
  })
})

describe('a devnet from up to down', () => {
  let manifest: DevnetManifest
  let pids: number[]

  test('up --detach deploys, prints the table and the manifest path, and leaves the chains running', async () => {
    const result = await run([
      'up',
      '--state-dir',
      stateDir,
      '--base-port',
      String(basePort),
      '--block-time',
      '0',
      '--detach',
    ])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(
      /deployed {2}origin \(31337\) +CollateralVault +0x5FbDB2315678afecb367f032d93F642f64180aa3/,
    )
    expect(result.stdout).toMatch(
      /deployed {2}destination \(31338\) +MarginEngine +0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512/,
    )
    expect(result.stdout).toMatch(
      new RegExp(`destination +31338 +http://127\\.0\\.0\\.1:${basePort + 1} +engine 0xe7f1`),
    )
    expect(result.stdout).toContain('manifest: state/manifest.json')
    expect(result.stdout).toMatch(/ready in \d+\.\d s/)
    manifest = JSON.parse(await readFile(join(stateDir, 'manifest.json'), 'utf8')) as DevnetManifest
    expect(manifest.chains.map((c) => [c.name, c.chainId, c.rpcUrl])).toEqual([
      ['origin', 31337, `http://127.0.0.1:${basePort}`],
      ['destination', 31338, `http://127.0.0.1:${basePort + 1}`],
    ])
    pids = await Promise.all(
      [31337, 31338].map(async (id) => Number(await readFile(join(stateDir, `anvil-${id}.pid`), 'utf8'))),
    )
    expect(pids.every(isAlive)).toBe(true)
  })

  test('status finds both chains answering', async () => {
    const result = await run(['status', '--state-dir', stateDir, '--json'])
    expect(result.code).toBe(0)
    const status = JSON.parse(result.stdout) as { chains: Array<{ chainId: number; answers: boolean }> }
    expect(status.chains.map((c) => [c.chainId, c.answers])).toEqual([
      [31337, true],
      [31338, true],
    ])
  })

  test("a solver's real openFor of a trader's signed intent dispatches Locked through the origin Mailbox", async () => {
    const origin = manifest.chains.find((c) => c.role === 'origin')
    const route = manifest.routes.hyperlane
    const [trader, solver] = [manifest.accounts.traders[0], manifest.accounts.solvers[0]]
    if (origin === undefined || route === undefined || trader === undefined || solver === undefined)
      throw new Error('manifest')
    const client = createPublicClient({ transport: http(origin.rpcUrl) })
    const { timestamp } = await client.getBlock()
    const intent = buildIntent({
      flags: DEMO_TERMS,
      trader: trader.address,
      now: Number(timestamp),
      defaultNonce: 7n,
    })
    const signed = await signIntent({ intent, account: privateKeyToAccount(trader.privateKey) })
    const wallet = createWalletClient({
      transport: http(origin.rpcUrl),
      account: privateKeyToAccount(solver.privateKey),
    })
    const vault = loadArtifact('CollateralVault.sol')
    const hash = await wallet.writeContract({
      chain: null,
      address: origin.contracts.collateralVault as Address,
      abi: vault.abi,
      functionName: 'openFor',
      args: [toGaslessCrossChainOrder(signed.order), signed.signature, '0x'],
    })
    const receipt = await client.waitForTransactionReceipt({ hash })
    expect(receipt.status).toBe('success')
    const dispatches = parseEventLogs({
      abi: loadArtifact('Mailbox.sol').abi,
      logs: receipt.logs,
      eventName: 'Dispatch',
    })
    expect(dispatches).toHaveLength(1)
    const dispatch = dispatches[0] as unknown as { args: { destination: number; recipient: string } }
    expect(dispatch.args.destination).toBe(31338)
    expect(BigInt(dispatch.args.recipient)).toBe(BigInt(route.primary.messengers['31338'] as string))
    const count = await client.readContract({
      address: origin.contracts.merkleTreeHook as Address,
      abi: loadArtifact('MerkleTreeHook.sol').abi,
      functionName: 'count',
    })
    expect(count).toBe(1)
  })

  test('a second up with the same state directory refuses while the chains run', async () => {
    const line = expectOneLineFailure(
      await run(['up', '--state-dir', stateDir, '--base-port', String(basePort)]),
    )
    expect(line).toMatch(
      /^xmargin: a devnet is already running from state \(chain 31337 pid \d+, chain 31338 pid \d+\);/,
    )
  })

  test('down stops every anvil and removes the pid files', async () => {
    const result = await run(['down', '--state-dir', stateDir])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`stopped  chain 31337, pid ${pids[0]}`)
    expect(pids.some(isAlive)).toBe(false)
    expect(await anvilsOf(stateDir)).toEqual([])
    expect((await readdir(stateDir)).filter((f) => f.endsWith('.pid'))).toEqual([])
    // status still shows the table (every chain down), then fails in one line.
    const status = await run(['status', '--state-dir', stateDir])
    expect(status.code).toBe(2)
    expect(status.stdout).toMatch(/origin +31337 +http:\S+ +down/)
    expect(status.stderr).toBe(
      'xmargin: chain 31337, chain 31338 not answering; start the devnet with: xmargin devnet up\n',
    )
  })

  test('up in the foreground resumes the stopped devnet, and Ctrl-C stops it leaving no anvil behind', async () => {
    const child = spawn(NODE, [BIN, 'devnet', 'up', '--state-dir', stateDir, '--block-time', '1'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    child.stdout.setEncoding('utf8')
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk
        if (stdout.includes('press Ctrl-C')) resolve()
      })
      void exited.then(() => reject(new Error(`devnet up exited early: ${stdout}`)))
    })
    expect(stdout).toMatch(/resuming {2}2 chains from their saved state/)
    expect(stdout).toMatch(/resumed in \d+\.\d s/)
    const resumed = JSON.parse(await readFile(join(stateDir, 'manifest.json'), 'utf8')) as DevnetManifest
    expect(resumed.chains.map((c) => c.contracts)).toEqual(manifest.chains.map((c) => c.contracts))
    expect(await anvilsOf(stateDir)).toHaveLength(2)

    child.kill('SIGINT')
    expect(await exited).toBe(0)
    expect(stdout).toContain('stopped;')
    expect(await anvilsOf(stateDir)).toEqual([])
  })
})

const NODE = fileURLToPath(new URL('../../../node_modules/.bin/node', import.meta.url))
const BIN = fileURLToPath(new URL('../../bin/xmargin.js', import.meta.url))

/** Running, and not a zombie: a detached anvil is reaped by whoever adopted it, maybe late. */
function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

/** Live (non-zombie) processes whose command line names a file in `dir`: the devnet's anvils. */
async function anvilsOf(dir: string): Promise<number[]> {
  const found: number[] = []
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '')
    if (cmdline.includes(`${dir}/anvil-`) && !/^\d+ \(.*\) Z/.test(stat)) found.push(Number(entry))
  }
  return found
}

/** A base port with `count` free ports after it. */
