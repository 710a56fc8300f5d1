import { stringifyIntent } from '@xmargin/intents'
import type { SolverNode } from '@xmargin/solver'
import { fixedFeeStrategy, signTestIntent } from '@xmargin/solver/testing'
import type { Hex } from 'viem'
import { expect } from 'vitest'
import { chainNow, eventually, postIntent, waitForMesh } from '../solver/networkHelpers.ts'
import { type Attacker, type AttackStack, bondFreshSolver, startAttackStack } from './attackNetwork.ts'
import type { ChaosProxy } from './chaosProxy.ts'
import { proxyChain } from './proxiedChain.ts'
import { startMeshedAttacker } from './startMeshedAttacker.ts'

/**
 * Where a solver unbonds right after bidding: the relay A (solver 0), whose origin RPC goes through
 * `proxy` (it passes everything until a test stalls it), is the only peer of the attacker; the judge C
 * (solver 1) hears the attacker's bids only as A relays them. Neither bids, so `orderIds` stay open
 * for the attacker to bid on.
 */
export type UnbondRelayNetwork = {
  stack: AttackStack
  proxy: ChaosProxy
  relay: SolverNode
  judge: SolverNode
  /** Ten live orders, all held by both nodes. */
  orderIds: Hex[]
  /** A fresh bonded attacker meshed with the relay only, with one bid on the first order that both nodes took. */
  bondedAttackerBehindRelay(): Promise<{ key: Hex; attacker: Attacker }>
  stop(): Promise<void>
}

export async function startUnbondRelayNetwork(): Promise<UnbondRelayNetwork> {
  const stack = await startAttackStack([{ solver: 1, strategy: fixedFeeStrategy(null) }])
  const { manifest } = stack.devnet
  const origin = await proxyChain(manifest, 'origin')
  const stop = async () => {
    await stack.stop()
    await origin.proxy.close()
  }
  try {
    const judge = stack.nodes[0] as SolverNode
    const relay = await stack.add({ solver: 0, strategy: fixedFeeStrategy(null), manifest: origin.manifest })
    await waitForMesh([relay, judge])
    const orderIds: Hex[] = []
    const now = await chainNow(manifest)
    for (let i = 0; i < 10; i++) {
      const signed = await signTestIntent({ manifest, trader: i % 2, nonce: 91_000n + BigInt(i), now })
      const response = await postIntent(judge, stringifyIntent(signed))
      expect(response.status).toBe(202)
      orderIds.push(response.body.orderId as Hex)
    }
    await eventually('the relay holds every order', () =>
      orderIds.every((id) => relay.timeline(id).length > 0) ? true : undefined,
    )

    async function bondedAttackerBehindRelay() {
      const key = await bondFreshSolver(manifest)
      const attacker = await startMeshedAttacker({ manifest, privateKey: key, peers: [relay] })
      const first = orderIds[0] as Hex
      await attacker.bid(first, 5, 2 ** 32 - 1)
      await eventually('both nodes took its first bid (and cached it as active)', () =>
        [relay, judge].every((n) =>
          n.timeline(first).some((e) => e.kind === 'bid' && e.actor === attacker.address),
        )
          ? true
          : undefined,
      )
      return { key, attacker }
    }

    return { stack, proxy: origin.proxy, relay, judge, orderIds, bondedAttackerBehindRelay, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
