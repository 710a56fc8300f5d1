import { type Address, getAddress, type Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import {
  FEE_SCHEDULE_TYPE,
  FEE_SCHEDULE_TYPEHASH,
  MAX_CHAIN_ID,
  PERMIT2_ADDRESS,
  SOLVER_BID_DOMAIN,
  SOLVER_BID_TYPE,
  SOLVER_BID_TYPEHASH,
  TOKEN_PERMISSIONS_TYPE,
  TOKEN_PERMISSIONS_TYPEHASH,
} from '../../src/constants.ts'
import { keccakString } from '../../src/internal/keccak.ts'
import { SOLVER_BID_DOMAIN_SEPARATOR } from '../../src/internal/solverBidDomain.ts'
import {
  feeScheduleHashBytes,
  permit2DomainSeparatorBytes,
  tokenPermissionsHashBytes,
  typedDataDigestBytes,
} from '../../src/internal/structHashes.ts'
import { bytesToHex32 } from '../../src/internal/words.ts'
import { actionWalletPayload } from '../../src/v2/actionWalletPayload.ts'
import {
  ATTACHED_TRADE_TYPE,
  ATTACHED_TRADE_TYPEHASH,
  DEPOSIT_ORDER_TYPE,
  DEPOSIT_ORDER_TYPEHASH,
  ENGINE_DOMAIN,
  ENGINE_DOMAIN_TYPE,
  ENGINE_DOMAIN_TYPEHASH,
  GASLESS_CROSS_CHAIN_ORDER_TYPE,
  GASLESS_CROSS_CHAIN_ORDER_TYPEHASH,
  PERMIT_WITNESS_TRANSFER_FROM_TYPE,
  PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH,
  PERMIT2_WITNESS_TYPE_STRING,
  TRADE_TYPE,
  TRADE_TYPEHASH,
  WITHDRAW_TYPE,
  WITHDRAW_TYPEHASH,
} from '../../src/v2/constants.ts'
import { depositIntentWalletPayload } from '../../src/v2/depositIntentWalletPayload.ts'
import { encodeDepositOrder } from '../../src/v2/encodeDepositOrder.ts'
import { DEPOSIT_ORDER_ABI_TYPE } from '../../src/v2/internal/abi.ts'
import {
  actionHashesBytes,
  attachedTradeHashBytes,
  depositIntentHashBytes,
  depositOrderHashBytes,
  depositPermitHashBytes,
  engineDomainSeparatorBytes,
} from '../../src/v2/internal/structHashes.ts'
import { signAction } from '../../src/v2/signAction.ts'
import { signDepositIntent } from '../../src/v2/signDepositIntent.ts'
import { toActionJson } from '../../src/v2/toActionJson.ts'
import { toDepositIntentJson } from '../../src/v2/toDepositIntentJson.ts'
import type { Action, ActionDomain, DepositIntent } from '../../src/v2/types.ts'

/**
 * The v2 golden vectors: fixed deposit intents and actions signed with public test keys (anvil's dev
 * keys), with every intermediate hash, so the Solidity libraries (forge reads these files), a wallet
 * or another language can find exactly where they diverge. Signatures are deterministic (RFC 6979):
 * rebuilding gives the same bytes, and `vectors.test.ts` fails if the committed files drift.
 */

const KEYS: Hex[] = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
]
const MAX_UINT256 = 2n ** 256n - 1n
const MIN_INT256 = -(2n ** 255n)
const E18 = 10n ** 18n

const VAULT: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const ENGINE: Address = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512'
const WETH: Address = '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0'
const USDC: Address = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48'
const OTHER: Address = '0x90F79bf6EB2c4f870365E785982E1f101E93b906'
const NO_TRADE = { market: '', sizeDelta: 0n, limitPrice: 0n, maxLeverageBps: 0 }

type DepositCase = { name: string; description: string; key: Hex; intent: (user: Address) => DepositIntent }

