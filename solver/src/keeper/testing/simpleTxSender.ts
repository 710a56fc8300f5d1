import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  http,
  type LocalAccount,
} from 'viem'
import { TxRevertedError } from '../../errors.ts'
import type { ContractCall, TxSender } from '../../infra/chain/txSender.types.ts'

export type SimpleTxSenderParameters = { rpcUrl: string; chainId: number; account: LocalAccount }

/**
 * A test stand-in for the node's TxSender: simulate, send, wait. No nonce management and no retries
 * (tests send one transaction at a time from each account).
 */
export function createSimpleTxSender({ rpcUrl, chainId, account }: SimpleTxSenderParameters): TxSender {
  const client = createPublicClient({ transport: http(rpcUrl), pollingInterval: 20 })
  const wallet = createWalletClient({ transport: http(rpcUrl), account })

  async function simulate(call: ContractCall) {
    try {
      const { request } = await client.simulateContract({
        account,
        address: call.address,
        abi: call.abi,
        functionName: call.functionName,
        args: call.args,
        ...(call.value === undefined ? {} : { value: call.value }),
      })
      return request
    } catch (error) {
      throw reverted(call, error)
    }
  }

  return {
    chainId,
    address: account.address,
    async simulate(call) {
      await simulate(call)
    },
    async send(call, options) {
      const request = await simulate(call)
      const hash = await wallet.writeContract({ ...request, chain: null })
      options?.onSent?.(hash)
      const receipt = await client.waitForTransactionReceipt({ hash })
      if (receipt.status !== 'success') {
        throw new TxRevertedError('TX_REVERTED', `${call.functionName} reverted on chain`, {
          details: { reason: 'reverted', hash },
        })
      }
      return { hash, receipt }
    },
  }
}

function reverted(call: ContractCall, error: unknown): unknown {
  if (!(error instanceof BaseError)) return error
  const revert = error.walk((e) => e instanceof ContractFunctionRevertedError)
  if (!(revert instanceof ContractFunctionRevertedError)) return error
  const reason = revert.data?.errorName ?? revert.reason ?? 'reverted'
  return new TxRevertedError('TX_REVERTED', `${call.functionName} reverts: ${reason}`, {
    details: { reason, args: revert.data?.args?.map(String) ?? [] },
    cause: error,
  })
}
