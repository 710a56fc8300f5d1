import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { hashStruct, hashTypedData, keccak256, type TypedDataDefinition, toHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { actionTypedData } from '../../src/v2/actionTypedData.ts'
import { DEPOSIT_INTENT_TYPES, depositIntentTypedData } from '../../src/v2/depositIntentTypedData.ts'
import { encodeDepositOrder } from '../../src/v2/encodeDepositOrder.ts'
import { parseAction } from '../../src/v2/parseAction.ts'
import { parseDepositIntent } from '../../src/v2/parseDepositIntent.ts'
import { verifyAction } from '../../src/v2/verifyAction.ts'
import { verifyDepositIntent } from '../../src/v2/verifyDepositIntent.ts'
import { buildActionVectors, buildDepositVectors, buildTypeVectors } from './buildVectors.ts'

const read = (name: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'vectors', 'v2', name), 'utf8'))
const types = read('types.json') as Awaited<ReturnType<typeof buildTypeVectors>>
const deposits = read('deposits.json') as Awaited<ReturnType<typeof buildDepositVectors>>
const actions = read('actions.json') as Awaited<ReturnType<typeof buildActionVectors>>
const HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n

describe('v2 golden vectors', () => {
  test('the committed files are what the code produces (run `npm run vectors -w intents` after a format change)', async () => {
    expect(types).toEqual(await buildTypeVectors())
    expect(deposits).toEqual(await buildDepositVectors())
    expect(actions).toEqual(await buildActionVectors())
  })

  test('each typeHash is keccak256 of its typeString followed by the structs it references, alphabetically', () => {
    const all = types.types
    for (const [name, entry] of Object.entries(all)) {
      expect(entry.typeString.startsWith(`${name}(`)).toBe(true)
      const referenced = Object.keys(all)
        .filter((other) => other !== name && new RegExp(`[(,]${other} `).test(entry.encodedType))
        .sort()
      const composed =
        entry.typeString + referenced.map((other) => all[other as keyof typeof all].typeString).join('')
      expect(entry.encodedType, name).toBe(composed)
      expect(entry.typeHash, name).toBe(keccak256(toHex(entry.encodedType)))
    }
    expect(types.orderDataType).toBe(all.DepositOrder.typeHash)
    expect(all.PermitWitnessTransferFrom.encodedType).toBe(
      `PermitWitnessTransferFrom(TokenPermissions permitted,address spender,uint256 nonce,uint256 deadline,${types.permit2WitnessTypeString}`,
    )
    expect(types.engineDomain.typeHash).toBe(keccak256(toHex(types.engineDomain.typeString)))
  })

  test('cover a deposit without a trade, a long and a short; a normal and a fast withdrawal; an open and a close', () => {
    const sizes = deposits.map((v) => BigInt(v.document.order.orderData.trade.sizeDelta))
    expect(sizes.some((s) => s === 0n) && sizes.some((s) => s > 0n) && sizes.some((s) => s < 0n)).toBe(true)
    expect(actions.map((v) => v.name)).toEqual(
      expect.arrayContaining(['trade-open', 'trade-close', 'withdraw-normal', 'withdraw-fast']),
    )
  })

  test.each(deposits.map((v) => [v.name, v] as const))(
    'deposit %s: viem’s generic EIP-712 gives the same hashes, and the signature verifies under the rule',
    async (_name, vector) => {
      const document = parseDepositIntent(JSON.stringify(vector.document))
      const { order } = document
      const typedData = depositIntentTypedData(order)
      expect(
        hashStruct({
          data: typedData.message.witness,
          primaryType: 'GaslessCrossChainOrder',
          types: DEPOSIT_INTENT_TYPES,
        }),
      ).toBe(vector.orderId)
      expect(
        hashStruct({ data: order.orderData, primaryType: 'DepositOrder', types: DEPOSIT_INTENT_TYPES }),
      ).toBe(vector.hashes.depositOrder)
      expect(
        hashStruct({
          data: order.orderData.trade,
          primaryType: 'AttachedTrade',
          types: DEPOSIT_INTENT_TYPES,
        }),
      ).toBe(vector.hashes.attachedTrade)
      expect(
        hashStruct({
          data: typedData.message,
          primaryType: 'PermitWitnessTransferFrom',
          types: DEPOSIT_INTENT_TYPES,
        }),
      ).toBe(vector.hashes.permit)
      expect(hashTypedData(typedData)).toBe(vector.digest)
      expect(encodeDepositOrder(order.orderData)).toBe(vector.orderDataAbi)
      expect(document.signature).toBe(vector.signature)
      expect(BigInt(`0x${vector.signature.slice(66, 130)}`) <= HALF_N).toBe(true)
      expect(verifyDepositIntent({ order, signature: vector.signature })).toEqual({
        needsErc1271: false,
        signer: vector.signer,
        orderId: vector.orderId,
        digest: vector.digest,
      })
      expect(await privateKeyToAccount(vector.privateKey).signTypedData(typedData)).toBe(vector.signature)
    },
  )

  test.each(actions.map((v) => [v.name, v] as const))(
    'action %s: viem’s generic EIP-712 gives the same hashes, and the signature verifies under the rule',
    async (_name, vector) => {
      const signed = parseAction(JSON.stringify(vector.document))
      const typedData = actionTypedData({ action: signed, chainId: signed.chainId, engine: signed.engine })
      expect(signed.kind).toBe(vector.kind)
      expect(hashStruct({ ...(typedData as TypedDataDefinition), data: typedData.message })).toBe(
        vector.structHash,
      )
      expect(hashTypedData(typedData as TypedDataDefinition)).toBe(vector.digest)
      expect(signed.signature).toBe(vector.signature)
      expect(
        verifyAction({ ...signed, signature: vector.signature }, { chainId: BigInt(vector.domain.chainId) }),
      ).toEqual({
        needsErc1271: false,
        signer: vector.signer,
        actionHash: vector.structHash,
        digest: vector.digest,
      })
      expect(
        await privateKeyToAccount(vector.privateKey).signTypedData(typedData as TypedDataDefinition),
      ).toBe(vector.signature)
    },
  )
})
