import { Eip1559FeesNotSupportedError, type PublicClient } from 'viem'

export type TxFees = { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } | { gasPrice: bigint }

export type CreateTxSenderFeesParameters = {
  client: PublicClient
  /** How long one quote serves every send; about a block. */
  maxAgeMs: number
}

export type TxSenderFees = {
  /** Fees for a transaction sent now (one quote shared by the sends of about a block). */
  current(): Promise<TxFees>
}

export type CreateTxSenderFeesReturnType = TxSenderFees

/**
 * The fee cap covers twice the base fee: a burst fills blocks and each full block raises the base fee
 * by up to 12.5%, so a cap of 1.2× would leave transactions sent a few blocks into a burst stuck in
 * the pool. Only the base fee and the tip are paid, whatever the cap.
 */
const BASE_FEE_MULTIPLIER = 2

export function createTxSenderFees(parameters: CreateTxSenderFeesParameters): CreateTxSenderFeesReturnType {
  const { client, maxAgeMs } = parameters
  let quote: { fees: Promise<TxFees>; atMs: number } | undefined

  async function fetchFees(): Promise<TxFees> {
    const chain =
      client.chain === undefined
        ? undefined
        : { ...client.chain, fees: { baseFeeMultiplier: BASE_FEE_MULTIPLIER } }
    try {
      const { maxFeePerGas, maxPriorityFeePerGas } = await client.estimateFeesPerGas({
        chain,
        type: 'eip1559',
      })
      return { maxFeePerGas, maxPriorityFeePerGas }
    } catch (error) {
      if (!(error instanceof Eip1559FeesNotSupportedError)) throw error
      const { gasPrice } = await client.estimateFeesPerGas({ chain, type: 'legacy' })
      return { gasPrice }
    }
  }

  return {
    current() {
      const now = Date.now()
      if (quote === undefined || now - quote.atMs > maxAgeMs) {
        const fees = fetchFees()
        const fresh = { fees, atMs: now }
        quote = fresh
        // A failed quote is not served to the next send.
        fees.catch(() => {
          if (quote === fresh) quote = undefined
        })
      }
      return quote.fees
    },
  }
}
