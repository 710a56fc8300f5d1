import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stringifyIntent } from '@xmargin/intents'
import { chainOf, type DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import type { SolverNode } from '@xmargin/solver'
import {
  advanceTime,
  fixedFeeStrategy,
  signTestIntent,
  startTestStack,
  type TestStack,
} from '@xmargin/solver/testing'
import { type Address, createPublicClient, erc20Abi, type Hex, http } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  chainNow,
  entryOf,
  eventually,
  fillCount,
  openCount,
  postIntent,
  waitForMesh,
} from './networkHelpers.ts'
import { type RpcProxy, startRpcProxy } from './rpcProxy.ts'
import { startSolverProcess } from './solverProcess.ts'

let stack: TestStack
let devnet: TestStack['devnet']
let network: TestStack['network']
let proxy: RpcProxy
let faulty: DevnetManifest
let watcher: SolverNode

beforeAll(async () => {
  // The honest bystander does not bid; it watches, relays and keeps.
  stack = await startTestStack([{ solver: 1, strategy: fixedFeeStrategy(null) }])
  ;({ devnet, network } = stack)
  watcher = network.nodes[0] as SolverNode
  // The winning solver's destination RPC, which can fail between its openFor and its fill.
  const destination = chainOf(devnet.manifest, 'destination')
  proxy = await startRpcProxy(destination.rpcUrl)
  faulty = {
    ...devnet.manifest,
    chains: devnet.manifest.chains.map((c) =>
      c.chainId === destination.chainId ? { ...c, rpcUrl: proxy.url } : c,
    ),
  }
}, 90_000)

afterAll(async () => {
  await stack?.stop()
  await proxy?.close()
})

/** Starts the winning solver behind the proxy, submits an intent to it, and kills it once it has opened. */
async function openThenDie(nonce: bigint): Promise<{ orderId: Hex; solver: Address }> {
  proxy.refuseSends(true)
  const node = await network.add({
    solver: 0,
    strategy: fixedFeeStrategy(2),
    manifest: faulty,
    roles: { relayer: false, keeper: false },
  })
  await waitForMesh([watcher, node])
  const signed = await signTestIntent({
    manifest: devnet.manifest,
    nonce,
    now: await chainNow(devnet.manifest),
    openIn: 60,
    fillIn: 120,
  })
  const response = await postIntent(node, stringifyIntent(signed))
  expect(response.status).toBe(202)
  const orderId = response.body.orderId as Hex
  const opened = await entryOf(watcher, orderId, 'opened')
  expect(opened.actor?.toLowerCase()).toBe(node.address.toLowerCase())
  await node.stop()
  return { orderId, solver: node.address }
}

describe('a solver killed between openFor and fill', () => {
  test('finishes the fill when restarted after a SIGKILL right after its openFor, without opening twice', async () => {
    proxy.refuseSends(true)
    const dir = await mkdtemp(join(tmpdir(), 'xmargin-killed-'))
    const config = (manifest: DevnetManifest) => ({
      manifest,
      bootstrap: watcher.multiaddrs(),
      dataDir: join(dir, 'data'),
      dir,
    })
    const first = await startSolverProcess(config(faulty))
    await waitForMesh([watcher])
    const signed = await signTestIntent({
      manifest: devnet.manifest,
      nonce: 3003n,
      openIn: 60,
      fillIn: 120,
      // The aggressive preset's quote is below the start fee: it may fill at once.
      fee: { startBps: 40, maxBps: 80, rampSeconds: 60 },
    })
    const response = await fetch(`${first.http}/v1/intents`, {
      method: 'POST',
      body: stringifyIntent(signed),
    })
    expect(response.status).toBe(202)
    const { orderId } = (await response.json()) as { orderId: Hex }
    const opened = await entryOf(watcher, orderId, 'opened')
    expect(opened.actor).toBe(devnet.manifest.accounts.solvers[0]?.address)
    first.kill('SIGKILL')
    await first.exited

    proxy.refuseSends(false)
    const second = await startSolverProcess(config(devnet.manifest))
    const filled = await entryOf(watcher, orderId, 'filled')
    expect(filled.actor).toBe(opened.actor)
    second.kill('SIGINT')
    expect(await second.exited).toBe(0)
    expect(await openCount(devnet.manifest, orderId)).toBe(1)
    expect(await fillCount(devnet.manifest, orderId)).toBe(1)
  })

  test('or, if it never comes back, the order is refunded after its fill deadline and the solver slashed', async () => {
    const { orderId, solver } = await openThenDie(3002n)
    const origin = chainOf(devnet.manifest, 'origin')
    const trader = devnet.manifest.accounts.traders[0]?.address as Address
    const weth = createPublicClient({ transport: http(origin.rpcUrl) })
    const before = await weth.readContract({
      address: origin.contracts.weth as Address,
      abi: erc20Abi,
      functionName: 'balanceOf',
      args: [trader],
    })

    // Past the fill deadline on both chains; the bystander's keeper expires the order.
    await advanceTime(devnet.manifest, 180)
    const expired = await entryOf(watcher, orderId, 'expired')
    expect(expired.chainId).toBe(chainOf(devnet.manifest, 'destination').chainId)
    const refunded = await entryOf(watcher, orderId, 'refunded')
    expect(String(refunded.detail.opener ?? refunded.actor).toLowerCase()).toContain(
      solver.toLowerCase().slice(2),
    )
    expect(BigInt(String(refunded.detail.slashed))).toBeGreaterThan(0n)
    const after = await eventually('the refund', async () => {
      const balance = await weth.readContract({
        address: origin.contracts.weth as Address,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [trader],
      })
      return balance > before ? balance : undefined
    })
    expect(after - before).toBe(10n ** 18n)
    expect(await fillCount(devnet.manifest, orderId)).toBe(0)
  })
})
