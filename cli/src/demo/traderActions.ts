import {
  chainOf,
  type DevAccount,
  type DevnetManifest,
  loadArtifact,
} from '@xmargin/settlement-contracts/deploy'
import { type Address, createPublicClient, createWalletClient, type Hex, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

type PositionView = { collateral: bigint; status: number; debt: bigint }

/** What closing left: a withdrawal the trader asked for, or a debt a keeper must settle first. */
export type CloseOutcome =
  | { kind: 'withdrawn'; closeTx: Hex; withdrawTx: Hex; amount: bigint }
  | { kind: 'debt'; closeTx: Hex; debt: bigint; collateral: bigint }

/**
 * What a trader does on the destination chain after the fill: close the position, then ask the engine
 * to release the collateral on the origin (the engine checks, reserves, and sends `Release`). A close
 * at a loss leaves a debt in the settlement token; then a keeper's `settleDebt` seizes collateral worth
 * the debt and releases the rest to the trader itself, so the trader has nothing more to do.
 */
export async function closeAndWithdraw(
  manifest: DevnetManifest,
  trader: DevAccount,
  orderId: Hex,
): Promise<CloseOutcome> {
  const destination = chainOf(manifest, 'destination')
  const transport = http(destination.rpcUrl)
  const client = createPublicClient({ transport, pollingInterval: 100 })
  const wallet = createWalletClient({ transport, account: privateKeyToAccount(trader.privateKey) })
  const engine = {
    address: destination.contracts.marginEngine as Address,
    abi: loadArtifact('MarginEngine.sol').abi,
  }
  const send = async (functionName: 'close' | 'withdraw', args: readonly unknown[]) => {
    const { request } = await client.simulateContract({
      ...engine,
      functionName,
      args,
      account: wallet.account,
    })
    const hash = await wallet.writeContract(request)
    const receipt = await client.waitForTransactionReceipt({ hash })
    if (receipt.status !== 'success') throw new Error(`${functionName} reverted: ${hash}`)
    return hash
  }
  const closeTx = await send('close', [orderId, []])
  const position = (await client.readContract({
    ...engine,
    functionName: 'positionOf',
    args: [orderId],
  })) as PositionView
  if (position.debt > 0n)
    return { kind: 'debt', closeTx, debt: position.debt, collateral: position.collateral }
  const withdrawTx = await send('withdraw', [orderId, position.collateral, []])
  return { kind: 'withdrawn', closeTx, withdrawTx, amount: position.collateral }
}

/** The position's equity at the oracle's current price (18-decimal USD; negative when under water). */
export async function positionEquity(manifest: DevnetManifest, orderId: Hex): Promise<bigint> {
  const destination = chainOf(manifest, 'destination')
  const client = createPublicClient({ transport: http(destination.rpcUrl) })
  const [equity] = (await client.readContract({
    address: destination.contracts.marginEngine as Address,
    abi: loadArtifact('MarginEngine.sol').abi,
    functionName: 'health',
    args: [orderId],
  })) as readonly [bigint, bigint]
  return equity
}
