import { type MarginIntent, type SignedMarginIntent, signIntent, stringifyIntent } from '@xmargin/intents'
import { chainOf, type DevAccount, type DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import type { SolverNode, TimelineEntry, TimelineKind } from '@xmargin/solver'
import { type Address, type Hex, parseUnits } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { randomNonce } from '../intent/randomNonce.ts'

/** One trade of the demo, in the words a trader would use. */
export type DemoTrade = {
  label: string
  trader: DevAccount
  collateral: 'WETH' | 'USDC'
  amount: string
  market: 'ETH-USD' | 'BTC-USD'
  isLong: boolean
  size: string
  limitPrice: string
  maxLeverage: number
}

/** The fee schedule every demo intent signs: from `startBps` to `maxBps` over `rampSeconds`. */
export const DEMO_FEE = { startBps: 10, maxBps: 50, rampSeconds: 40 } as const

/** Signs `trade` as its trader with a fresh Permit2 nonce, deadlines relative to the chain's clock. */
export async function signTrade(
  manifest: DevnetManifest,
  trade: DemoTrade,
  nowSeconds: number,
): Promise<SignedMarginIntent> {
  const origin = chainOf(manifest, 'origin')
  const destination = chainOf(manifest, 'destination')
  const collateral = manifest.collaterals.find(
    (c) => c.chainId === origin.chainId && c.symbol === trade.collateral,
  )
  if (collateral === undefined) throw new Error(`the devnet has no ${trade.collateral} collateral`)
  const intent: MarginIntent = {
    originSettler: origin.contracts.collateralVault as Address,
    user: trade.trader.address,
    nonce: randomNonce(),
    originChainId: BigInt(origin.chainId),
    openDeadline: nowSeconds + 120,
    fillDeadline: nowSeconds + 300,
    orderData: {
      collateralToken: collateral.token,
      collateralAmount: parseUnits(trade.amount, collateral.decimals),
      destinationChainId: BigInt(destination.chainId),
      destinationSettler: destination.contracts.marginEngine as Address,
      recipient: trade.trader.address,
      market: trade.market,
      isLong: trade.isLong,
      size: parseUnits(trade.size, 18),
      limitPrice: parseUnits(trade.limitPrice, 18),
      maxLeverageBps: trade.maxLeverage * 10_000,
      fee: {
        startBps: DEMO_FEE.startBps,
        maxBps: DEMO_FEE.maxBps,
        startTime: nowSeconds,
        endTime: nowSeconds + DEMO_FEE.rampSeconds,
      },
      route: 'hyperlane',
    },
  }
  return signIntent({ intent, account: privateKeyToAccount(trade.trader.privateKey) })
}

export type SubmitReturnType = { orderId: Hex; status: number; body: Record<string, unknown> }

/** Posts the signed intent to a node's HTTP API, exactly as `xmargin intent submit` does. */
export async function submitTrade(nodeUrl: string, signed: SignedMarginIntent): Promise<SubmitReturnType> {
  const response = await fetch(`${nodeUrl}/v1/intents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: stringifyIntent(signed),
  })
  const body = (await response.json()) as Record<string, unknown>
  if (response.status >= 400) {
    throw new Error(`the node refused the intent: ${String(body.code)}: ${String(body.message)}`)
  }
  return { orderId: body.orderId as Hex, status: response.status, body }
}

/**
 * Resolves with the first timeline entry of `orderId` whose kind is in `kinds`, as `node` records it
 * (already recorded, or arriving later); rejects after `timeoutMs` naming what it waited for.
 */
export function waitForEntry(
  node: SolverNode,
  orderId: Hex,
  kinds: readonly TimelineKind[],
  timeoutMs: number,
): Promise<TimelineEntry> {
  return new Promise((resolve, reject) => {
    const done = (entry: TimelineEntry) => {
      clearTimeout(timer)
      unsubscribe()
      resolve(entry)
    }
    const unsubscribe = node.subscribe((entry) => {
      if (entry.orderId === orderId && kinds.includes(entry.kind)) done(entry)
    })
    const timer = setTimeout(() => {
      unsubscribe()
      reject(new Error(`waited ${timeoutMs / 1000} s for ${kinds.join('/')} of ${orderId.slice(0, 10)}…`))
    }, timeoutMs)
    const existing = node.timeline(orderId).find((entry) => kinds.includes(entry.kind))
    if (existing !== undefined) done(existing)
  })
}
