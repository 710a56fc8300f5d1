import { MAX_BID_JSON_BYTES } from './constants.ts'
import { parseJson } from './internal/parseJson.ts'
import { readAddress, readHex, readObject, readUint } from './internal/schema.ts'
import type { SignedSolverBid } from './types.ts'
import { validateSolverBid } from './validateSolverBid.ts'

export type ParseSolverBidReturnType = SignedSolverBid

/** Parses a signed bid `{ "bid": {orderId, solver, feeBps, expiry}, "signature": "0x…" }` strictly. */
export function parseSolverBid(text: string | Uint8Array): ParseSolverBidReturnType {
  const document = readObject(parseJson(text, MAX_BID_JSON_BYTES), '', ['bid', 'signature'])
  const fields = readObject(document.bid, 'bid', ['orderId', 'solver', 'feeBps', 'expiry'])
  const bid = {
    orderId: readHex(fields, 'bid', 'orderId', 32),
    solver: readAddress(fields, 'bid', 'solver'),
    feeBps: readUint(fields, 'bid', 'feeBps', 16),
    expiry: readUint(fields, 'bid', 'expiry', 32),
  }
  validateSolverBid(bid)
  return { bid, signature: readHex(document, '', 'signature', 65) }
}
