import { type MarginIntent, type SignedMarginIntent, signIntent } from '@xmargin/intents'
import { chainOf, type DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import { type Address, type Hex, parseEther } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

export type TestIntentParameters = {
  manifest: DevnetManifest
  /** The signer's private key (a devnet trader, or any key for a stranger). */
  privateKey: Hex
  nonce: bigint
  /** Unix seconds the deadlines and fee schedule count from (the origin chain's block time). */
  now: number
  /** Overrides of the order's terms, e.g. `{ orderData: { route: 'wormhole' } }`. */
  orderData?: Partial<MarginIntent['orderData']>
}

/**
 * A trader's signed intent on a devnet, as a wallet would produce it: 1 WETH on the origin, long 0.5
 * ETH-USD on the destination, over the `hyperlane` route (the same terms as testDevnet's openForIntent).
 */
export async function signTestIntent(parameters: TestIntentParameters): Promise<SignedMarginIntent> {
  const { manifest, now } = parameters
  const origin = chainOf(manifest, 'origin')
  const destination = chainOf(manifest, 'destination')
  const account = privateKeyToAccount(parameters.privateKey)
  return signIntent({
    account,
    intent: {
      originSettler: origin.contracts.collateralVault as Address,
      user: account.address,
      nonce: parameters.nonce,
      originChainId: BigInt(origin.chainId),
      openDeadline: now + 300,
      fillDeadline: now + 600,
      orderData: {
        collateralToken: origin.contracts.weth as Address,
        collateralAmount: parseEther('1'),
        destinationChainId: BigInt(destination.chainId),
        destinationSettler: destination.contracts.marginEngine as Address,
        recipient: account.address,
        market: 'ETH-USD',
        isLong: true,
        size: parseEther('0.5'),
        limitPrice: parseEther('3100'),
        maxLeverageBps: 100_000,
        fee: { startBps: 2, maxBps: 30, startTime: now, endTime: now + 120 },
        route: 'hyperlane',
        ...parameters.orderData,
      },
    },
  })
}