const DEPOSITS: DepositCase[] = [
  {
    name: 'no-trade',
    description:
      '5,000 USDC (6 decimals) from chain 31337 into the trader’s account on 31338, no attached trade',
    key: KEYS[1] as Hex,
    intent: (user) => ({
      originSettler: VAULT,
      user,
      nonce: 3n,
      originChainId: 31337n,
      openDeadline: 1_800_000_060,
      fillDeadline: 1_800_000_300,
      orderData: {
        token: USDC,
        amount: 5_000_000_000n,
        destinationChainId: 31338n,
        engine: ENGINE,
        account: user,
        route: 'hyperlane',
        fee: { startBps: 1, maxBps: 10, startTime: 1_800_000_000, endTime: 1_800_000_060 },
        trade: NO_TRADE,
      },
    }),
  },
  {
    name: 'eth-long',
    description: '2 WETH on 31337, with a 5 ETH long on ETH-USD (31338) at ≤ $3,100 and the account at ≤ 10×',
    key: KEYS[0] as Hex,
    intent: (user) => ({
      originSettler: VAULT,
      user,
      nonce: 1n,
      originChainId: 31337n,
      openDeadline: 1_800_000_060,
      fillDeadline: 1_800_000_300,
      orderData: {
        token: WETH,
        amount: 2n * E18,
        destinationChainId: 31338n,
        engine: ENGINE,
        account: user,
        route: 'hyperlane',
        fee: { startBps: 2, maxBps: 30, startTime: 1_800_000_000, endTime: 1_800_000_120 },
        trade: { market: 'ETH-USD', sizeDelta: 5n * E18, limitPrice: 3_100n * E18, maxLeverageBps: 100_000 },
      },
    }),
  },
  {
    name: 'eth-short',
    description:
      '5,000 USDC on Ethereum into the trader’s account on Arbitrum, with a 5 ETH short (sizeDelta -5e18) at ≥ $2,900, ≤ 2.5×',
    key: KEYS[1] as Hex,
    intent: (user) => ({
      originSettler: '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9',
      user,
      nonce: 0x1_0000_0000_0001n,
      originChainId: 1n,
      openDeadline: 1_900_000_000,
      fillDeadline: 1_900_003_600,
      orderData: {
        token: USDC,
        amount: 5_000_000_000n,
        destinationChainId: 42161n,
        engine: '0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9',
        account: user,
        route: 'hyperlane-fallback',
        fee: { startBps: 0, maxBps: 50, startTime: 1_899_999_990, endTime: 1_900_000_590 },
        trade: { market: 'ETH-USD', sizeDelta: -5n * E18, limitPrice: 2_900n * E18, maxLeverageBps: 25_000 },
      },
    }),
  },
  {
    name: 'extremes',
    description:
      'edge values: int256 min size, uint256 max amount, nonce and price, uint32 max deadlines, 100×, a flat 100% fee',
    key: KEYS[2] as Hex,
    intent: (user) => ({
      originSettler: getAddress('0xffffffffffffffffffffffffffffffffffffffff'),
      user,
      nonce: MAX_UINT256,
      originChainId: MAX_CHAIN_ID,
      openDeadline: 4_294_967_295,
      fillDeadline: 4_294_967_295,
      orderData: {
        token: '0x0000000000000000000000000000000000000001',
        amount: MAX_UINT256,
        destinationChainId: 1n,
        engine: '0x0000000000000000000000000000000000000002',
        account: user,
        route: 'layerzero:v2.mainnet_0-x',
        fee: { startBps: 10_000, maxBps: 10_000, startTime: 4_294_967_295, endTime: 4_294_967_295 },
        trade: {
          market: 'ABCDEFGHIJKLMNO-012345678901234',
          sizeDelta: MIN_INT256,
          limitPrice: MAX_UINT256,
          maxLeverageBps: 1_000_000,
        },
      },
    }),
  },
]

type ActionCase = {
  name: string
  description: string
  key: Hex
  domain: ActionDomain
  action: (account: Address) => Action
}

const DESTINATION: ActionDomain = { chainId: 31338n, engine: ENGINE }

