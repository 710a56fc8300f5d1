import { multiaddr } from '@multiformats/multiaddr'
import type { Libp2p } from 'libp2p'
import type { Logger } from '../createLogger.ts'

export type CreateBootstrapDialerParameters = {
  libp2p: Libp2p
  /** Multiaddrs with `/p2p/<id>`; the node's own address may be listed (shared configs) and is skipped. */
  bootstrap: readonly string[]
  logger: Logger
  /** First retry delay; doubles per failure up to `maxRetryMs`. */
  minRetryMs?: number
  maxRetryMs?: number
}

export type BootstrapDialer = {
  start(): void
  stop(): void
}

type Target = {
  addr: string
  peerId: string
  delayMs: number
  timer: NodeJS.Timeout | undefined
  failures: number
}

/**
 * Keeps a connection to every bootstrap peer: dials at start, re-dials with backoff after a failure or a
 * disconnect, never gives up. @libp2p/bootstrap dials once and libp2p's reconnect queue stops after five
 * tries, so a node started before its bootstrap peer (or cut off for a while) would stay alone.
 */
export function createBootstrapDialer({
  libp2p,
  bootstrap,
  logger,
  minRetryMs = 1_000,
  maxRetryMs = 30_000,
}: CreateBootstrapDialerParameters): BootstrapDialer {
  const self = libp2p.peerId.toString()
  const targets = new Map<string, Target>()
  for (const addr of bootstrap) {
    const peerId = multiaddr(addr).getPeerId()
    if (peerId === null || peerId === self) continue
    targets.set(peerId, { addr, peerId, delayMs: minRetryMs, timer: undefined, failures: 0 })
  }
  let running = false

  const dial = async (target: Target): Promise<void> => {
    target.timer = undefined
    if (!running) return
    try {
      await libp2p.dial(multiaddr(target.addr))
      target.delayMs = minRetryMs
      // Back after failures is news for an operator who saw the warnings; a first connect is not.
      if (target.failures > 0)
        logger.info({ peer: target.peerId, failures: target.failures }, 'connected to bootstrap peer')
      else logger.debug({ peer: target.peerId }, 'connected to bootstrap peer')
      target.failures = 0
    } catch (error) {
      target.failures += 1
      // A wrong address or a peer that is down is the operator's to fix: warn on the first failure
      // and then once the backoff reaches its cap (every `maxRetryMs`), not on every retry.
      const level = target.failures === 1 || target.delayMs >= maxRetryMs ? 'warn' : 'debug'
      logger[level](
        { peer: target.peerId, addr: target.addr, failures: target.failures, err: (error as Error).message },
        'bootstrap dial failed; retrying',
      )
      schedule(target)
    }
  }

  const schedule = (target: Target, delayMs = target.delayMs): void => {
    if (!running || target.timer !== undefined) return
    target.timer = setTimeout(() => {
      dial(target).catch(() => {})
    }, delayMs)
    target.delayMs = Math.min(target.delayMs * 2, maxRetryMs)
  }

  const onDisconnect = (event: CustomEvent<{ toString(): string }>): void => {
    const target = targets.get(event.detail.toString())
    if (target !== undefined) schedule(target, minRetryMs)
  }

  return {
    start() {
      if (running) return
      running = true
      libp2p.addEventListener('peer:disconnect', onDisconnect)
      for (const target of targets.values()) schedule(target, 0)
    },
    stop() {
      running = false
      libp2p.removeEventListener('peer:disconnect', onDisconnect)
      for (const target of targets.values()) {
        clearTimeout(target.timer)
        target.timer = undefined
        target.delayMs = minRetryMs
      }
    },
  }
}
