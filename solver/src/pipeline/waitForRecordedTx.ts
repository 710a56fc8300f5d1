import { type Hex, type PublicClient, TransactionNotFoundError, TransactionReceiptNotFoundError } from 'viem'

/**
 * Before deciding anew, let a transaction recorded by a previous run land: a node restarted while its
 * `openFor` was pending would otherwise read "not opened" and send a second one. A transaction the
 * node no longer knows (dropped) is ignored.
 */
export async function waitForRecordedTx(client: PublicClient, hash: Hex): Promise<void> {
  try {
    await client.getTransactionReceipt({ hash })
    return
  } catch (error) {
    if (!(error instanceof TransactionReceiptNotFoundError)) throw error
  }
  try {
    await client.getTransaction({ hash })
  } catch (error) {
    if (error instanceof TransactionNotFoundError) return
    throw error
  }
  await client.waitForTransactionReceipt({ hash })
}
