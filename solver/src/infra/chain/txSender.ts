import {
  type Account,
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  encodeFunctionData,
  type Hex,
  InsufficientFundsError,
  keccak256,
  type LocalAccount,
  NonceTooLowError,
  type PublicClient,
  type WalletClient,
} from 'viem'
import { ChainUnavailableError, ConfigError, SolverError, TxRevertedError } from '../../errors.ts'
import type { Logger } from '../createLogger.ts'
import type { ContractCall, SentTransaction, TxSender } from './txSender.types.ts'
import { createTxSenderFees } from './txSenderFees.ts'
import { createTxSenderGas } from './txSenderGas.ts'
import { createTxSenderNonces } from './txSenderNonces.ts'

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
  /** How long one fee quote serves every send; 1,000 ms (about a block) unless given. */
  feeQuoteMaxAgeMs?: number
}

export type CreateTxSenderReturnType = TxSender

const NONCE_MESSAGE =
  /nonce too low|already known|replacement transaction underpriced|nonce has already been used/i
/** The node holds this very transaction already (an earlier try reached it): sent. */
const KNOWN_MESSAGE = /already known|already imported|known transaction/i

/**
 * One account's sender on one chain. Independent sends do not wait for each other: each is estimated
 * (which simulates it: a revert is reported before any nonce is used) — or, once a call of the same
 * function was mined, simulated once at the gas it used plus headroom (txSenderGas) — and priced on its own, then
 * signed locally with the next local nonce and handed to the node, so a backlog after a stall or a
 * burst goes out within a round trip, several transactions per block, and an order whose grace is
 * running never waits behind other orders' simulations. Nonces come from txSenderNonces: a send that
 * never reached the node gives its nonce back to the next one (no gap), and a nonce the node says is
 * used makes the sender catch up with the node's pending count.
 */
export function createTxSender(parameters: CreateTxSenderParameters): CreateTxSenderReturnType {
  const { public: client, wallet, logger } = parameters
  const maxAttempts = parameters.maxAttempts ?? 4
  const backoffMs = parameters.backoffMs ?? 250
  const walletAccount = wallet.account
  if (walletAccount?.type !== 'local')
    throw new ConfigError('wallet.account', 'the wallet client must carry a local (private key) account')
  const account: LocalAccount = walletAccount
  const namedChainId = client.chain?.id ?? wallet.chain?.id
  if (namedChainId === undefined) throw new ConfigError('public.chain', 'the clients name no chain')
  const chainId: number = namedChainId
  const log = logger.child({ component: 'txSender', chainId, address: account.address })
  const nonces = createTxSenderNonces({
    pendingCount: () => client.getTransactionCount({ address: account.address, blockTag: 'pending' }),
  })
  const fees = createTxSenderFees({ client, maxAgeMs: parameters.feeQuoteMaxAgeMs ?? 1_000 })
  const gasLimits = createTxSenderGas()

  async function simulate(call: ContractCall): Promise<void> {
    await withRetries(call, async () => {
      await client.simulateContract(callParameters(account, call))
    })
  }

  async function send(
    call: ContractCall,
    options: { onSent?: (hash: Hex) => void } = {},
  ): Promise<SentTransaction> {
    const hash = await withRetries(call, () => submit(call))
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
      gasLimits.forget(call)
      throw new TxRevertedError('TX_REVERTED', `${call.functionName} reverted on chain`, {
        details: { reason: 'reverted', hash, blockNumber: receipt.blockNumber.toString() },
      })
    }
    gasLimits.learn(call, receipt.gasUsed)
    log.debug({ hash, functionName: call.functionName, gasUsed: receipt.gasUsed.toString() }, 'tx mined')
    return { hash, receipt }
  }

  /**
   * Simulates at a learnt gas limit or estimates (a revert throws here), prices, signs with the next
   * nonce and hands it to the node.
   */
  async function submit(call: ContractCall): Promise<Hex> {
    // The estimate is exact for the state it ran on; a transaction mined after others in the same
    // block (a burst of dispatches through one Mailbox) may need more, hence the headroom.
    const [gas, price] = await Promise.all([
      gasLimits.limitFor(
        call,
        async (limit) => {
          await client.simulateContract({ ...callParameters(account, call), gas: limit })
        },
        () => client.estimateContractGas(callParameters(account, call)),
      ),
      fees.current(),
    ])
    const nonce = await nonces.take()
    const serializedTransaction = await account.signTransaction({
      chainId,
      nonce,
      to: call.address,
      data: encodeFunctionData({ abi: call.abi, functionName: call.functionName, args: call.args }),
      gas,
      ...(call.value === undefined ? {} : { value: call.value }),
      ...('gasPrice' in price ? { type: 'legacy', gasPrice: price.gasPrice } : { type: 'eip1559', ...price }),
    })
    const hash = keccak256(serializedTransaction)
    try {
      await wallet.sendRawTransaction({ serializedTransaction })
    } catch (error) {
      if (messageMatches(error, KNOWN_MESSAGE)) return sent(hash, call, nonce)
      if (isNonceError(error)) nonces.taken(nonce)
      else nonces.release(nonce)
      throw error
    }
    return sent(hash, call, nonce)
  }

  function sent(hash: Hex, call: ContractCall, nonce: number): Hex {
    log.debug({ hash, functionName: call.functionName, nonce }, 'tx sent')
    return hash
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

/**
 * What viem's simulate and estimate both take for one contract call. The account goes by address:
 * with the local account viem would fill a whole transaction (nonce, fees) per estimate.
 */
function callParameters(account: Account, call: ContractCall) {
  return {
    account: account.address,
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
  return error.walk((e) => e instanceof NonceTooLowError) !== null || messageMatches(error, NONCE_MESSAGE)
}

function messageMatches(error: unknown, pattern: RegExp): boolean {
  if (!(error instanceof BaseError)) return false
  return error.walk((e) => pattern.test((e as Error).message)) !== null
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