const ACTIONS: ActionCase[] = [
  {
    name: 'trade-open',
    description: 'open a 5 ETH long on ETH-USD at ≤ $3,100, ≤ 10×; the trader submits it (no relayer fee)',
    key: KEYS[0] as Hex,
    domain: DESTINATION,
    action: (account) => ({
      kind: 'trade',
      message: {
        account,
        market: 'ETH-USD',
        sizeDelta: 5n * E18,
        limitPrice: 3_100n * E18,
        maxLeverageBps: 100_000,
        maxRelayerFee: 0n,
        nonce: 1n,
        deadline: 1_800_000_600,
      },
    }),
  },
  {
    name: 'trade-close',
    description: 'close the 5 ETH long (sizeDelta -5e18) at ≥ $2,900; a relayer may take up to 1 USDC',
    key: KEYS[0] as Hex,
    domain: DESTINATION,
    action: (account) => ({
      kind: 'trade',
      message: {
        account,
        market: 'ETH-USD',
        sizeDelta: -5n * E18,
        limitPrice: 2_900n * E18,
        maxLeverageBps: 100_000,
        maxRelayerFee: 1_000_000n,
        nonce: 2n,
        deadline: 1_800_003_600,
      },
    }),
  },
  {
    name: 'withdraw-normal',
    description: '1 WETH back to the trader from the vault on 31337, no fast fill, no relayer fee',
    key: KEYS[0] as Hex,
    domain: DESTINATION,
    action: (account) => ({
      kind: 'withdraw',
      message: {
        account,
        chainId: 31337n,
        token: WETH,
        amount: E18,
        to: account,
        maxFastFeeBps: 0,
        maxRelayerFee: 0n,
        nonce: 3n,
        deadline: 1_800_000_900,
      },
    }),
  },
  {
    name: 'withdraw-fast',
    description:
      '2,500 USDC to another address on Ethereum, fast (a solver may keep ≤ 0.25%), relayer fee ≤ 0.5 USDC, engine on Arbitrum',
    key: KEYS[1] as Hex,
    domain: { chainId: 42161n, engine: '0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9' },
    action: (account) => ({
      kind: 'withdraw',
      message: {
        account,
        chainId: 1n,
        token: USDC,
        amount: 2_500_000_000n,
        to: OTHER,
        maxFastFeeBps: 25,
        maxRelayerFee: 500_000n,
        nonce: 0xffff_ffff_ffffn,
        deadline: 1_900_000_000,
      },
    }),
  },
  {
    name: 'trade-extremes',
    description:
      'edge values: int256 min size, uint256 max price, relayer fee and nonce, uint32 max deadline, 100×',
    key: KEYS[2] as Hex,
    domain: { chainId: MAX_CHAIN_ID, engine: getAddress('0xffffffffffffffffffffffffffffffffffffffff') },
    action: (account) => ({
      kind: 'trade',
      message: {
        account,
        market: 'ABCDEFGHIJKLMNO-012345678901234',
        sizeDelta: MIN_INT256,
        limitPrice: MAX_UINT256,
        maxLeverageBps: 1_000_000,
        maxRelayerFee: MAX_UINT256,
        nonce: MAX_UINT256,
        deadline: 4_294_967_295,
      },
    }),
  },
]

/** A struct's own declaration, what is hashed (it and its referenced structs, alphabetically), and the hash. */
const typeEntry = (typeString: string, encodedType: string, typeHash: Hex) => ({
  typeString,
  encodedType,
  typeHash,
})

