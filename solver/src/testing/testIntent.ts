import { type MarginIntent, type SignedMarginIntent, signIntent } from '@xmargin/intents'
import { chainOf, type DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import { type Address, createPublicClient, type Hex, http, parseEther } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

export type TestIntentParameters = {
  manifest: DevnetManifest
  /** Index into the devnet's traders; 0 unless given. */
  trader?: number
  /** Any signer instead of a devnet trader (e.g. a stranger's key); wins over `trader`. */
  privateKey?: Hex
  nonce: bigint
  /** Chain time (unix seconds) the deadlines and the fee schedule count from; the origin's latest block unless given. */
  now?: number
  collateralAmount?: bigint
  size?: bigint
  isLong?: boolean
  limitPrice?: bigint
  maxLeverageBps?: number
  fee?: { startBps: number; maxBps: number; rampSeconds: number }
  /** Seconds from `now` to the open deadline; 300 unless given, never past the fill deadline. */
  openIn?: number
  /** Seconds from `now` to the fill deadline; 600 unless given. */
  fillIn?: number
  /** The messaging route the trader trusts; `hyperlane` unless given. */
  route?: string
}

/**
 * A devnet trader's signed intent, as a wallet would produce it: by default 1 WETH of collateral for a
 * 0.5 ETH long on ETH-USD at up to $3,100 and 10×, fee 2 → 30 bps over two minutes, open within 5 and
 * fill within 10 minutes, over the `hyperlane` route.
 */
export async function signTestIntent(parameters: TestIntentParameters): Promise<SignedMarginIntent> {
  const { manifest } = parameters
  const origin = chainOf(manifest, 'origin')
  const destination = chainOf(manifest, 'destination')
  const account = privateKeyToAccount(parameters.privateKey ?? traderKey(manifest, parameters.trader ?? 0))
  const now = parameters.now ?? (await originNow(origin.rpcUrl))
  const fillIn = parameters.fillIn ?? 600
  const fee = parameters.fee ?? { startBps: 2, maxBps: 30, rampSeconds: 120 }
  const intent: MarginIntent = {
    originSettler: origin.contracts.collateralVault as Address,
    user: account.address,
    nonce: parameters.nonce,
    originChainId: BigInt(origin.chainId),
    openDeadline: now + Math.min(parameters.openIn ?? 300, fillIn),
    fillDeadline: now + fillIn,
    orderData: {
      collateralToken: origin.contracts.weth as Address,
      collateralAmount: parameters.collateralAmount ?? parseEther('1'),
      destinationChainId: BigInt(destination.chainId),
      destinationSettler: destination.contracts.marginEngine as Address,
      recipient: account.address,
      market: 'ETH-USD',
      isLong: parameters.isLong ?? true,
      size: parameters.size ?? parseEther('0.5'),
      limitPrice: parameters.limitPrice ?? parseEther('3100'),
      maxLeverageBps: parameters.maxLeverageBps ?? 100_000,
      fee: { startBps: fee.startBps, maxBps: fee.maxBps, startTime: now, endTime: now + fee.rampSeconds },
      route: parameters.route ?? 'hyperlane',
    },
  }
  return signIntent({ intent, account })
}

function traderKey(manifest: DevnetManifest, index: number): Hex {
  const trader = manifest.accounts.traders[index]
  if (trader === undefined) throw new RangeError(`the devnet has no trader ${index}`)
  return trader.privateKey
}

async function originNow(rpcUrl: string): Promise<number> {
  const block = await createPublicClient({ transport: http(rpcUrl) }).getBlock()
  return Number(block.timestamp)
}
