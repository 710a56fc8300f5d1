import { type Address, encodeAbiParameters, encodePacked, type Hex, parseAbiParameters } from 'viem'

/** Message kinds of settlement-contracts' `Messages` library (one kind byte, then the ABI fields). */
export const MESSAGE_KIND = { expired: 3, release: 4, seize: 5 } as const

/** `Messages.expired(orderId)`. */
export function expiredPayload(orderId: Hex): Hex {
  return encodePacked(
    ['uint8', 'bytes'],
    [MESSAGE_KIND.expired, encodeAbiParameters([{ type: 'bytes32' }], [orderId])],
  )
}

/** `Messages.payout(kind, orderId, sequence, amount, to)`: a `Release` or a `Seize`. */
export function payoutPayload(
  kind: typeof MESSAGE_KIND.release | typeof MESSAGE_KIND.seize,
  orderId: Hex,
  sequence: bigint,
  amount: bigint,
  to: Address,
): Hex {
  const body = encodeAbiParameters(parseAbiParameters('bytes32, uint64, uint256, address'), [
    orderId,
    sequence,
    amount,
    to,
  ])
  return encodePacked(['uint8', 'bytes'], [kind, body])
}
