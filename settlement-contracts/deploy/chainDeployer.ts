import {
  type Abi,
  type Address,
  BaseError,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  getContractAddress,
  type Hex,
  http,
  type PublicClient,
  type TransactionReceipt,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { DevAccount } from './accounts.ts'
import type { Artifact } from './artifacts.ts'
import { ChainNotFreshError, DeploymentFailedError } from './errors.ts'
import type { ChainRole } from './manifest.ts'

/** What a deployment reports while it runs (for progress output). */
export type DeployProgressEvent =
  | { type: 'contract:deployed'; chain: string; chainId: number; contract: string; address: Address }
  | { type: 'chain:configured'; chain: string; chainId: number; step: string }

export type DeployChainTarget = {
  name: string
  role: ChainRole
  chainId: number
  rpcUrl: string
  blockTime: number
}

type WriteOptions = { from?: DevAccount; value?: bigint; label?: string }

/**
 * Sends one chain's deployment transactions, in order, from the deployer (and from other dev accounts
 * where they act for themselves: a trader's approval, a solver's bond). The deployer's nonce is tracked
 * here, so `addressAt` can name a contract before it exists: that is how the vault and the engine land at
 * the same addresses on every fresh devnet, whatever order they reference each other in.
 */
export type ChainDeployer = {
  target: DeployChainTarget
  client: PublicClient
  deployer: DevAccount
  /** The address of the contract the deployer creates `ahead` transactions from now. */
  addressAt(ahead: number): Address
  deploy(artifact: Artifact, args: readonly unknown[], label?: string): Promise<Address>
  /** The block a contract created by `deploy` landed in. */
  deployedIn(address: Address): number
  write(
    address: Address,
    abi: Abi,
    functionName: string,
    args: readonly unknown[],
    options?: WriteOptions,
  ): Promise<TransactionReceipt>
  send(to: Address, data: Hex, label: string, value?: bigint): Promise<TransactionReceipt>
  read(address: Address, abi: Abi, functionName: string, args?: readonly unknown[]): Promise<unknown>
  progress(step: string): void
  /** Reports a contract that was created other than by `deploy` (Permit2, an ISM from its factory). */
  announce(contract: string, address: Address): void
}

export async function createChainDeployer(
  target: DeployChainTarget,
  deployer: DevAccount,
  onProgress: (event: DeployProgressEvent) => void,
): Promise<ChainDeployer> {
  const chain: Chain = defineChain({
    id: target.chainId,
    name: target.name,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [target.rpcUrl] } },
  })
  const transport = http(target.rpcUrl, { retryCount: 0 })
  const client = createPublicClient({ chain, transport, pollingInterval: 20 })
  const wallets = new Map<number, ReturnType<typeof walletFor>>()
  function walletFor(account: DevAccount) {
    return createWalletClient({ chain, transport, account: privateKeyToAccount(account.privateKey) })
  }
  const wallet = (account: DevAccount) => {
    let w = wallets.get(account.index)
    if (w === undefined) {
      w = walletFor(account)
      wallets.set(account.index, w)
    }
    return w
  }

  let nonce = await client.getTransactionCount({ address: deployer.address })
  if (nonce !== 0) throw new ChainNotFreshError(target.chainId, nonce)

  async function confirm(hash: Hex, label: string): Promise<TransactionReceipt> {
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 })
    if (receipt.status !== 'success') {
      throw new DeploymentFailedError(`${target.name} (${target.chainId}): ${label} reverted (tx ${hash})`)
    }
    return receipt
  }

  async function guarded<T>(label: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run()
    } catch (error) {
      if (error instanceof DeploymentFailedError) throw error
      const reason = error instanceof BaseError ? error.shortMessage : String(error)
      throw new DeploymentFailedError(`${target.name} (${target.chainId}): ${label} failed: ${reason}`, {
        cause: error,
      })
    }
  }

  function announce(contract: string, address: Address): void {
    onProgress({ type: 'contract:deployed', chain: target.name, chainId: target.chainId, contract, address })
  }

  const deployedBlocks = new Map<string, number>()

  return {
    target,
    client,
    deployer,
    addressAt: (ahead) => getContractAddress({ from: deployer.address, nonce: BigInt(nonce + ahead) }),
    deploy: (artifact, args, label = artifact.name) =>
      guarded(`deploying ${label}`, async () => {
        const expected = getContractAddress({ from: deployer.address, nonce: BigInt(nonce) })
        const hash = await wallet(deployer).deployContract({
          abi: artifact.abi,
          bytecode: artifact.bytecode,
          args,
          nonce: nonce++,
        })
        const receipt = await confirm(hash, `deploying ${label}`)
        if (receipt.contractAddress?.toLowerCase() !== expected.toLowerCase()) {
          throw new DeploymentFailedError(
            `${target.name}: ${label} landed at ${receipt.contractAddress}, not ${expected}`,
          )
        }
        deployedBlocks.set(expected.toLowerCase(), Number(receipt.blockNumber))
        announce(label, expected)
        return expected
      }),
    deployedIn: (address) => {
      const block = deployedBlocks.get(address.toLowerCase())
      if (block === undefined)
        throw new DeploymentFailedError(`${target.name}: ${address} was not deployed here`)
      return block
    },
    write: (address, abi, functionName, args, options = {}) => {
      const label = options.label ?? functionName
      return guarded(label, async () => {
        const from = options.from ?? deployer
        const own = from.index === deployer.index
        const hash = await wallet(from).writeContract({
          address,
          abi,
          functionName,
          args,
          ...(options.value === undefined ? {} : { value: options.value }),
          ...(own ? { nonce: nonce++ } : {}),
        })
        return confirm(hash, label)
      })
    },
    send: (to, data, label, value = 0n) =>
      guarded(label, async () => {
        const hash = await wallet(deployer).sendTransaction({ to, data, value, nonce: nonce++ })
        return confirm(hash, label)
      }),
    read: (address, abi, functionName, args = []) =>
      guarded(`reading ${functionName}`, () => client.readContract({ address, abi, functionName, args })),
    announce,
    progress: (step) =>
      onProgress({ type: 'chain:configured', chain: target.name, chainId: target.chainId, step }),
  }
}
