import { hashIntent, type SignedMarginIntent, toGaslessCrossChainOrder } from '@xmargin/intents'
import { chainOf, type DevnetManifest, loadArtifact } from '@xmargin/settlement-contracts/deploy'
import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  encodeAbiParameters,
  erc20Abi,
  type Hex,
  http,
  maxUint256,
  parseAbiParameters,
  publicActions,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { encodeOriginData } from '../infra/chain/decodeOriginData.ts'
import { withGasHeadroom } from '../infra/chain/txSenderGas.ts'

// What a solver does on the devnet by hand, for tests that need an order in a given state without a node.

export type OpenedOrder = {
  orderId: Hex
  /** The `openFor` transaction, which dispatches `Locked`. */
  hash: Hex
}

/** Solver `solver` (0 unless given) opens the signed intent on the origin vault. */
export async function openOrder(
  manifest: DevnetManifest,
  signed: SignedMarginIntent,
  solver = 0,
): Promise<OpenedOrder> {
  const { rpcUrl, contracts } = chainOf(manifest, 'origin')
  const wallet = walletOf(manifest, rpcUrl, solver)
  const request = {
    chain: null,
    address: contracts.collateralVault as Address,
    abi: loadArtifact('CollateralVault.sol').abi,
    functionName: 'openFor',
    args: [toGaslessCrossChainOrder(signed.order), signed.signature, '0x'],
  }
  const hash = await wallet.writeContract({
    ...request,
    gas: withGasHeadroom(await wallet.estimateContractGas(request)),
  })
  await mined(rpcUrl, hash)
  return { orderId: hashIntent(signed.order), hash }
}

/** Solver `solver` (0 unless given) fills the order on the engine at `feeBps`, fronting the margin. */
export async function fillOrder(
  manifest: DevnetManifest,
  signed: SignedMarginIntent,
  feeBps: number,
  solver = 0,
): Promise<Hex> {
  const { rpcUrl, contracts } = chainOf(manifest, 'destination')
  const wallet = walletOf(manifest, rpcUrl, solver)
  const engine = contracts.marginEngine as Address
  const approval = await wallet.writeContract({
    chain: null,
    address: contracts.settlementToken as Address,
    abi: erc20Abi,
    functionName: 'approve',
    args: [engine, maxUint256],
  })
  await mined(rpcUrl, approval)
  const fillerData = encodeAbiParameters(parseAbiParameters('bytes, uint16, bytes[]'), [
    signed.signature,
    feeBps,
    [],
  ])
  const request = {
    chain: null,
    address: engine,
    abi: loadArtifact('MarginEngine.sol').abi,
    functionName: 'fill',
    args: [hashIntent(signed.order), encodeOriginData(toGaslessCrossChainOrder(signed.order)), fillerData],
  }
  const hash = await wallet.writeContract({
    ...request,
    gas: withGasHeadroom(await wallet.estimateContractGas(request)),
  })
  await mined(rpcUrl, hash)
  return hash
}

/** Moves every chain's clock forward and mines a block on each. */
export async function advanceTime(manifest: DevnetManifest, seconds: number): Promise<void> {
  for (const chain of manifest.chains) {
    const client = createTestClient({ mode: 'anvil', transport: http(chain.rpcUrl) })
    await client.increaseTime({ seconds })
    await client.mine({ blocks: 1 })
  }
}

function walletOf(manifest: DevnetManifest, rpcUrl: string, solver: number) {
  const key = manifest.accounts.solvers[solver]?.privateKey
  if (key === undefined) throw new RangeError(`the devnet has no solver ${solver}`)
  return createWalletClient({ transport: http(rpcUrl), account: privateKeyToAccount(key) }).extend(
    publicActions,
  )
}

async function mined(rpcUrl: string, hash: Hex): Promise<void> {
  const client = createPublicClient({ transport: http(rpcUrl), pollingInterval: 20 })
  const receipt = await client.waitForTransactionReceipt({ hash })
  if (receipt.status === 'success') return
  // Replay it on the block before, so a failing test says why (a stale price, a fee, a deadline).
  const tx = await client.getTransaction({ hash })
  if (receipt.gasUsed * 100n >= tx.gas * 98n)
    throw new Error(`transaction ${hash} reverted: out of gas (used ${receipt.gasUsed} of ${tx.gas})`)
  const reason = await client
    .call({ account: tx.from, to: tx.to, data: tx.input, blockNumber: receipt.blockNumber - 1n })
    .then(
      () => 'it does not revert when replayed',
      (error: { shortMessage?: string; message: string }) => error.shortMessage ?? error.message,
    )
  throw new Error(`transaction ${hash} reverted: ${reason}`)
}
