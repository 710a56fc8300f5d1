import type { MarginIntent } from '@xmargin/intents'
import type { Address } from 'viem'
import { describe, expect, it } from 'vitest'
import { checkIntentTerms } from './checkIntentTerms.ts'
import type { NetworkView } from './networkView.ts'

const vault: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const engine: Address = '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0'
const weth: Address = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512'
const trader: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

const network: NetworkView = {
  chains: new Map([
    [31337, { vault }],
    [31338, { engine }],
  ]),
  routes: new Set(['hyperlane']),
  markets: new Set(['ETH-USD', 'BTC-USD']),
  collaterals: new Map([[31337, new Set([weth.toLowerCase() as Address])]]),
}

const intent: MarginIntent = {
  originSettler: vault,
  user: trader,
  nonce: 1n,
  originChainId: 31337n,
  openDeadline: 1_000,
  fillDeadline: 2_000,
  orderData: {
    collateralToken: weth,
    collateralAmount: 10n ** 18n,
    destinationChainId: 31338n,
    destinationSettler: engine,
    recipient: trader,
    market: 'ETH-USD',
    isLong: true,
    size: 5n * 10n ** 17n,
    limitPrice: 3_100n * 10n ** 18n,
    maxLeverageBps: 100_000,
    fee: { startBps: 2, maxBps: 30, startTime: 900, endTime: 1_100 },
    route: 'hyperlane',
  },
}

function withOrder(orderData: Partial<MarginIntent['orderData']>): MarginIntent {
  return { ...intent, orderData: { ...intent.orderData, ...orderData } }
}

describe('checkIntentTerms', () => {
  it('accepts an intent on offer up to and including its open deadline, any address casing', () => {
    expect(() => checkIntentTerms(intent, network, 1_000)).not.toThrow()
    const lower = {
      ...withOrder({ collateralToken: weth.toLowerCase() as Address }),
      originSettler: vault.toLowerCase() as Address,
    }
    expect(() => checkIntentTerms(lower, network, 0)).not.toThrow()
  })

  const cases: Array<[string, MarginIntent, number, string, string]> = [
    ['an unknown origin chain', { ...intent, originChainId: 1n }, 0, 'UNKNOWN_CHAIN', 'originChainId'],
    [
      'an unknown destination chain',
      withOrder({ destinationChainId: 10n }),
      0,
      'UNKNOWN_CHAIN',
      'orderData.destinationChainId',
    ],
    ['another vault', { ...intent, originSettler: engine }, 0, 'UNKNOWN_SETTLER', 'originSettler'],
    [
      'a destination chain named as origin (no vault there)',
      { ...intent, originChainId: 31338n, orderData: { ...intent.orderData, destinationChainId: 31337n } },
      0,
      'UNKNOWN_SETTLER',
      'originSettler',
    ],
    [
      'another engine',
      withOrder({ destinationSettler: vault }),
      0,
      'UNKNOWN_SETTLER',
      'orderData.destinationSettler',
    ],
    ['a route not offered', withOrder({ route: 'wormhole' }), 0, 'UNKNOWN_ROUTE', 'orderData.route'],
    ['an unlisted market', withOrder({ market: 'DOGE-USD' }), 0, 'UNKNOWN_MARKET', 'orderData.market'],
    [
      'a token that is not collateral',
      withOrder({ collateralToken: trader }),
      0,
      'INVALID_FIELD',
      'orderData.collateralToken',
    ],
    ['a passed open deadline', intent, 1_001, 'EXPIRED', 'openDeadline'],
  ]

  it.each(cases)('rejects %s', (_, bad, now, code, field) => {
    expect(() => checkIntentTerms(bad, network, now)).toThrow(
      expect.objectContaining({ name: 'IntentRejectedError', code, field }),
    )
  })
})
