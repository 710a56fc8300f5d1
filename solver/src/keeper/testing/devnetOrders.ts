import { hashIntent, type SignedMarginIntent, signIntent, toGaslessCrossChainOrder } from '@xmargin/intents'
import {
  chainOf,
  DEVNET_FEEDS,
  type DevnetManifest,
  loadArtifact,
} from '@xmargin/settlement-contracts/deploy'
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
  parseAbi,
  parseAbiParameters,
  parseEther,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { encodeOriginData } from '../../infra/chain/decodeOriginData.ts'

/** Test helpers that walk an order through the devnet as a trader and a solver would. */

const MOCK_PYTH_ABI = parseAbi([
  'function createPriceFeedUpdateData(bytes32 id, int64 price, uint64 conf, int32 expo, int64 emaPrice, uint64 emaConf, uint64 publishTime, uint64 prevPublishTime) pure returns (bytes)',
  'function updatePriceFeeds(bytes[] updateData) payable',
  'function getPriceUnsafe(bytes32 id) view returns ((int64 price, uint64 conf, int32 expo, uint256 publishTime))',
])

export type OrderTerms = {
  nonce: bigint
  /** ETH-USD long size, 18 decimals; collateral is 1 WETH. */
  size: bigint
  /** Seconds from now until the fill deadline. */
  fillIn?: number
}

function chains(manifest: DevnetManifest) {
  const origin = chainOf(manifest, 'origin')
  const destination = chainOf(manifest, 'destination')
  return {
    origin,
    destination,
    originClient: createPublicClient({ transport: http(origin.rpcUrl), pollingInterval: 20 }),
    destinationClient: createPublicClient({ transport: http(destination.rpcUrl), pollingInterval: 20 }),
  }
}

/** Trader 0 signs a 1 WETH long on ETH-USD (fee 2 → 30 bps over two minutes, leverage up to 20×). */
export async function signLong(manifest: DevnetManifest, terms: OrderTerms): Promise<SignedMarginIntent> {
  const { origin, destination, originClient } = chains(manifest)
  const trader = manifest.accounts.traders[0]
  if (trader === undefined) throw new Error('devnet has no trader')
  const now = Number((await originClient.getBlock()).timestamp)
  const fillDeadline = now + (terms.fillIn ?? 600)
  return signIntent({
    intent: {
      originSettler: origin.contracts.collateralVault as Address,
      user: trader.address,
      nonce: terms.nonce,
      originChainId: BigInt(origin.chainId),
      openDeadline: Math.min(now + 300, fillDeadline),
      fillDeadline,
      orderData: {
        collateralToken: origin.contracts.weth as Address,
        collateralAmount: parseEther('1'),
        destinationChainId: BigInt(destination.chainId),
        destinationSettler: destination.contracts.marginEngine as Address,
        recipient: trader.address,
        market: 'ETH-USD',
        isLong: true,
        size: terms.size,
        limitPrice: parseEther('3100'),
        maxLeverageBps: 200_000,
        fee: { startBps: 2, maxBps: 30, startTime: now, endTime: Math.min(now + 120, fillDeadline) },
        route: 'hyperlane',
      },
    },
    account: privateKeyToAccount(trader.privateKey),
  })
}

function solverAccount(manifest: DevnetManifest) {
  const solver = manifest.accounts.solvers[0]
  if (solver === undefined) throw new Error('devnet has no solver')
  return privateKeyToAccount(solver.privateKey)
}

/** Solver 0 opens the order on the origin vault; returns its orderId. */
export async function openOrder(manifest: DevnetManifest, signed: SignedMarginIntent): Promise<Hex> {
  const { origin, originClient } = chains(manifest)
  const wallet = createWalletClient({ transport: http(origin.rpcUrl), account: solverAccount(manifest) })
  const hash = await wallet.writeContract({
    chain: null,
    address: origin.contracts.collateralVault as Address,
    abi: loadArtifact('CollateralVault.sol').abi,
    functionName: 'openFor',
    args: [toGaslessCrossChainOrder(signed.order), signed.signature, '0x'],
  })
  await mined(originClient, hash)
  return hashIntent(signed.order)
}

/** Solver 0 fills the order on the engine at `feeBps`, fronting the margin (approving the engine first). */
export async function fillOrder(
  manifest: DevnetManifest,
  signed: SignedMarginIntent,
  feeBps: number,
): Promise<Hex> {
  const { destination, destinationClient } = chains(manifest)
  const wallet = createWalletClient({ transport: http(destination.rpcUrl), account: solverAccount(manifest) })
  const engine = destination.contracts.marginEngine as Address
  await mined(
    destinationClient,
    await wallet.writeContract({
      chain: null,
      address: destination.contracts.settlementToken as Address,
      abi: erc20Abi,
      functionName: 'approve',
      args: [engine, maxUint256],
    }),
  )
  const fillerData = encodeAbiParameters(parseAbiParameters('bytes, uint16, bytes[]'), [
    signed.signature,
    feeBps,
    [],
  ])
  const hash = await wallet.writeContract({
    chain: null,
    address: engine,
    abi: loadArtifact('MarginEngine.sol').abi,
    functionName: 'fill',
    args: [hashIntent(signed.order), encodeOriginData(toGaslessCrossChainOrder(signed.order)), fillerData],
  })
  await mined(destinationClient, hash)
  return hash
}

/** Posts a fresh ETH/USD price (whole dollars, ±0.05% confidence) to the destination's MockPyth. */
export async function postEthPrice(manifest: DevnetManifest, dollars: bigint): Promise<void> {
  const { destination, destinationClient } = chains(manifest)
  const mockPyth = destination.contracts.mockPyth as Address
  const id = DEVNET_FEEDS['ETH/USD'].id
  const [block, last] = await Promise.all([
    destinationClient.getBlock(),
    destinationClient.readContract({
      address: mockPyth,
      abi: MOCK_PYTH_ABI,
      functionName: 'getPriceUnsafe',
      args: [id],
    }),
  ])
  const publishTime = block.timestamp > last.publishTime ? block.timestamp : last.publishTime + 1n
  const scaled = dollars * 100_000_000n
  const update = await destinationClient.readContract({
    address: mockPyth,
    abi: MOCK_PYTH_ABI,
    functionName: 'createPriceFeedUpdateData',
    args: [id, scaled, scaled / 2_000n, -8, scaled, 0n, publishTime, 0n],
  })
  const wallet = createWalletClient({
    transport: http(destination.rpcUrl),
    account: privateKeyToAccount(manifest.accounts.deployer.privateKey),
  })
  await mined(
    destinationClient,
    await wallet.writeContract({
      chain: null,
      address: mockPyth,
      abi: MOCK_PYTH_ABI,
      functionName: 'updatePriceFeeds',
      args: [[update]],
    }),
  )
}

/** Moves both chains' clocks forward and mines a block on each. */
export async function advanceTime(manifest: DevnetManifest, seconds: number): Promise<void> {
  for (const chain of manifest.chains) {
    const client = createTestClient({ mode: 'anvil', transport: http(chain.rpcUrl) })
    await client.increaseTime({ seconds })
    await client.mine({ blocks: 1 })
  }
}

async function mined(client: ReturnType<typeof createPublicClient>, hash: Hex): Promise<void> {
  const receipt = await client.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`)
}
