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
import { createPollLoop } from '../pollLoop.ts'
import { MAILBOX_ABI } from './abis.ts'
import { createDispatchScanner, type DispatchedMessage, type DispatchScanner } from './dispatchScanner.ts'
import { RelayError } from './errors.ts'
import { messageIdMetadata } from './messageIdMetadata.ts'
import { processMessage } from './processMessage.ts'
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
}

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

/**
 * The relayer role. It keeps no file: what is left to do is derived from chain state (`delivered` on
 * the destination Mailbox), so a restarted relayer rescans from the deploy block and neither loses nor
 * repeats a message; two relayers racing lose one `process` to "already delivered", which is skipped.
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
  const pending = new Map<Hex, DispatchedMessage>()

  async function relayOnce(): Promise<DeliveredMessage[]> {
    for (const { scanner } of chains.values()) {
      for (const message of await scanner.update()) pending.set(message.id, message)
    }
    const delivered: DeliveredMessage[] = []
    for (const message of [...pending.values()]) {
      const outcome = await relayMessage(message)
      if (outcome === 'wait') continue
      pending.delete(message.id)
      if (outcome !== 'done') {
        delivered.push(outcome)
        emit({ type: 'message:delivered', ...outcome })
      }
    }
    return delivered
  }

  async function relayMessage(message: DispatchedMessage): Promise<DeliveredMessage | 'done' | 'wait'> {
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
    if (await isDelivered(destination, message.id)) return 'done'
    const delay = parameters.delayMs?.[routeSet.route.name] ?? 0
    // No delay means no clock comparison: a chain whose time was moved ahead of the wall clock
    // (evm_increaseTime on a devnet) would otherwise hold every message back.
    if (delay > 0 && Date.now() < message.dispatchedAtMs + delay) return 'wait'
    try {
      const transactionHash = await deliver(destination, message, routeSet)
      const handledAtMs = Date.now()
      return {
        message,
        route: routeSet.route.name,
        set: routeSet.set,
        transactionHash,
        handledAtMs,
        latencyMs: handledAtMs - message.dispatchedAtMs,
      }
    } catch (error) {
      // Another relayer may have won the race; then there is nothing left to do.
      if (await isDelivered(destination, message.id)) return 'done'
      const failure =
        error instanceof RelayError
          ? error
          : new RelayError(`process of ${message.id} failed`, { cause: error })
      emit({ type: 'message:failed', message, error: failure })
      return 'wait'
    }
  }

  async function isDelivered(destination: ChainClients, id: Hex): Promise<boolean> {
    return destination.public.readContract({
      address: destination.chain.contracts.mailbox as Address,
      abi: MAILBOX_ABI,
      functionName: 'delivered',
      args: [id],
    })
  }

  async function deliver(
    destination: ChainClients,
    message: DispatchedMessage,
    routeSet: RouteSet,
  ): Promise<Hex> {
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
    return processMessage({
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
