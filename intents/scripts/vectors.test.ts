import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { hashStruct, hashTypedData, keccak256, toHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { encodeOrderData } from '../src/encodeOrderData.ts'
import { hashSolverBid } from '../src/hashSolverBid.ts'
import { INTENT_TYPES, intentTypedData } from '../src/intentTypedData.ts'
import { parseIntent } from '../src/parseIntent.ts'
import { solverBidTypedData } from '../src/solverBidTypedData.ts'
import type { SolverBid } from '../src/types.ts'
import { verifyIntent } from '../src/verifyIntent.ts'
import { verifySolverBid } from '../src/verifySolverBid.ts'
import { buildBidVectors, buildIntentVectors, buildTypeVectors } from './buildVectors.ts'

const read = (name: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, '..', 'vectors', name), 'utf8'))
const types = read('types.json')
const intents = read('intents.json') as Awaited<ReturnType<typeof buildIntentVectors>>
const bids = read('bids.json') as Awaited<ReturnType<typeof buildBidVectors>>

describe('golden vectors', () => {
  test('the committed files are what the code produces (run `npm run vectors -w intents` after a format change)', async () => {
    expect(types).toEqual(await buildTypeVectors())
    expect(intents).toEqual(await buildIntentVectors())
    expect(bids).toEqual(await buildBidVectors())
  })

  test('each type hash is keccak256 of its type string with referenced types appended alphabetically', () => {
    const t = types.types
    expect(t.FeeSchedule.typehash).toBe(keccak256(toHex(t.FeeSchedule.type)))
    expect(t.MarginOrder.typehash).toBe(keccak256(toHex(t.MarginOrder.type + t.FeeSchedule.type)))
    expect(t.GaslessCrossChainOrder.typehash).toBe(
      keccak256(toHex(t.GaslessCrossChainOrder.type + t.FeeSchedule.type + t.MarginOrder.type)),
    )
    expect(t.PermitWitnessTransferFrom.type).toBe(
      `PermitWitnessTransferFrom(TokenPermissions permitted,address spender,uint256 nonce,uint256 deadline,${types.permit2WitnessTypeString}`,
    )
  })

  test.each(intents.map((v) => [v.name, v] as const))(
    '%s: viem’s generic EIP-712 gives the same hashes',
    (_name, vector) => {
      const { order } = parseIntent(JSON.stringify(vector.document))
      const typedData = intentTypedData(order)
      expect(
        hashStruct({
          data: typedData.message.witness,
          primaryType: 'GaslessCrossChainOrder',
          types: INTENT_TYPES,
        }),
      ).toBe(vector.hashes.orderId)
      expect(hashStruct({ data: order.orderData, primaryType: 'MarginOrder', types: INTENT_TYPES })).toBe(
        vector.hashes.marginOrder,
      )
      expect(
        hashStruct({
          data: typedData.message,
          primaryType: 'PermitWitnessTransferFrom',
          types: INTENT_TYPES,
        }),
      ).toBe(vector.hashes.permit)
      expect(hashTypedData(typedData)).toBe(vector.hashes.digest)
      expect(encodeOrderData(order.orderData)).toBe(vector.orderData)
    },
  )

  test.each(intents.map((v) => [v.name, v] as const))(
    '%s: the signature verifies to the signer',
    async (_name, vector) => {
      const document = parseIntent(JSON.stringify(vector.document))
      const signed = { order: document.order, signature: document.signature ?? '0x' }
      expect(verifyIntent(signed)).toEqual({
        signer: vector.signer,
        orderId: vector.hashes.orderId,
        digest: vector.hashes.digest,
      })
      expect(
        await privateKeyToAccount(vector.privateKey).signTypedData(intentTypedData(document.order)),
      ).toBe(vector.document.signature)
    },
  )

  test.each(bids.map((v, i) => [i, v] as const))('bid %s: hashes and signature', (_i, vector) => {
    const bid = vector.bid as SolverBid
    expect(hashTypedData(solverBidTypedData(bid))).toBe(vector.digest)
    expect(hashSolverBid(bid).bidHash).toBe(vector.bidHash)
    expect(verifySolverBid({ bid, signature: vector.signature }).solver).toBe(bid.solver)
  })
})
