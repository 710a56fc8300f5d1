import { type Hex, type PublicClient, type TransactionReceipt, TransactionReceiptNotFoundError } from 'viem'
import { RelayError } from './errors.ts'

export type AwaitReceiptsParameters = {
  client: PublicClient
  hashes: readonly Hex[]
  /** How often the block number is read; 20 ms unless given. */
  pollMs?: number
  /** Give up after this long; 180,000 ms (viem's receipt timeout) unless given. */
  timeoutMs?: number
}

/**
 * Waits until every transaction of `hashes` is mined. One block-number read per poll and the
 * receipts only when a block arrives: many transactions in flight cost what one does (a watcher per
 * transaction, as `waitForTransactionReceipt` runs, swamps the node when a burst is in flight).
 */
export async function awaitReceipts({
  client,
  hashes,
  pollMs = 20,
  timeoutMs = 180_000,
}: AwaitReceiptsParameters): Promise<Map<Hex, TransactionReceipt>> {
  const receipts = new Map<Hex, TransactionReceipt>()
  const deadline = Date.now() + timeoutMs
  let lastBlock: bigint | undefined
  for (;;) {
    const block = await client.getBlockNumber({ cacheTime: 0 })
    if (block !== lastBlock) {
      lastBlock = block
      await Promise.all(
        hashes
          .filter((hash) => !receipts.has(hash))
          .map(async (hash) => {
            try {
              receipts.set(hash, await client.getTransactionReceipt({ hash }))
            } catch (error) {
              if (!(error instanceof TransactionReceiptNotFoundError)) throw error
            }
          }),
      )
    }
    if (receipts.size === hashes.length) return receipts
    if (Date.now() > deadline) {
      throw new RelayError(`${hashes.length - receipts.size} of ${hashes.length} transactions not mined`, {
        details: `waited ${timeoutMs} ms`,
      })
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs))
  }
}
