import { getAddress } from 'viem'
import type { ActionDocument, Trade, Withdraw } from './types.ts'

export type TradeJson = {
  account: string
  market: string
  sizeDelta: string
  limitPrice: string
  maxLeverageBps: number
  maxRelayerFee: string
  nonce: string
  deadline: number
}

export type WithdrawJson = {
  account: string
  chainId: string
  token: string
  amount: string
  to: string
  maxFastFeeBps: number
  maxRelayerFee: string
  nonce: string
  deadline: number
}

/** The canonical JSON value of an action document. */
export type ActionJson = (
  | { kind: 'trade'; chainId: string; engine: string; message: TradeJson }
  | { kind: 'withdraw'; chainId: string; engine: string; message: WithdrawJson }
) & { signature?: string }

/**
 * Canonical JSON form: `kind`, `chainId`, `engine`, `message`, `signature` in that order; the
 * message's keys in EIP-712 type order; uint256 and int256 as decimal strings, uint16/uint32 as
 * numbers, addresses EIP-55 checksummed, signature lowercase hex.
 */
export function toActionJson(document: ActionDocument): ActionJson {
  const chainId = document.chainId.toString()
  const engine = getAddress(document.engine)
  const body: ActionJson =
    document.kind === 'trade'
      ? { kind: 'trade', chainId, engine, message: tradeJson(document.message) }
      : { kind: 'withdraw', chainId, engine, message: withdrawJson(document.message) }
  return document.signature === undefined ? body : { ...body, signature: document.signature.toLowerCase() }
}

function tradeJson(trade: Trade): TradeJson {
  return {
    account: getAddress(trade.account),
    market: trade.market,
    sizeDelta: trade.sizeDelta.toString(),
    limitPrice: trade.limitPrice.toString(),
    maxLeverageBps: trade.maxLeverageBps,
    maxRelayerFee: trade.maxRelayerFee.toString(),
    nonce: trade.nonce.toString(),
    deadline: trade.deadline,
  }
}

function withdrawJson(withdraw: Withdraw): WithdrawJson {
  return {
    account: getAddress(withdraw.account),
    chainId: withdraw.chainId.toString(),
    token: getAddress(withdraw.token),
    amount: withdraw.amount.toString(),
    to: getAddress(withdraw.to),
    maxFastFeeBps: withdraw.maxFastFeeBps,
    maxRelayerFee: withdraw.maxRelayerFee.toString(),
    nonce: withdraw.nonce.toString(),
    deadline: withdraw.deadline,
  }
}
