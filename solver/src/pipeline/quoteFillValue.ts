import type { MarginIntent } from '@xmargin/intents'
import {
  type Address,
  concat,
  encodeAbiParameters,
  type Hex,
  keccak256,
  type PublicClient,
  toHex,
  zeroAddress,
} from 'viem'
import { ENGINE_READ_ABI, MESSENGER_QUOTE_ABI, ORACLE_FEE_ABI } from './abis.ts'

/** `Messages.FILLED`: the kind byte of the engine's `Filled` payload. */
const FILLED_KIND = '0x02'

export type QuoteFillValueParameters = {
  client: PublicClient
  engine: Address
  intent: MarginIntent
  orderId: Hex
  filler: Address
  feeBps: number
  priceUpdate: readonly Hex[]
}

/**
 * The `msg.value` of a fill: the engine spends only the caller's value on the `Filled` message it sends
 * back (whoever triggers a message pays for it) and on the price update, so we quote both. On the
 * devnet both are 0 (fee-less Hyperlane hook, MockPyth without fee).
 */
export async function quoteFillValue(parameters: QuoteFillValueParameters): Promise<bigint> {
  const [messageFee, updateFee] = await Promise.all([quoteFilledMessage(parameters), quoteUpdate(parameters)])
  return messageFee + updateFee
}

async function quoteFilledMessage(parameters: QuoteFillValueParameters): Promise<bigint> {
  const { client, engine, intent, orderId, filler, feeBps } = parameters
  const routeId = keccak256(toHex(intent.orderData.route))
  const [[primary], vault] = await Promise.all([
    client.readContract({ address: engine, abi: ENGINE_READ_ABI, functionName: 'routes', args: [routeId] }),
    client.readContract({
      address: engine,
      abi: ENGINE_READ_ABI,
      functionName: 'peers',
      args: [intent.originChainId],
    }),
  ])
  // An unknown route or vault: the fill's own simulation reports it by name.
  if (primary === zeroAddress || vault === zeroAddress) return 0n
  const payload = concat([
    FILLED_KIND,
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'address' }, { type: 'uint16' }],
      [orderId, filler, feeBps],
    ),
  ])
  // The messenger quotes the body the engine would send, so ask as the engine.
  return client.readContract({
    account: engine,
    address: primary,
    abi: MESSENGER_QUOTE_ABI,
    functionName: 'quoteSend',
    args: [intent.originChainId, vault, payload],
  })
}

async function quoteUpdate(parameters: QuoteFillValueParameters): Promise<bigint> {
  const { client, engine, priceUpdate } = parameters
  if (priceUpdate.length === 0) return 0n
  const oracle = await client.readContract({ address: engine, abi: ENGINE_READ_ABI, functionName: 'ORACLE' })
  const pyth = await client.readContract({ address: oracle, abi: ORACLE_FEE_ABI, functionName: 'PYTH' })
  return client.readContract({
    address: pyth,
    abi: ORACLE_FEE_ABI,
    functionName: 'getUpdateFee',
    args: [priceUpdate],
  })
}
