// Fast paths for the keeper benchmarks: many positions on a test devnet without a node, by sending
// each solver's transactions back to back with locally counted nonces and awaiting only the last.

import { hashIntent, type SignedMarginIntent, toGaslessCrossChainOrder } from '@xmargin/intents'
import { chainOf, type DevnetManifest, loadArtifact } from '@xmargin/settlement-contracts/deploy'
import {
  type Address,
  createPublicClient,
  createWalletClient,
  encodeAbiParameters,
  erc20Abi,
  type Hex,
  http,
  maxUint256,
  parseAbiParameters,
  parseEther,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { encodeOriginData } from '../src/infra/chain/decodeOriginData.ts'
import { signTestIntent } from '../src/testing/testIntent.ts'

export type BatchIntentsParameters = {
  manifest: DevnetManifest
  count: number
  /** First trader nonce; intents use `firstNonce … firstNonce + count − 1`. */
  firstNonce: bigint
  collateralAmount: bigint
  size: bigint
  /** Alternate longs and shorts (keeps the skew near zero), or all longs. */
  sides: 'alternate' | 'long'
  maxLeverageBps?: number
}

/** `count` signed intents from the devnet's traders in turn, all timed from one chain clock reading. */
export async function signBatch(parameters: BatchIntentsParameters): Promise<SignedMarginIntent[]> {
  const { manifest, count } = parameters
  const origin = createPublicClient({ transport: http(chainOf(manifest, 'origin').rpcUrl) })
  const now = Number((await origin.getBlock()).timestamp)
  const signed: SignedMarginIntent[] = []
  for (let i = 0; i < count; i++) {
    const isLong = parameters.sides === 'long' || i % 2 === 0
    signed.push(
      await signTestIntent({
        manifest,
        trader: i % manifest.accounts.traders.length,
        nonce: parameters.firstNonce + BigInt(i),
        now,
        fillIn: 3_600,
        collateralAmount: parameters.collateralAmount,
        size: parameters.size,
        isLong,
        limitPrice: isLong ? parseEther('1000000') : 1n,
        ...(parameters.maxLeverageBps === undefined ? {} : { maxLeverageBps: parameters.maxLeverageBps }),
      }),
    )
  }
  return signed
}

/** Opens every intent on the origin vault, the i-th by solver i mod 3. */
export async function openBatch(manifest: DevnetManifest, intents: readonly SignedMarginIntent[]) {
  const { rpcUrl, contracts } = chainOf(manifest, 'origin')
  const abi = loadArtifact('CollateralVault.sol').abi
  await sendBatch(manifest, rpcUrl, intents, (signed) => ({
    address: contracts.collateralVault as Address,
    abi,
    functionName: 'openFor',
    args: [toGaslessCrossChainOrder(signed.order), signed.signature, '0x'],
  }))
}

/** Fills every intent on the engine at 2 bps, the i-th by solver i mod 3 (approving first). */
export async function fillBatch(manifest: DevnetManifest, intents: readonly SignedMarginIntent[]) {
  const { rpcUrl, contracts } = chainOf(manifest, 'destination')
  const engine = contracts.marginEngine as Address
  const approvals = manifest.accounts.solvers.map(() => ({
    address: contracts.settlementToken as Address,
    abi: erc20Abi,
    functionName: 'approve',
    args: [engine, maxUint256],
  }))
  await sendEach(manifest, rpcUrl, approvals)
  const abi = loadArtifact('MarginEngine.sol').abi
  await sendBatch(manifest, rpcUrl, intents, (signed) => ({
    address: engine,
    abi,
    functionName: 'fill',
    args: [
      hashIntent(signed.order),
      encodeOriginData(toGaslessCrossChainOrder(signed.order)),
      encodeAbiParameters(parseAbiParameters('bytes, uint16, bytes[]'), [signed.signature, 2, []]),
    ],
  }))
}

type Call = { address: Address; abi: readonly unknown[]; functionName: string; args: readonly unknown[] }

async function sendBatch(
  manifest: DevnetManifest,
  rpcUrl: string,
  intents: readonly SignedMarginIntent[],
  callOf: (signed: SignedMarginIntent) => Call,
): Promise<void> {
  const solvers = manifest.accounts.solvers.length
  const bySolver: Call[][] = manifest.accounts.solvers.map(() => [])
  for (const [i, signed] of intents.entries()) bySolver[i % solvers]?.push(callOf(signed))
  await Promise.all(bySolver.map((calls, solver) => sendFrom(manifest, rpcUrl, solver, calls)))
}

/** Solver i sends `calls[i]`. */
async function sendEach(manifest: DevnetManifest, rpcUrl: string, calls: readonly Call[]) {
  await Promise.all(calls.map((call, solver) => sendFrom(manifest, rpcUrl, solver, [call])))
}

/** Sends `calls` from solver `solver` with consecutive nonces, in chunks; checks every receipt. */
async function sendFrom(manifest: DevnetManifest, rpcUrl: string, solver: number, calls: readonly Call[]) {
  const key = manifest.accounts.solvers[solver]?.privateKey as Hex
  const account = privateKeyToAccount(key)
  const client = createPublicClient({ transport: http(rpcUrl), pollingInterval: 20 })
  const wallet = createWalletClient({ transport: http(rpcUrl), account })
  let nonce = await client.getTransactionCount({ address: account.address, blockTag: 'pending' })
  for (let from = 0; from < calls.length; from += 50) {
    const hashes: Hex[] = []
    for (const call of calls.slice(from, from + 50)) {
      hashes.push(
        await wallet.writeContract({
          ...(call as Parameters<typeof wallet.writeContract>[0]),
          chain: null,
          nonce: nonce++,
          gas: 2_000_000n,
        }),
      )
    }
    const receipts = await Promise.all(hashes.map((hash) => client.waitForTransactionReceipt({ hash })))
    const failed = receipts.find((r) => r.status !== 'success')
    if (failed !== undefined) throw new Error(`batch transaction ${failed.transactionHash} reverted`)
  }
}
