import {
  type Account,
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  type Hex,
  InsufficientFundsError,
  NonceTooLowError,
  type PublicClient,
  type WalletClient,
} from 'viem'
import { ChainUnavailableError, ConfigError, SolverError, TxRevertedError } from '../../errors.ts'
import type { Logger } from '../createLogger.ts'
import type { ContractCall, SentTransaction, TxSender } from './txSender.types.ts'

export type CreateTxSenderParameters = {
  public: PublicClient
  /** Must carry the sending account. */
  wallet: WalletClient
  logger: Logger
  /** Tries per send or simulation before giving up with ChainUnavailableError; 4 unless given. */
  maxAttempts?: number
  /** First backoff; doubles each try, with jitter; 250 ms unless given. */
  backoffMs?: number
  /** How long to wait for a receipt; viem's default (180 s) unless given. */
  receiptTimeoutMs?: number
}

export type CreateTxSenderReturnType = TxSender

/** Gas limit = estimate × this / 100; only the gas used is paid. */
const GAS_HEADROOM_PERCENT = 130n

const NONCE_MESSAGE =
  /nonce too low|already known|replacement transaction underpriced|nonce has already been used/i

/**
 * One account's sender on one chain. Sends go through a queue: each is simulated and handed to the
 * node with the next local nonce before the next one starts, so nonces never collide; the queue is
 * released as soon as the node accepts, and the receipt is awaited outside it. The local nonce starts
 * from the pending count and is resynced from it whenever the node says a nonce was taken (by a
 * transaction sent from the same key elsewhere, or one we lost track of).
 */
export function createTxSender(parameters: CreateTxSenderParameters): CreateTxSenderReturnType {
  const { public: client, wallet, logger } = parameters
  const maxAttempts = parameters.maxAttempts ?? 4
  const backoffMs = parameters.backoffMs ?? 250
  const walletAccount = wallet.account
  if (walletAccount === undefined) throw new ConfigError('wallet.account', 'the wallet client has no account')
  const account: Account = walletAccount
  const chainId = client.chain?.id ?? wallet.chain?.id
  if (chainId === undefined) throw new ConfigError('public.chain', 'the clients name no chain')
  const log = logger.child({ component: 'txSender', chainId, address: account.address })

  let nonce: number | undefined
  let queue: Promise<unknown> = Promise.resolve()

  async function simulate(call: ContractCall): Promise<void> {
    await withRetries(call, async () => {
      await simulateCall(client, account, call)
    })
  }

  async function send(
    call: ContractCall,
    options: { onSent?: (hash: Hex) => void } = {},
  ): Promise<SentTransaction> {
    const submitted = queue.then(() => submit(call))
    // The queue waits for this submission whatever its outcome; the caller sees the outcome.
    queue = submitted.catch(() => undefined)
    const hash = await submitted
    options.onSent?.(hash)
    // Only the wait is retried: sending again could land the call twice.
    const receipt = await withRetries(
      call,
      () =>
        client.waitForTransactionReceipt({
          hash,
          ...(parameters.receiptTimeoutMs === undefined ? {} : { timeout: parameters.receiptTimeoutMs }),
        }),
      { hash },
    )
    if (receipt.status !== 'success') {
      throw new TxRevertedError('TX_REVERTED', `${call.functionName} reverted on chain`, {
        details: { reason: 'reverted', hash, blockNumber: receipt.blockNumber.toString() },
      })
    }
    log.debug({ hash, functionName: call.functionName, gasUsed: receipt.gasUsed.toString() }, 'tx mined')
    return { hash, receipt }
  }

  /** Simulates, then sends with the next nonce; retries nonce clashes and transient failures. */
  async function submit(call: ContractCall): Promise<Hex> {
    return withRetries(call, async () => {
      await simulateCall(client, account, call)
      // The estimate is exact for the state it ran on; a transaction mined after others in the same
      // block (a burst of dispatches through one Mailbox) may need more, and would revert out of gas.
      const estimate = await client.estimateContractGas(callParameters(account, call))
      const gas = (estimate * GAS_HEADROOM_PERCENT) / 100n
      nonce ??= await client.getTransactionCount({ address: account.address, blockTag: 'pending' })
      try {
        const hash = await wallet.writeContract({
          account: account,
          chain: wallet.chain ?? null,
          address: call.address,
          abi: call.abi,
          functionName: call.functionName,
          args: call.args,
          nonce,
          gas,
          ...(call.value === undefined ? {} : { value: call.value }),
        })
        nonce += 1
        log.debug({ hash, functionName: call.functionName, nonce: nonce - 1 }, 'tx sent')
        return hash
      } catch (error) {
        // Whatever went wrong, the node's pending count is the truth to start again from.
        nonce = undefined
        throw error
      }
    })
  }

  /** Runs `attempt` until it succeeds, a revert or a permanent failure is thrown, or tries run out. */
  async function withRetries<T>(
    call: ContractCall,
    attempt: () => Promise<T>,
    details: Record<string, unknown> = {},
  ): Promise<T> {
    for (let tries = 1; ; tries++) {
      try {
        return await attempt()
      } catch (error) {
        const failure = classify(error, call)
        if (failure !== undefined) throw failure
        const isNonce = isNonceError(error)
        if (tries >= maxAttempts) {
          throw new ChainUnavailableError('CHAIN_UNAVAILABLE', `chain ${chainId} failed ${tries} times`, {
            details: { ...details, chainId, functionName: call.functionName, last: shortMessage(error) },
            cause: error,
          })
        }
        const delay = isNonce ? 0 : backoff(tries)
        log.warn({ functionName: call.functionName, tries, delay, error: shortMessage(error) }, 'tx retry')
        await sleep(delay)
      }
    }
  }

  function backoff(tries: number): number {
    const base = backoffMs * 2 ** (tries - 1)
    return Math.round(base / 2 + Math.random() * (base / 2))
  }

  return { chainId, address: account.address as Address, send, simulate }
}

