import type { MarginIntent } from '@xmargin/intents'
import type { DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import type { QuoteState } from '../domain/strategy/strategy.ts'
import type { MarketSnapshot } from './marketReader.ts'

export type QuoteStateOfParameters = {
  manifest: DevnetManifest
  intent: MarginIntent
  snapshot: MarketSnapshot
}

export type QuoteStateOfReturnType =
  | {
      /** Everything but the rebalance fee, which needs the Across model (asynchronous). */
      quoteState: Omit<QuoteState, 'rebalanceFeeBps'>
      /** What the solver fronts on the destination, in settlement-token base units. */
      frontAmount: bigint
    }
  | undefined

const WAD = 10n ** 18n

/**
 * Turns the market snapshot into the strategy's inputs for one intent. Undefined when a price the
 * quote needs is missing or stale: a solver that cannot price an order does not bid on it.
 */
export function quoteStateOf({ manifest, intent, snapshot }: QuoteStateOfParameters): QuoteStateOfReturnType {
  const { orderData } = intent
  const collateral = manifest.collaterals.find(
    (c) =>
      BigInt(c.chainId) === intent.originChainId &&
      c.token.toLowerCase() === orderData.collateralToken.toLowerCase(),
  )
  const route = manifest.routes[orderData.route]
  const ethFeed = manifest.feeds['ETH/USD']
  if (collateral === undefined || route === undefined || ethFeed === undefined) return undefined
  const collateralPrice = snapshot.prices.get(collateral.feedId)
  const ethPrice = snapshot.prices.get(ethFeed.id)
  if (collateralPrice === undefined || ethPrice === undefined) return undefined
  const settlementDecimals = 6
  // The engine values remote collateral at the oracle's low side less the haircut; the solver fronts
  // that much margin in the settlement token until `Locked` arrives and repays it.
  const collateralValueWad =
    (orderData.collateralAmount * collateralPrice) / 10n ** BigInt(collateral.decimals)
  const frontWad = (collateralValueWad * BigInt(10_000 - collateral.haircutBps)) / 10_000n
  const frontAmount = (frontWad * 10n ** BigInt(settlementDecimals)) / WAD
  return {
    frontAmount,
    quoteState: {
      nowSeconds: Math.floor(Date.now() / 1000),
      gasPriceWei: snapshot.gasPriceWei,
      ethUsd: toNumber(ethPrice),
      collateralUsd: toNumber(collateralPrice),
      collateralDecimals: collateral.decimals,
      routeLatencySeconds: route.messageSeconds,
      frontUsd: toNumber(frontWad),
      inventoryUsd: Number(snapshot.inventory) / 10 ** settlementDecimals,
    },
  }
}

/** 18-decimal fixed point to a float: only for the strategy's estimate, never for a transaction. */
function toNumber(wad: bigint): number {
  return Number(wad / 10n ** 9n) / 1e9
}