export async function buildTypeVectors() {
  return {
    permit2: PERMIT2_ADDRESS,
    types: {
      AttachedTrade: typeEntry(ATTACHED_TRADE_TYPE, ATTACHED_TRADE_TYPE, ATTACHED_TRADE_TYPEHASH),
      DepositOrder: typeEntry(
        DEPOSIT_ORDER_TYPE,
        DEPOSIT_ORDER_TYPE + ATTACHED_TRADE_TYPE + FEE_SCHEDULE_TYPE,
        DEPOSIT_ORDER_TYPEHASH,
      ),
      FeeSchedule: typeEntry(FEE_SCHEDULE_TYPE, FEE_SCHEDULE_TYPE, FEE_SCHEDULE_TYPEHASH),
      GaslessCrossChainOrder: typeEntry(
        GASLESS_CROSS_CHAIN_ORDER_TYPE,
        GASLESS_CROSS_CHAIN_ORDER_TYPE + ATTACHED_TRADE_TYPE + DEPOSIT_ORDER_TYPE + FEE_SCHEDULE_TYPE,
        GASLESS_CROSS_CHAIN_ORDER_TYPEHASH,
      ),
      TokenPermissions: typeEntry(TOKEN_PERMISSIONS_TYPE, TOKEN_PERMISSIONS_TYPE, TOKEN_PERMISSIONS_TYPEHASH),
      PermitWitnessTransferFrom: typeEntry(
        'PermitWitnessTransferFrom(TokenPermissions permitted,address spender,uint256 nonce,uint256 deadline,GaslessCrossChainOrder witness)',
        PERMIT_WITNESS_TRANSFER_FROM_TYPE,
        PERMIT_WITNESS_TRANSFER_FROM_TYPEHASH,
      ),
      Trade: typeEntry(TRADE_TYPE, TRADE_TYPE, TRADE_TYPEHASH),
      Withdraw: typeEntry(WITHDRAW_TYPE, WITHDRAW_TYPE, WITHDRAW_TYPEHASH),
      SolverBid: typeEntry(SOLVER_BID_TYPE, SOLVER_BID_TYPE, SOLVER_BID_TYPEHASH),
    },
    orderDataType: DEPOSIT_ORDER_TYPEHASH,
    permit2WitnessTypeString: PERMIT2_WITNESS_TYPE_STRING,
    depositOrderAbiType: DEPOSIT_ORDER_ABI_TYPE,
    engineDomain: { ...ENGINE_DOMAIN, typeString: ENGINE_DOMAIN_TYPE, typeHash: ENGINE_DOMAIN_TYPEHASH },
    solverBidDomain: { ...SOLVER_BID_DOMAIN, separator: bytesToHex32(SOLVER_BID_DOMAIN_SEPARATOR) },
  }
}

export async function buildDepositVectors() {
  const vectors = []
  for (const { name, description, key, intent: build } of DEPOSITS) {
    const account = privateKeyToAccount(key)
    const intent = build(account.address)
    const signed = await signDepositIntent({ intent, account })
    const { orderData } = intent
    const orderId = depositIntentHashBytes(intent)
    const permit = depositPermitHashBytes(intent, orderId)
    const domainSeparator = permit2DomainSeparatorBytes(intent.originChainId)
    vectors.push({
      name,
      description,
      privateKey: key,
      signer: account.address,
      document: toDepositIntentJson(signed),
      orderDataAbi: encodeDepositOrder(orderData),
      hashes: {
        market: bytesToHex32(keccakString(orderData.trade.market)),
        route: bytesToHex32(keccakString(orderData.route)),
        feeSchedule: bytesToHex32(feeScheduleHashBytes(orderData.fee)),
        attachedTrade: bytesToHex32(attachedTradeHashBytes(orderData.trade)),
        depositOrder: bytesToHex32(depositOrderHashBytes(orderData)),
        tokenPermissions: bytesToHex32(tokenPermissionsHashBytes(orderData.token, orderData.amount)),
        permit: bytesToHex32(permit),
        domainSeparator: bytesToHex32(domainSeparator),
      },
      orderId: bytesToHex32(orderId),
      digest: bytesToHex32(typedDataDigestBytes(domainSeparator, permit)),
      signature: signed.signature,
      walletPayload: JSON.parse(depositIntentWalletPayload(intent)),
    })
  }
  return vectors
}

export async function buildActionVectors() {
  const vectors = []
  for (const { name, description, key, domain, action: build } of ACTIONS) {
    const account = privateKeyToAccount(key)
    const action = build(account.address)
    const signed = await signAction({ action, account, ...domain })
    const { actionHash, digest } = actionHashesBytes(action, domain)
    vectors.push({
      name,
      description,
      privateKey: key,
      signer: account.address,
      kind: action.kind,
      document: toActionJson(signed),
      domain: {
        ...ENGINE_DOMAIN,
        chainId: domain.chainId.toString(),
        verifyingContract: domain.engine,
        separator: bytesToHex32(engineDomainSeparatorBytes(domain.chainId, domain.engine)),
      },
      hashes: action.kind === 'trade' ? { market: bytesToHex32(keccakString(action.message.market)) } : {},
      structHash: bytesToHex32(actionHash),
      digest: bytesToHex32(digest),
      signature: signed.signature,
      walletPayload: JSON.parse(actionWalletPayload({ action, ...domain })),
    })
  }
  return vectors
}
