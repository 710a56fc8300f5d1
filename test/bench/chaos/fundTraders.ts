import { chainOf, type DevnetManifest, loadArtifact } from '@xmargin/settlement-contracts/deploy'
import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  type Hex,
  http,
  maxUint256,
} from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'

export type FundTradersParameters = { manifest: DevnetManifest; count: number }

export type FundedTrader = { privateKey: Hex; address: Address }

const ETH = 10n ** 18n

/**
 * Fresh traders on the origin chain, funded as the devnet funds its own (deployOrigin.ts): ETH for gas
 * (`anvil_setBalance`), 100 WETH and 1,000,000 USDC minted (TestToken's mint is open), Permit2 approved.
 * Run it while the chain automines: every transaction waits for its receipt.
 */
export async function fundTraders({ manifest, count }: FundTradersParameters): Promise<FundedTrader[]> {
  const origin = chainOf(manifest, 'origin')
  const transport = http(origin.rpcUrl)
  const anvil = createTestClient({ mode: 'anvil', transport })
  const reader = createPublicClient({ transport })
  const token = loadArtifact('TestToken.sol').abi
  const collaterals = [
    [origin.contracts.weth, 100n * ETH],
    [origin.contracts.usdc, 1_000_000n * 10n ** 6n],
  ] as const
  const traders: FundedTrader[] = []
  for (let i = 0; i < count; i++) {
    const privateKey = generatePrivateKey()
    const account = privateKeyToAccount(privateKey)
    await anvil.setBalance({ address: account.address, value: 100n * ETH })
    const wallet = createWalletClient({ account, transport })
    for (const [address, amount] of collaterals) {
      for (const [functionName, args] of [
        ['mint', [account.address, amount]],
        ['approve', [origin.contracts.permit2, maxUint256]],
      ] as const) {
        const hash = await wallet.writeContract({
          address: address as Address,
          abi: token,
          functionName,
          args,
          chain: null,
        })
        await reader.waitForTransactionReceipt({ hash })
      }
    }
    traders.push({ privateKey, address: account.address })
  }
  return traders
}
