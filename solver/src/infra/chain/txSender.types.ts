import type { Abi, Address, Hex, TransactionReceipt } from 'viem'

/** One contract call to send: simulated first, then sent from the sender's account. */
export type ContractCall = {
  address: Address
  abi: Abi
  functionName: string
  args: readonly unknown[]
  /** Wei sent with the call (messages are paid by the caller). */
  value?: bigint
}

export type SentTransaction = { hash: Hex; receipt: TransactionReceipt }

/**
 * Sends transactions for one account on one chain: simulate (by estimating), then send with a locally
 * managed nonce (starting from the pending nonce), wait for the receipt, retry transient failures with
 * backoff. Concurrent sends do not wait for each other; their nonces follow the order they were ready.
 * A revert (in simulation or on chain) throws TxRevertedError with `details.reason` = the error name.
 */
export type TxSender = {
  readonly chainId: number
  readonly address: Address
  send(call: ContractCall, options?: { onSent?: (hash: Hex) => void }): Promise<SentTransaction>
  /** Simulation only; throws TxRevertedError like `send`. */
  simulate(call: ContractCall): Promise<void>
}
