import { signIntent, toGaslessCrossChainOrder } from '@xmargin/intents'
import { type DevnetManifest, deployDevnet, loadArtifact } from '@xmargin/settlement-contracts/deploy'
import { startAnvil } from '@xmargin/settlement-contracts/testing'
import { type Address, createPublicClient, createWalletClient, type Hex, http, parseEther } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

/** A fresh two-chain automining devnet for one test file; `stop()` kills both anvils. */
export type TestDevnet = { manifest: DevnetManifest; stop(): void }

export async function startTestDevnet(): Promise<TestDevnet> {
  const anvils = await Promise.all([startAnvil(31337), startAnvil(31338)])
  const stop = () => {
    for (const anvil of anvils) anvil.stop()
  }
  try {
    const manifest = await deployDevnet({
      chains: [
        { name: 'origin', role: 'origin', chainId: 31337, rpcUrl: anvils[0].url, blockTime: 0 },
        { name: 'destination', role: 'destination', chainId: 31338, rpcUrl: anvils[1].url, blockTime: 0 },
      ],
    })
    return { manifest, stop }
  } catch (error) {
    stop()
    throw error
  }
}

/**
 * A solver's real `openFor` of a trader's signed intent (1 WETH long 0.5 ETH), which dispatches
 * `Locked` through the origin Mailbox. Returns the dispatch transaction.
 */
export async function openForIntent(manifest: DevnetManifest, nonce: bigint): Promise<Hex> {
  const origin = manifest.chains.find((c) => c.role === 'origin')
  const destination = manifest.chains.find((c) => c.role === 'destination')
  const [trader, solver] = [manifest.accounts.traders[0], manifest.accounts.solvers[0]]
  if (origin === undefined || destination === undefined || trader === undefined || solver === undefined) {
    throw new Error('test devnet manifest is incomplete')
  }
  const client = createPublicClient({ transport: http(origin.rpcUrl) })
  const { timestamp } = await client.getBlock()
  const now = Number(timestamp)
  const signed = await signIntent({
    intent: {
      originSettler: origin.contracts.collateralVault as Address,
      user: trader.address,
      nonce,
      originChainId: BigInt(origin.chainId),
      openDeadline: now + 300,
      fillDeadline: now + 600,
      orderData: {
        collateralToken: origin.contracts.weth as Address,
        collateralAmount: parseEther('1'),
        destinationChainId: BigInt(destination.chainId),
        destinationSettler: destination.contracts.marginEngine as Address,
        recipient: trader.address,
        market: 'ETH-USD',
        isLong: true,
        size: parseEther('0.5'),
        limitPrice: parseEther('3100'),
        maxLeverageBps: 100_000,
        fee: { startBps: 2, maxBps: 30, startTime: now, endTime: now + 120 },
        route: 'hyperlane',
      },
    },
    account: privateKeyToAccount(trader.privateKey),
  })
  const wallet = createWalletClient({
    transport: http(origin.rpcUrl),
    account: privateKeyToAccount(solver.privateKey),
  })
  const hash = await wallet.writeContract({
    chain: null,
    address: origin.contracts.collateralVault as Address,
    abi: loadArtifact('CollateralVault.sol').abi,
    functionName: 'openFor',
    args: [toGaslessCrossChainOrder(signed.order), signed.signature, '0x'],
  })
  const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 })
  if (receipt.status !== 'success') throw new Error(`openFor reverted: ${hash}`)
  return hash
}
