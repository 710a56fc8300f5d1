import { parseIntent } from '@xmargin/intents'
import { describe, expect, test } from 'vitest'
import { UsageError } from '../errors.ts'
import { buildIntent, type IntentFlags } from './buildIntent.ts'
import { DEMO_TERMS } from './demoTerms.ts'
import { DEVNET } from './devnet.ts'
import { formatDocument } from './formatDocument.ts'

const TRADER = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const NOW = 1_800_000_000

function build(flags: Partial<IntentFlags> = {}) {
  return buildIntent({ flags: { ...DEMO_TERMS, ...flags }, trader: TRADER, now: NOW, defaultNonce: 9n })
}

describe('buildIntent', () => {
  test('turns the devnet defaults into a valid intent that survives the codec', () => {
    const intent = build()
    expect(intent).toEqual({
      originSettler: DEVNET.vault,
      user: TRADER,
      nonce: 9n,
      originChainId: 31337n,
      openDeadline: NOW + 300,
      fillDeadline: NOW + 600,
      orderData: {
        collateralToken: DEVNET.token,
        collateralAmount: 2n * 10n ** 18n,
        destinationChainId: 31338n,
        destinationSettler: DEVNET.engine,
        recipient: TRADER,
        market: 'ETH-USD',
        isLong: true,
        size: 5n * 10n ** 18n,
        limitPrice: 3100n * 10n ** 18n,
        maxLeverageBps: 100_000,
        fee: { startBps: 2, maxBps: 30, startTime: NOW, endTime: NOW + 120 },
        route: 'hyperlane',
      },
    })
    expect(parseIntent(formatDocument({ order: intent })).order).toEqual(intent)
  })

  test('reads decimals in the token units, leverage in times, and the side', () => {
    const intent = build({
      amount: '0.5',
      decimals: '6',
      maxLeverage: '2.5',
      side: 'short',
      size: '0.001',
      nonce: '18446744073709551616',
      recipient: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8',
    })
    expect(intent.orderData.collateralAmount).toBe(500_000n)
    expect(intent.orderData.maxLeverageBps).toBe(25_000)
    expect(intent.orderData.isLong).toBe(false)
    expect(intent.orderData.size).toBe(10n ** 15n)
    expect(intent.nonce).toBe(2n ** 64n)
    expect(intent.orderData.recipient).toBe('0x70997970C51812dc3A010C7d01b50e0d17dc79C8')
  })

  test.for([
    [{ amount: '1.0000001', decimals: '6' }, '--amount: at most 6 decimal places, got "1.0000001"'],
    [{ amount: '-1' }, '--amount: expected a decimal number like 2.5, got "-1"'],
    [{ amount: '1e18' }, '--amount: expected a decimal number like 2.5, got "1e18"'],
    [{ size: '0' }, '--size: must be more than 0'],
    [{ maxLeverage: '101' }, '--max-leverage: expected 1 to 100 (times), got "101"'],
    [{ maxLeverage: '2.00001' }, '--max-leverage: at most 4 decimal places, got "2.00001"'],
    [{ openIn: '900' }, '--open-in (900) must not exceed --fill-in (600)'],
    [{ feeRamp: '601' }, '--fee-ramp (601) must not exceed --fill-in (600)'],
    [{ feeStartBps: '10001' }, '--fee-start-bps: expected a whole number from 0 to 10000, got "10001"'],
    [{ market: 'eth-usd' }, '--market: expected a symbol like ETH-USD, got "eth-usd"'],
    [{ vault: '0x5fbdb2315678afecb367f032d93F642f64180aa3' }, '--vault: expected a 20-byte 0x address'],
    [{ nonce: '0x10' }, '--nonce: expected a whole number, got "0x10"'],
  ] as const)('refuses %j, naming the flag', ([flags, message]) => {
    expect(() => build(flags)).toThrow(UsageError)
    expect(() => build(flags)).toThrow(message)
  })

  test('leaves rules that span terms to validateIntent, with its code', () => {
    expect(() => build({ destinationChain: '31337' })).toThrow(
      expect.objectContaining({ code: 'SAME_CHAIN' }),
    )
    expect(() => build({ feeStartBps: '40' })).toThrow(expect.objectContaining({ code: 'FEE_SCHEDULE' }))
  })
})
