import { type Address, getAddress, type Hex, hexToNumber, keccak256, size, slice } from 'viem'
import { MalformedMessageError } from './errors.ts'

export type HyperlaneMessage = {
  /** `keccak256(message)`, the id the Mailbox tracks delivery by. */
  id: Hex
  version: number
  nonce: number
  origin: number
  sender: Hex
  destination: number
  /** The recipient's address (the last 20 of its 32 bytes). */
  recipient: Address
  body: Hex
}

/** Hyperlane's Message.sol layout: version 1, nonce 4, origin 4, sender 32, destination 4, recipient 32, body. */
const HEADER_BYTES = 77
const VERSION = 3

/** Decodes a message as the Mailbox dispatched it; throws MalformedMessageError on anything else. */
export function parseHyperlaneMessage(message: Hex): HyperlaneMessage {
  if (size(message) < HEADER_BYTES) {
    throw new MalformedMessageError(`message of ${size(message)} bytes is shorter than the header`)
  }
  const version = hexToNumber(slice(message, 0, 1))
  if (version !== VERSION) throw new MalformedMessageError(`message version ${version} is not ${VERSION}`)
  return {
    id: keccak256(message),
    version,
    nonce: hexToNumber(slice(message, 1, 5)),
    origin: hexToNumber(slice(message, 5, 9)),
    sender: slice(message, 9, 41),
    destination: hexToNumber(slice(message, 41, 45)),
    recipient: getAddress(slice(message, 57, 77)),
    body: size(message) === HEADER_BYTES ? '0x' : slice(message, HEADER_BYTES),
  }
}
