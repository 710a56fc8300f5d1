import { getAddress, type Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import {
  FEE_SCHEDULE_TYPE,
  FEE_SCHEDULE_TYPEHASH,
  GASLESS_CROSS_CHAIN_ORDER_TYPE,
  GASLESS_CROSS_CHAIN_ORDER_TYPEHASH,
  MARGIN_ORDER_TYPE,
  MARGIN_ORDER_TYPEHASH,
  PERMIT_WITNESS_TRANSFER_FROM_TYPE,
  PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH,
  PERMIT2_ADDRESS,
  PERMIT2_WITNESS_TYPE_STRING,
  SOLVER_BID_DOMAIN,
  SOLVER_BID_TYPE,
  SOLVER_BID_TYPEHASH,
  TOKEN_PERMISSIONS_TYPE,
  TOKEN_PERMISSIONS_TYPEHASH,
} from '../src/constants.ts'
import { encodeOrderData } from '../src/encodeOrderData.ts'
import { hashSolverBid } from '../src/hashSolverBid.ts'
import { intentWalletPayload } from '../src/intentWalletPayload.ts'
import { keccakString } from '../src/internal/keccak.ts'
import { SOLVER_BID_DOMAIN_SEPARATOR } from '../src/internal/solverBidDomain.ts'
import {
  feeScheduleHashBytes,
  intentHashBytes,
  marginOrderHashBytes,
  permit2DomainSeparatorBytes,
  permitHashBytes,
  tokenPermissionsHashBytes,
  typedDataDigestBytes,
} from '../src/internal/structHashes.ts'
import { bytesToHex32 } from '../src/internal/words.ts'
import { signIntent } from '../src/signIntent.ts'
import { signSolverBid } from '../src/signSolverBid.ts'
import { toIntentJson } from '../src/toIntentJson.ts'
import type { MarginIntent } from '../src/types.ts'

/**
 * The golden vectors: fixed intents signed with fixed public test keys (anvil's dev keys), with every
 * intermediate hash, so another implementation (the Solidity library, a wallet, another language) can
 * find exactly where it diverges. Signatures are deterministic (RFC 6979), so rebuilding gives the
 * same bytes; `vectors.test.ts` fails if the committed files drift from this code.
 */

const KEYS: Hex[] = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
]
const MAX_UINT256 = 2n ** 256n - 1n

type Case = { name: string; description: string; key: Hex; intent: (user: `0x${string}`) => MarginIntent }

const CASES: Case[] = [
  {
    name: 'eth-long',
    description: '2 WETH collateral on chain 31337, 5 ETH long on ETH-USD (31338) at ≤ $3,100, 10× max',
    key: KEYS[0] as Hex,
    intent: (user) => ({
      originSettler: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      user,
      nonce: 1n,
      originChainId: 31337n,
      openDeadline: 1_800_000_060,
      fillDeadline: 1_800_000_300,
      orderData: {
        collateralToken: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0',
        collateralAmount: 2n * 10n ** 18n,
        destinationChainId: 31338n,
        destinationSettler: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
        recipient: user,
        market: 'ETH-USD',
        isLong: true,
        size: 5n * 10n ** 18n,
        limitPrice: 3100n * 10n ** 18n,
        maxLeverageBps: 100_000,
        fee: { startBps: 2, maxBps: 30, startTime: 1_800_000_000, endTime: 1_800_000_120 },
        route: 'hyperlane',
      },
    }),
  },
  {
    name: 'btc-short-usdc',
    description:
      '5,000 USDC (6 decimals) on Ethereum, 0.1 BTC short on Arbitrum at ≥ $60,000, another recipient',
    key: KEYS[1] as Hex,
    intent: (user) => ({
      originSettler: '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9',
      user,
      nonce: 0x1_0000_0000_0001n,
      originChainId: 1n,
      openDeadline: 1_900_000_000,
      fillDeadline: 1_900_003_600,
      orderData: {
        collateralToken: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48',
        collateralAmount: 5_000_000_000n,
        destinationChainId: 42161n,
        destinationSettler: '0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9',
        recipient: '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
        market: 'BTC-USD',
        isLong: false,
        size: 10n ** 17n,
        limitPrice: 60_000n * 10n ** 18n,
        maxLeverageBps: 25_000,
        fee: { startBps: 0, maxBps: 50, startTime: 1_899_999_990, endTime: 1_900_000_590 },
        route: 'hyperlane-fallback',
      },
    }),
  },
  {
    name: 'extremes',
    description:
      'edge values: uint256 max amounts and nonce, uint32 max deadlines, 100× leverage, a flat 100% fee',
    key: KEYS[2] as Hex,
    intent: (user) => ({
      originSettler: getAddress('0xffffffffffffffffffffffffffffffffffffffff'),
      user,
      nonce: MAX_UINT256,
      originChainId: 9_007_199_254_740_991n,
      openDeadline: 4_294_967_295,
      fillDeadline: 4_294_967_295,
      orderData: {
        collateralToken: '0x0000000000000000000000000000000000000001',
        collateralAmount: MAX_UINT256,
        destinationChainId: 1n,
        destinationSettler: '0x0000000000000000000000000000000000000002',
        recipient: user,
        market: 'ABCDEFGHIJKLMNO-012345678901234',
        isLong: true,
        size: MAX_UINT256,
        limitPrice: MAX_UINT256,
        maxLeverageBps: 1_000_000,
        fee: { startBps: 10_000, maxBps: 10_000, startTime: 4_294_967_295, endTime: 4_294_967_295 },
        route: 'layerzero:v2.mainnet_0-x',
      },
    }),
  },
  {
    name: 'minimums',
    description:
      'smallest values: nonce 0, 1 wei of collateral, size 1, price 1, 1× leverage, zero fees, time 0',
    key: KEYS[3] as Hex,
    intent: (user) => ({
      originSettler: '0x0000000000000000000000000000000000000003',
      user,
      nonce: 0n,
      originChainId: 10n,
      openDeadline: 0,
      fillDeadline: 0,
      orderData: {
        collateralToken: '0x0000000000000000000000000000000000000004',
        collateralAmount: 1n,
        destinationChainId: 8453n,
        destinationSettler: '0x0000000000000000000000000000000000000005',
        recipient: user,
        market: 'A-B',
        isLong: false,
        size: 1n,
        limitPrice: 1n,
        maxLeverageBps: 10_000,
        fee: { startBps: 0, maxBps: 0, startTime: 0, endTime: 0 },
        route: 'a',
      },
    }),
  },
]

