import type { Address, Hex, PublicClient, WalletClient } from 'viem'
import { MAILBOX_ABI } from './abis.ts'
import { ProcessRevertedError, RelayError } from './errors.ts'

export type ProcessMessageParameters = {
  publicClient: PublicClient
  walletClient: WalletClient
  mailbox: Address
  metadata: Hex
  message: Hex
}

/**
 * Calls `Mailbox.process(metadata, message)` and waits for it to be mined; throws ProcessRevertedError
 * when the Mailbox refuses (bad metadata, already delivered, the recipient reverted).
 */
export async function processMessage({
  publicClient,
  walletClient,
  mailbox,
  metadata,
  message,
}: ProcessMessageParameters): Promise<Hex> {
  const account = walletClient.account
  if (account === undefined) throw new RelayError('the wallet client has no account')
  let hash: Hex
  try {
    const { request } = await publicClient.simulateContract({
      account,
      address: mailbox,
      abi: MAILBOX_ABI,
      functionName: 'process',
      args: [metadata, message],
    })
    hash = await walletClient.writeContract({ ...request, chain: null })
  } catch (error) {
    throw new ProcessRevertedError('Mailbox.process reverted', {
      details: error instanceof Error ? error.message.split('\n')[0] : String(error),
      cause: error,
    })
  }
  const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 })
  if (receipt.status !== 'success') throw new ProcessRevertedError(`Mailbox.process reverted in ${hash}`)
  return hash
}
