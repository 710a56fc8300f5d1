import { formatUnits } from 'viem'

/** The parts of the `eth_signTypedData_v4` payload a trader should look at before signing. */
type WalletPayload = {
  primaryType: string
  domain: { name: string; chainId: number; verifyingContract: string }
  message: {
    permitted: { token: string; amount: string }
    spender: string
    nonce: string
    deadline: string
    witness: {
      fillDeadline: number
      orderData: {
        destinationChainId: string
        destinationSettler: string
        recipient: string
        market: string
        isLong: boolean
        size: string
        limitPrice: string
        maxLeverageBps: number
        fee: { startBps: number; maxBps: number; startTime: number; endTime: number }
        route: string
      }
    }
  }
}

export type SummarizeWalletPayloadOptions = {
  /** Decimals of the collateral token, which the payload itself does not carry. */
  collateralDecimals: number
}

/**
 * A few labelled lines of what the wallet is asked to sign: who may move which tokens (the Permit2
 * part), and the witness terms that the same signature commits to.
 */
export function summarizeWalletPayload(
  payload: string,
  { collateralDecimals }: SummarizeWalletPayloadOptions,
): Array<[string, string]> {
  const { primaryType, domain, message } = JSON.parse(payload) as WalletPayload
  const order = message.witness.orderData
  const [base, quote] = order.market.split('-')
  return [
    ['domain', `${domain.name}, chain ${domain.chainId}, ${domain.verifyingContract}`],
    ['type', primaryType],
    [
      'permitted',
      `${units(message.permitted.amount, collateralDecimals)} of token ${message.permitted.token}`,
    ],
    ['spender', `${message.spender} (the vault)`],
    ['nonce', message.nonce],
    ['deadline', `${time(Number(message.deadline))} (openDeadline)`],
    ['position', `${order.isLong ? 'long' : 'short'} ${units(order.size, 18, base)} on ${order.market}`],
    [
      'limit',
      `${units(order.limitPrice, 18, `${quote} per ${base}`)}, at most ${order.maxLeverageBps / 10_000}x`,
    ],
    [
      'fee',
      `${order.fee.startBps} → ${order.fee.maxBps} bps over ${order.fee.endTime - order.fee.startTime} s`,
    ],
    ['where', `chain ${order.destinationChainId}, engine ${order.destinationSettler}, via ${order.route}`],
    ['recipient', order.recipient],
    ['fill by', time(message.witness.fillDeadline)],
  ]
}

/** `5 ETH (5000000000000000000)`: readable, with the exact integer the wallet shows. */
function units(value: string, decimals: number, unit?: string): string {
  const amount = formatUnits(BigInt(value), decimals)
  return unit === undefined ? `${amount} (${value})` : `${amount} ${unit} (${value})`
}

function time(seconds: number): string {
  return `${seconds} = ${new Date(seconds * 1000).toISOString().replace('.000Z', 'Z')}`
}
