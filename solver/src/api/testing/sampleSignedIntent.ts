import { type MarginIntent, type SignedMarginIntent, signIntent, stringifyIntent } from '@xmargin/intents'
import { privateKeyToAccount } from 'viem/accounts'

/** Anvil's first dev key: public, never holds value. */
const trader = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80')

/** A signed intent for API tests (2 WETH for a 5 ETH long on ETH-USD) and its text as the CLI prints it. */
export async function sampleSignedIntent(): Promise<{ signed: SignedMarginIntent; text: string }> {
  const intent: MarginIntent = {
    originSettler: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    user: trader.address,
    nonce: 1n,
    originChainId: 31337n,
    openDeadline: 1_800_000_060,
    fillDeadline: 1_800_000_300,
    orderData: {
      collateralToken: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0',
      collateralAmount: 2_000_000_000_000_000_000n,
      destinationChainId: 31338n,
      destinationSettler: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
      recipient: trader.address,
      market: 'ETH-USD',
      isLong: true,
      size: 5_000_000_000_000_000_000n,
      limitPrice: 3_100_000_000_000_000_000_000n,
      maxLeverageBps: 100_000,
      fee: { startBps: 2, maxBps: 30, startTime: 1_800_000_000, endTime: 1_800_000_120 },
      route: 'hyperlane',
    },
  }
  const signed = await signIntent({ intent, account: trader })
  return { signed, text: stringifyIntent(signed) }
}
