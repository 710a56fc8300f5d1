import {
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  type Hex,
  type PublicClient,
  type WalletClient,
} from 'viem'
import { MAILBOX_ABI } from './abis.ts'
import { awaitReceipts } from './awaitReceipts.ts'
import { AlreadyDeliveredError, ProcessRevertedError, RelayError } from './errors.ts'

// Hyperlane's Mailbox: `require(!delivered(_id), "Mailbox: already delivered")`.
const ALREADY_DELIVERED = 'Mailbox: already delivered'

export type ProcessMessageParameters = {
  publicClient: PublicClient
  walletClient: WalletClient
  mailbox: Address
  metadata: Hex
  message: Hex
}

/** A simulated `Mailbox.process`, ready for `sendProcess`. */
export type PreparedProcess = {
  walletClient: WalletClient
  request: Parameters<WalletClient['writeContract']>[0]
}

/**
 * Calls `Mailbox.process(metadata, message)` and waits for it to be mined; throws ProcessRevertedError
 * when the Mailbox refuses (bad metadata, already delivered, the recipient reverted).
 */
export async function processMessage(parameters: ProcessMessageParameters): Promise<Hex> {
  const hash = await sendProcess(await simulateProcess(parameters))
  const receipts = await awaitReceipts({ client: parameters.publicClient, hashes: [hash] })
  if (receipts.get(hash)?.status !== 'success') throw processReverted(hash)
  return hash
}

/**
 * Simulates `Mailbox.process`; throws ProcessRevertedError when it reverts, AlreadyDeliveredError when
 * that is because the message is delivered. Simulations of different messages may run at once.
 */
export async function simulateProcess({
  publicClient,
  walletClient,
  mailbox,
  metadata,
  message,
}: ProcessMessageParameters): Promise<PreparedProcess> {
  const account = walletClient.account
  if (account === undefined) throw new RelayError('the wallet client has no account')
  try {
    const { request } = await publicClient.simulateContract({
      account,
      address: mailbox,
      abi: MAILBOX_ABI,
      functionName: 'process',
      args: [metadata, message],
    })
    return { walletClient, request: { ...request, chain: null } as PreparedProcess['request'] }
  } catch (error) {
    throw refusal(error)
  }
}

/**
 * Hands a simulated `process` to the node without waiting for it to be mined; one at a time per wallet
 * (each takes the next pending nonce). The node estimates gas on its pending block, so a rival's
 * `process` still pending is refused here as AlreadyDeliveredError.
 */
export async function sendProcess({ walletClient, request }: PreparedProcess): Promise<Hex> {
  try {
    return await walletClient.writeContract(request)
  } catch (error) {
    throw refusal(error)
  }
}

/** The error of a `process` that was mined and reverted. */
export function processReverted(hash: Hex): ProcessRevertedError {
  return new ProcessRevertedError(`Mailbox.process reverted in ${hash}`, { transactionHash: hash })
}

function refusal(error: unknown): ProcessRevertedError {
  const revert =
    error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null
  const reason = revert instanceof ContractFunctionRevertedError ? revert.reason : undefined
  const Refused = reason === ALREADY_DELIVERED ? AlreadyDeliveredError : ProcessRevertedError
  return new Refused('Mailbox.process reverted', {
    details: reason ?? (error instanceof Error ? error.message.split('\n')[0] : String(error)),
    cause: error,
  })
}
