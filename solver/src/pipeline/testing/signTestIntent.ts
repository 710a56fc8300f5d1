import { hashIntent, type SignedMarginIntent, signIntent } from '@xmargin/intents'
import { chainOf, type DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import { type Address, createPublicClient, type Hex, http, parseEther } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

export type SignTestIntentParameters = {
  manifest: DevnetManifest
  /** Permit2 nonce of the trader; one intent per nonce. */
  nonce: bigint
  /** Seconds from the origin's latest block to the open deadline; 300 unless given. */
  openInSeconds?: number
  /** Worst acceptable entry price (18 decimals); 3,100 unless given (the devnet's ETH is at 3,000). */
  limitPrice?: bigint
}

export type SignTestIntentReturnType = { signed: SignedMarginIntent; orderId: Hex }

/** A trader's signed intent on the devnet (1 WETH, long 0.5 ETH-USD, limit 3,100), as testDevnet's openForIntent builds it. */
export async function signTestIntent(
  parameters: SignTestIntentParameters,
): Promise<SignTestIntentReturnType> {
  const { manifest, nonce } = parameters
  const origin = chainOf(manifest, 'origin')
  const destination = chainOf(manifest, 'destination')
  const trader = manifest.accounts.traders[0]
  if (trader === undefined) throw new Error('test devnet has no trader')
  const { timestamp } = await createPublicClient({ transport: http(origin.rpcUrl) }).getBlock()
  const now = Number(timestamp)
  const signed = await signIntent({
    intent: {
      originSettler: origin.contracts.collateralVault as Address,
      user: trader.address,
      nonce,
      originChainId: BigInt(origin.chainId),
      openDeadline: now + (parameters.openInSeconds ?? 300),
      fillDeadline: now + 600,
      orderData: {
        collateralToken: origin.contracts.weth as Address,
        collateralAmount: parseEther('1'),
        destinationChainId: BigInt(destination.chainId),
        destinationSettler: destination.contracts.marginEngine as Address,
        recipient: trader.address,
        market: 'ETH-USD',
        isLong: true,
        size: parseEther('0.5'),
        limitPrice: parameters.limitPrice ?? parseEther('3100'),
        maxLeverageBps: 100_000,
        fee: { startBps: 2, maxBps: 30, startTime: now, endTime: now + 120 },
        route: 'hyperlane',
      },
    },
    account: privateKeyToAccount(trader.privateKey),
  })
  return { signed, orderId: hashIntent(signed.order) }
}