export async function buildTypeVectors() {
  return {
    permit2: PERMIT2_ADDRESS,
    types: {
      FeeSchedule: { type: FEE_SCHEDULE_TYPE, typehash: FEE_SCHEDULE_TYPEHASH },
      MarginOrder: { type: MARGIN_ORDER_TYPE, typehash: MARGIN_ORDER_TYPEHASH },
      GaslessCrossChainOrder: {
        type: GASLESS_CROSS_CHAIN_ORDER_TYPE,
        typehash: GASLESS_CROSS_CHAIN_ORDER_TYPEHASH,
      },
      TokenPermissions: { type: TOKEN_PERMISSIONS_TYPE, typehash: TOKEN_PERMISSIONS_TYPEHASH },
      PermitWitnessTransferFrom: {
        type: PERMIT_WITNESS_TRANSFER_FROM_TYPE,
        typehash: PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH,
      },
      SolverBid: { type: SOLVER_BID_TYPE, typehash: SOLVER_BID_TYPEHASH },
    },
    permit2WitnessTypeString: PERMIT2_WITNESS_TYPE_STRING,
    solverBidDomain: { ...SOLVER_BID_DOMAIN, separator: bytesToHex32(SOLVER_BID_DOMAIN_SEPARATOR) },
  }
}

export async function buildIntentVectors() {
  const vectors = []
  for (const { name, description, key, intent: build } of CASES) {
    const account = privateKeyToAccount(key)
    const intent = build(account.address)
    const signed = await signIntent({ intent, account })
    const orderId = intentHashBytes(intent)
    const permitHash = permitHashBytes(intent, orderId)
    const domainSeparator = permit2DomainSeparatorBytes(intent.originChainId)
    vectors.push({
      name,
      description,
      privateKey: key,
      signer: account.address,
      document: toIntentJson(signed),
      orderData: encodeOrderData(intent.orderData),
      hashes: {
        feeSchedule: bytesToHex32(feeScheduleHashBytes(intent.orderData.fee)),
        market: bytesToHex32(keccakString(intent.orderData.market)),
        route: bytesToHex32(keccakString(intent.orderData.route)),
        marginOrder: bytesToHex32(marginOrderHashBytes(intent.orderData)),
        orderId: bytesToHex32(orderId),
        tokenPermissions: bytesToHex32(
          tokenPermissionsHashBytes(intent.orderData.collateralToken, intent.orderData.collateralAmount),
        ),
        permit: bytesToHex32(permitHash),
        domainSeparator: bytesToHex32(domainSeparator),
        digest: bytesToHex32(typedDataDigestBytes(domainSeparator, permitHash)),
      },
      walletPayload: JSON.parse(intentWalletPayload(intent)),
    })
  }
  return vectors
}

export async function buildBidVectors() {
  const intents = await buildIntentVectors()
  const vectors = []
  for (const [index, key] of KEYS.entries()) {
    const account = privateKeyToAccount(key)
    const bid = {
      orderId: intents[index % intents.length]?.hashes.orderId as Hex,
      solver: account.address,
      feeBps: [0, 7, 30, 10_000][index] as number,
      expiry: [0, 1_800_000_200, 1_900_000_000, 4_294_967_295][index] as number,
    }
    const signed = await signSolverBid({ bid, account })
    vectors.push({ privateKey: key, bid, signature: signed.signature, ...hashSolverBid(bid) })
  }
  return vectors
}
