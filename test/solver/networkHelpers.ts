import { chainOf, type DevnetManifest, loadArtifact } from '@xmargin/settlement-contracts/deploy'
import type { SolverNode, TimelineEntry, TimelineKind } from '@xmargin/solver'
import { type Address, createPublicClient, type Hex, http, parseAbiItem } from 'viem'

/** Polls until `condition` holds; throws with `what` after `timeoutMs` (a test failure, not a speed limit). */
export async function eventually<T>(
  what: string,
  condition: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 45_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await condition()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((done) => setTimeout(done, 50))
  }
}

/** The node's first timeline entry of `kind` for the order, once it has one. */
export function entryOf(
  node: SolverNode,
  orderId: Hex,
  kind: TimelineKind,
  timeoutMs?: number,
): Promise<TimelineEntry> {
  return eventually(
    `${kind} of ${orderId.slice(0, 10)} on ${node.name}`,
    () => node.timeline(orderId).find((entry) => entry.kind === kind),
    timeoutMs,
  ).catch((error: unknown) => {
    // What the node did see is what tells a failure apart from a slow machine.
    const seen = node
      .timeline(orderId)
      .map((e) => `${e.kind}${e.detail.reason === undefined ? '' : `(${String(e.detail.reason)})`}`)
    throw new Error(`${(error as Error).message}; its timeline: ${seen.join(', ') || 'empty'}`)
  })
}

/** Waits until every node sees the others over gossip (and one more heartbeat for the meshes). */
export async function waitForMesh(nodes: readonly SolverNode[]): Promise<void> {
  await eventually('the gossip mesh', async () => {
    const health = await Promise.all(nodes.map((n) => fetch(`${n.httpUrl()}/healthz`).then((r) => r.json())))
    return health.every((h) => (h as { peers: number }).peers >= nodes.length - 1) ? true : undefined
  })
  await new Promise((done) => setTimeout(done, 1_500))
}

/** How many times the engine emitted `Filled` for the order: a fill is final, so it must be at most one. */
export async function fillCount(manifest: DevnetManifest, orderId: Hex): Promise<number> {
  const destination = chainOf(manifest, 'destination')
  const client = createPublicClient({ transport: http(destination.rpcUrl) })
  const logs = await client.getContractEvents({
    address: destination.contracts.marginEngine as Address,
    abi: loadArtifact('MarginEngine.sol').abi,
    eventName: 'Filled',
    args: { orderId },
    fromBlock: 0n,
  })
  return logs.length
}

/** How many times the vault emitted ERC-7683 `Open` for the order. */
export async function openCount(manifest: DevnetManifest, orderId: Hex): Promise<number> {
  const origin = chainOf(manifest, 'origin')
  const client = createPublicClient({ transport: http(origin.rpcUrl) })
  const logs = await client.getLogs({
    address: origin.contracts.collateralVault as Address,
    event: parseAbiItem(
      'event Open(bytes32 indexed orderId, (address user, uint256 originChainId, uint32 openDeadline, uint32 fillDeadline, bytes32 orderId, (bytes32 token, uint256 amount, bytes32 recipient, uint256 chainId)[] maxSpent, (bytes32 token, uint256 amount, bytes32 recipient, uint256 chainId)[] minReceived, (uint64 destinationChainId, bytes32 destinationSettler, bytes originData)[] fillInstructions) resolvedOrder)',
    ),
    args: { orderId },
    fromBlock: 0n,
  })
  return logs.length
}

/** The origin chain's latest block time: what intents' deadlines count from. */
export async function chainNow(manifest: DevnetManifest): Promise<number> {
  const client = createPublicClient({ transport: http(chainOf(manifest, 'origin').rpcUrl) })
  return Number((await client.getBlock()).timestamp)
}

export async function postIntent(
  node: SolverNode,
  body: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${node.httpUrl()}/v1/intents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}
