import { type MarginIntent, type SignedMarginIntent, signIntent } from '@xmargin/intents'
import { chainOf, type DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import { type Address, parseEther } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

export type TestIntentParameters = {
  manifest: DevnetManifest
  /** Index into the devnet's traders; 0 unless given. */
  trader?: number
  nonce: bigint
  /** Chain time (unix seconds) the deadlines and the fee schedule count from. */
  now: number
  collateralAmount?: bigint
  size?: bigint
  isLong?: boolean
  limitPrice?: bigint
  fee?: { startBps: number; maxBps: number; rampSeconds: number }
  openIn?: number
  fillIn?: number
}

/**
 * A devnet trader's signed intent: by default 1 WETH of collateral for a 0.5 ETH long on ETH-USD at up
 * to $3,100, fee 2 → 30 bps over two minutes, open within 5 and fill within 10 minutes.
 */
export async function signTestIntent(parameters: TestIntentParameters): Promise<SignedMarginIntent> {
  const { manifest, now } = parameters
  const origin = chainOf(manifest, 'origin')
  const destination = chainOf(manifest, 'destination')
  const trader = manifest.accounts.traders[parameters.trader ?? 0]
  if (trader === undefined) throw new RangeError(`the devnet has no trader ${parameters.trader}`)
  const fee = parameters.fee ?? { startBps: 2, maxBps: 30, rampSeconds: 120 }
  const intent: MarginIntent = {
    originSettler: origin.contracts.collateralVault as Address,
    user: trader.address,
    nonce: parameters.nonce,
    originChainId: BigInt(origin.chainId),
    openDeadline: now + (parameters.openIn ?? 300),
    fillDeadline: now + (parameters.fillIn ?? 600),
    orderData: {
      collateralToken: origin.contracts.weth as Address,
      collateralAmount: parameters.collateralAmount ?? parseEther('1'),
      destinationChainId: BigInt(destination.chainId),
      destinationSettler: destination.contracts.marginEngine as Address,
      recipient: trader.address,
      market: 'ETH-USD',
      isLong: parameters.isLong ?? true,
      size: parameters.size ?? parseEther('0.5'),
      limitPrice: parameters.limitPrice ?? parseEther('3100'),
      maxLeverageBps: 100_000,
      fee: { startBps: fee.startBps, maxBps: fee.maxBps, startTime: now, endTime: now + fee.rampSeconds },
      route: 'hyperlane',
    },
  }
  return signIntent({ intent, account: privateKeyToAccount(trader.privateKey) })
}
