import type { DevnetChain, DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import {
  type Account,
  type Address,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  type PublicClient,
  type WalletClient,
} from 'viem'
import { turnOf, turnWaitMs, type WorkTurn } from '../../domain/turn/workTurn.ts'
import { createPollLoop } from '../pollLoop.ts'
import { MAILBOX_ABI } from './abis.ts'
import { awaitReceipts } from './awaitReceipts.ts'
import { createDispatchScanner, type DispatchedMessage, type DispatchScanner } from './dispatchScanner.ts'
import { AlreadyDeliveredError, ProcessRevertedError, RelayError } from './errors.ts'
import { messageIdMetadata } from './messageIdMetadata.ts'
import { type PreparedProcess, processReverted, sendProcess, simulateProcess } from './processMessage.ts'
import { type RouteSet, type RouteSetName, routeSetOf } from './routeSet.ts'
import { signCheckpoint } from './signCheckpoint.ts'

export type RelayerParameters = {
  manifest: DevnetManifest
  /** Pays for `Mailbox.process` on every destination (a funded devnet account: the keeper, a solver). */
  account: Account
  /** Route name → milliseconds to wait after the dispatch block before relaying (finality wait). */
  delayMs?: Readonly<Record<string, number>>
  /** Milliseconds between passes when started; 250 unless given. */
  pollMs?: number
  onEvent?: (event: RelayerEvent) => void
  /** Take turns with the other relayers on each message; a relayer without a turn delivers at once. */
  turn?: RelayTurn
}

/** This relayer's place among the network's relayers; `delayMs` is RELAY_TURN_DELAY_MS unless given. */
export type RelayTurn = Omit<WorkTurn, 'delayMs'> & { delayMs?: number }

/**
 * How long the k-th relayer of a message waits after the first: one block plus one poll on the devnet
 * (1 s blocks, 250 ms polls), so the first relayer's `process` is mined and `delivered` reads true before
 * the next one looks. While the first-ranked relayer is up a message waits no longer than before; each
 * relayer ranked ahead of the one that delivers and is down adds one delay, at most (n − 1) × 1.5 s with
 * n nodes (3 s on the three-solver devnet). That wait is part of T_message, so a route's
 * `messageSeconds` must cover its delivery plus the failures it tolerates (the devnet's 12 s does).
 */
export const RELAY_TURN_DELAY_MS = 1_500

/** Reads, signatures and simulations in flight at once in a pass. */
const PARALLEL = 8

export type DeliveredMessage = {
  message: DispatchedMessage
  route: string
  set: RouteSetName
  transactionHash: Hex
  /** Wall clock when the destination receipt arrived. */
  handledAtMs: number
  /** `handledAtMs` minus the dispatch block's timestamp (whole seconds: up to 1 s too long). */
  latencyMs: number
}

export type RelayerEvent =
  | ({ type: 'message:delivered' } & DeliveredMessage)
  | { type: 'message:skipped'; message: DispatchedMessage; reason: string }
  /** Another relayer delivered it first; `transactionHash` is ours if it was mined and reverted. */
  | { type: 'message:lost-race'; message: DispatchedMessage; transactionHash?: Hex }
  | { type: 'message:failed'; message: DispatchedMessage; error: RelayError }
  | { type: 'relay:error'; error: unknown }

export type Relayer = {
  /** One pass: read new dispatches on every chain, deliver those due and not yet delivered. */
  relayOnce(): Promise<DeliveredMessage[]>
  /** Relays in a loop until `stop()`. */
  start(): void
  stop(): Promise<void>
}

type ChainClients = {
  chain: DevnetChain
  public: PublicClient
  wallet: WalletClient
  scanner: DispatchScanner
}

/** A message left to deliver, and when this relayer first saw it (its turn counts from there). */
type PendingMessage = { message: DispatchedMessage; seenAtMs: number }
type Ready = { message: DispatchedMessage; destination: ChainClients; routeSet: RouteSet }
type Submitted = { message: DispatchedMessage; routeSet: RouteSet; hash: Hex }

/**
 * The relayer role. It keeps no file: what is left to do is derived from chain state (`delivered` on
 * the destination Mailbox), so a restarted relayer rescans from the deploy block and neither loses nor
 * repeats a message. Relayers with a `turn` take each message in the order of WorkTurn's ranking, each
 * reading `delivered` again when its turn comes; a race lost anyway (without turns, or a turn too short
 * for the chain) is reported as `message:lost-race`, not as a failure.
 */
export function createRelayer(parameters: RelayerParameters): Relayer {
  const { manifest, account } = parameters
  const emit = parameters.onEvent ?? (() => {})
  const chains = new Map<number, ChainClients>(
    manifest.chains.map((chain) => {
      const client = createPublicClient({ transport: http(chain.rpcUrl), pollingInterval: 50 })
      const wallet = createWalletClient({ transport: http(chain.rpcUrl), account })
      return [chain.chainId, { chain, public: client, wallet, scanner: createDispatchScanner(chain, client) }]
    }),
  )
  const turn: WorkTurn | undefined =
    parameters.turn === undefined
      ? undefined
      : { ...parameters.turn, delayMs: parameters.turn.delayMs ?? RELAY_TURN_DELAY_MS }
  const pending = new Map<Hex, PendingMessage>()

  async function relayOnce(): Promise<DeliveredMessage[]> {
    for (const { scanner } of chains.values()) {
      const seenAtMs = Date.now()
      for (const message of await scanner.update()) pending.set(message.id, { message, seenAtMs })
    }
    // A burst of messages must not outlast the next relayer's turn: reads, signatures and simulations
    // run side by side, the messages this relayer is first for go first, and only the sends (each
    // takes the next nonce) go one at a time; then every receipt is awaited together.
    const items = [...pending.values()]
    const steps = await mapLimited(items, PARALLEL, ({ message, seenAtMs }) => nextStep(message, seenAtMs))
    const ready: Ready[] = []
    for (const [i, step] of steps.entries()) {
      const message = items[i]?.message as DispatchedMessage
      if (step === 'done') pending.delete(message.id)
      else if (step !== 'wait') ready.push({ message, ...step })
    }
    if (turn !== undefined) {
      const place = (r: Ready) => turnOf(r.message.id, turn.self, turn.nodes)
      ready.sort((a, b) => place(a) - place(b))
    }
    const prepared = await mapLimited(ready, PARALLEL, async (r): Promise<PreparedProcess | undefined> => {
      try {
        return await prepare(r)
      } catch (error) {
        await failed(r.destination, r.message, error)
        return undefined
      }
    })
    const submitted = new Map<number, { destination: ChainClients; sent: Submitted[] }>()
    for (const [i, r] of ready.entries()) {
      const request = prepared[i]
      if (request === undefined) continue
      try {
        const hash = await sendProcess(request)
        const chain = submitted.get(r.message.destination) ?? { destination: r.destination, sent: [] }
        chain.sent.push({ message: r.message, routeSet: r.routeSet, hash })
        submitted.set(r.message.destination, chain)
      } catch (error) {
        await failed(r.destination, r.message, error)
      }
    }
    const delivered: DeliveredMessage[] = []
    const settle = async ({ destination, sent }: { destination: ChainClients; sent: Submitted[] }) => {
      const receipts = await awaitReceipts({ client: destination.public, hashes: sent.map((s) => s.hash) })
      for (const { message, routeSet, hash } of sent) {
        if (receipts.get(hash)?.status !== 'success') {
          await failed(destination, message, processReverted(hash))
          continue
        }
        const handledAtMs = Date.now()
        const outcome: DeliveredMessage = {
          message,
          route: routeSet.route.name,
          set: routeSet.set,
          transactionHash: hash,
          handledAtMs,
          latencyMs: handledAtMs - message.dispatchedAtMs,
        }
        pending.delete(message.id)
        delivered.push(outcome)
        emit({ type: 'message:delivered', ...outcome })
      }
    }
    await Promise.all([...submitted.values()].map(settle))
    return delivered
  }

  /**
   * After a refused or reverted `process`: a race lost, or a failure (retried next pass). Refused as
   * already delivered while `delivered` still reads false, another relayer's `process` is pending: the
   * message stays, and the next pass finds it delivered.
   */
  async function failed(
    destination: ChainClients,
    message: DispatchedMessage,
    error: unknown,
  ): Promise<void> {
    const deliveredNow = await isDelivered(destination, message.id)
    if (deliveredNow || error instanceof AlreadyDeliveredError) {
      const hash = error instanceof ProcessRevertedError ? error.transactionHash : undefined
      if (deliveredNow) pending.delete(message.id)
      emit({ type: 'message:lost-race', message, ...(hash === undefined ? {} : { transactionHash: hash }) })
      return
    }
    const failure =
      error instanceof RelayError
        ? error
        : new RelayError(`process of ${message.id} failed`, { cause: error })
    emit({ type: 'message:failed', message, error: failure })
  }

  /** What to do with a pending message now: wait, forget it, or deliver it over `routeSet`. */
  async function nextStep(
    message: DispatchedMessage,
    seenAtMs: number,
  ): Promise<'done' | 'wait' | { destination: ChainClients; routeSet: RouteSet }> {
    const destination = chains.get(message.destination)
    if (destination === undefined) {
      emit({
        type: 'message:skipped',
        message,
        reason: `destination ${message.destination} is not in the manifest`,
      })
      return 'done'
    }
    let routeSet: RouteSet | undefined
    try {
      routeSet = routeSetOf(manifest, message.destination, message.recipient)
    } catch (error) {
      emit({ type: 'message:failed', message, error: error as RelayError })
      return 'done'
    }
    if (routeSet === undefined) {
      emit({
        type: 'message:skipped',
        message,
        reason: `recipient ${message.recipient} is no route's messenger`,
      })
      return 'done'
    }
    // The turn counts on this machine's clock from when the message was seen, so nodes need not agree
    // on the chain's clock; until it comes, the message costs no read.
    if (turn !== undefined && Date.now() < seenAtMs + turnWaitMs(message.id, turn)) return 'wait'
    if (await isDelivered(destination, message.id)) return 'done'
    const delay = parameters.delayMs?.[routeSet.route.name] ?? 0
    // No delay means no clock comparison: a chain whose time was moved ahead of the wall clock
    // (evm_increaseTime on a devnet) would otherwise hold every message back.
    if (delay > 0 && Date.now() < message.dispatchedAtMs + delay) return 'wait'
    return { destination, routeSet }
  }

  async function isDelivered(destination: ChainClients, id: Hex): Promise<boolean> {
    return destination.public.readContract({
      address: destination.chain.contracts.mailbox as Address,
      abi: MAILBOX_ABI,
      functionName: 'delivered',
      args: [id],
    })
  }

  async function prepare({ destination, message, routeSet }: Ready): Promise<PreparedProcess> {
    const signatures = await signCheckpoint({
      checkpoint: {
        origin: message.origin,
        merkleTreeHook: message.merkleTreeHook,
        root: message.root,
        index: message.index,
        messageId: message.id,
      },
      privateKeys: routeSet.signerKeys,
    })
    const metadata = messageIdMetadata({ ...message, signatures })
    return simulateProcess({
      publicClient: destination.public,
      walletClient: destination.wallet,
      mailbox: destination.chain.contracts.mailbox as Address,
      metadata,
      message: message.message,
    })
  }

  const poll = createPollLoop({
    pass: relayOnce,
    pollMs: parameters.pollMs ?? 250,
    onError: (error) => emit({ type: 'relay:error', error }),
  })

  return {
    relayOnce,
    start: () => poll.start(),
    stop: () => poll.stop(),
  }
}

/** `work` on every item, at most `limit` at a time, results in the items' order. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const lane = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await work(items[i] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
  return results
}