async function simulateCall(client: PublicClient, account: Account, call: ContractCall): Promise<void> {
  await client.simulateContract(callParameters(account, call))
}

/** What viem's simulate and estimate both take for one contract call. */
function callParameters(account: Account, call: ContractCall) {
  return {
    account,
    address: call.address,
    abi: call.abi,
    functionName: call.functionName,
    args: call.args,
    ...(call.value === undefined ? {} : { value: call.value }),
  }
}

/** A failure no retry can fix, as the node's error; undefined when a retry may help. */
function classify(error: unknown, call: ContractCall): SolverError | undefined {
  if (!(error instanceof BaseError)) return undefined
  const revert = error.walk((e) => e instanceof ContractFunctionRevertedError)
  if (revert instanceof ContractFunctionRevertedError) {
    const reason = revert.data?.errorName ?? revert.reason ?? revert.signature ?? 'reverted'
    return new TxRevertedError('TX_REVERTED', `${call.functionName} reverts: ${reason}`, {
      details: { reason, args: jsonSafe(revert.data?.args ?? []), functionName: call.functionName },
      cause: error,
    })
  }
  if (error.walk((e) => e instanceof InsufficientFundsError) !== null) {
    return new SolverError('TX_FAILED', `${call.functionName}: the sender cannot pay for gas`, {
      cause: error,
    })
  }
  return undefined
}

function isNonceError(error: unknown): boolean {
  if (!(error instanceof BaseError)) return false
  return error.walk((e) => e instanceof NonceTooLowError || NONCE_MESSAGE.test((e as Error).message)) !== null
}

function shortMessage(error: unknown): string {
  if (error instanceof BaseError) return error.shortMessage
  return error instanceof Error ? error.message : String(error)
}

/** Decoded error arguments for logs and HTTP: bigints as decimal strings. */
function jsonSafe(args: readonly unknown[]): unknown[] {
  return args.map((arg) => (typeof arg === 'bigint' ? arg.toString() : arg))
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
