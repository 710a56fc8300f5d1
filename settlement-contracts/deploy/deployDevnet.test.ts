import { type Address, createPublicClient, encodeAbiParameters, http, keccak256, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadArtifact } from './artifacts.ts'
import type { DeployChainTarget } from './chainDeployer.ts'
import { DEVNET_AMOUNTS } from './config.ts'
import { deployDevnet } from './deployDevnet.ts'
import { ChainNotFreshError } from './errors.ts'
import { chainOf, type DevnetManifest, parseManifest } from './manifest.ts'
import { PERMIT2_ADDRESS } from './permit2.ts'
import { startAnvil, type TestAnvil } from './testing/startAnvil.ts'

const anvils: TestAnvil[] = []
let manifest: DevnetManifest
let targets: DeployChainTarget[]

async function freshChains(): Promise<DeployChainTarget[]> {
  const [origin, destination] = await Promise.all([startAnvil(31337), startAnvil(31338)])
  anvils.push(origin, destination)
  return [
    { name: 'origin', role: 'origin', chainId: 31337, rpcUrl: origin.url, blockTime: 0 },
    { name: 'destination', role: 'destination', chainId: 31338, rpcUrl: destination.url, blockTime: 0 },
  ]
}

function read(rpcUrl: string, address: Address, file: string, functionName: string, args: unknown[] = []) {
  const [source, contract] = file.split(':') as [string, string | undefined]
  const client = createPublicClient({ transport: http(rpcUrl) })
  return client.readContract({ address, abi: loadArtifact(source, contract).abi, functionName, args })
}

beforeAll(async () => {
  targets = await freshChains()
  manifest = await deployDevnet({ chains: targets })
})
afterAll(() => {
  for (const anvil of anvils) anvil.stop()
})

describe('deployDevnet', () => {
  test('puts the vault, the engine and WETH where every fresh devnet (and `xmargin intent new`) expects them', () => {
    const origin = chainOf(manifest, 'origin')
    const destination = chainOf(manifest, 'destination')
    expect(origin.contracts.collateralVault).toBe('0x5FbDB2315678afecb367f032d93F642f64180aa3')
    expect(destination.contracts.marginEngine).toBe('0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512')
    expect(origin.contracts.weth).toBe('0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0')
    expect(parseManifest(JSON.parse(JSON.stringify(manifest)))).toEqual(manifest)
  })

  test('is deterministic: a second fresh devnet gets the same manifest, RPC URLs aside', async () => {
    const again = await deployDevnet({ chains: await freshChains() })
    const withoutUrls = (m: DevnetManifest) => ({ ...m, chains: m.chains.map((c) => ({ ...c, rpcUrl: '' })) })
    expect(withoutUrls(again)).toEqual(withoutUrls(manifest))
  })

  test('refuses a chain that is not fresh, before sending anything', async () => {
    await expect(deployDevnet({ chains: targets })).rejects.toThrow(ChainNotFreshError)
  })

  test('Permit2 answers at its canonical address with its real domain separator', async () => {
    for (const chain of manifest.chains) {
      expect(chain.contracts.permit2).toBe(PERMIT2_ADDRESS)
      const separator = await createPublicClient({ transport: http(chain.rpcUrl) }).readContract({
        address: PERMIT2_ADDRESS,
        abi: [
          {
            type: 'function',
            name: 'DOMAIN_SEPARATOR',
            inputs: [],
            outputs: [{ type: 'bytes32' }],
            stateMutability: 'view',
          },
        ],
        functionName: 'DOMAIN_SEPARATOR',
      })
      // Permit2's EIP712.sol: keccak256(abi.encode(TYPE_HASH, keccak256("Permit2"), chainid, address(this))).
      const expected = keccak256(
        encodeAbiParameters(
          [{ type: 'bytes32' }, { type: 'bytes32' }, { type: 'uint256' }, { type: 'address' }],
          [
            keccak256(toHex('EIP712Domain(string name,uint256 chainId,address verifyingContract)')),
            keccak256(toHex('Permit2')),
            BigInt(chain.chainId),
            PERMIT2_ADDRESS,
          ],
        ),
      )
      expect(separator).toBe(expected)
    }
  })

  test('wires the chains to each other: peers, collateral, route, Hyperlane remotes and ISMs', async () => {
    const origin = chainOf(manifest, 'origin')
    const destination = chainOf(manifest, 'destination')
    const route = manifest.routes.hyperlane
    if (route === undefined) throw new Error('no hyperlane route')
    expect(route.id).toBe(keccak256(toHex('hyperlane')))
    expect(
      await read(
        origin.rpcUrl,
        origin.contracts.collateralVault as Address,
        'CollateralVault.sol',
        'peers',
        [31338],
      ),
    ).toBe(destination.contracts.marginEngine)
    expect(
      await read(
        destination.rpcUrl,
        destination.contracts.marginEngine as Address,
        'MarginEngine.sol',
        'peers',
        [31337],
      ),
    ).toBe(origin.contracts.collateralVault)
    for (const set of [route.primary, route.fallback]) {
      const originMessenger = set.messengers['31337'] as Address
      const remote = await read(origin.rpcUrl, originMessenger, 'HyperlaneMessenger.sol', 'remotes', [31338])
      expect(BigInt(remote as string)).toBe(BigInt(set.messengers['31338'] as string))
      const [validators, threshold] = (await read(
        destination.rpcUrl,
        set.isms['31338'] as Address,
        'StaticMultisigIsm.sol:StaticMessageIdMultisigIsm',
        'validatorsAndThreshold',
        ['0x'],
      )) as [Address[], number]
      expect(validators).toEqual(set.validators)
      expect(threshold).toBe(2)
    }
    // The primary route's validators are the solvers (their nodes sign checkpoints); the fallback's are not.
    expect([...route.primary.validators].sort()).toEqual(
      manifest.accounts.solvers.map((s) => s.address).sort(),
    )
    expect(route.fallback.validators.some((v) => route.primary.validators.includes(v))).toBe(false)
  })

  test('bonds every solver, funds every trader, seeds the LP pool and gives vault and engine ETH for messages', async () => {
    const origin = chainOf(manifest, 'origin')
    const destination = chainOf(manifest, 'destination')
    for (const solver of manifest.accounts.solvers) {
      expect(
        await read(
          origin.rpcUrl,
          origin.contracts.solverRegistry as Address,
          'SolverRegistry.sol',
          'isActive',
          [solver.address],
        ),
      ).toBe(true)
    }
    for (const trader of manifest.accounts.traders) {
      const allowance = await read(
        origin.rpcUrl,
        origin.contracts.weth as Address,
        'TestToken.sol',
        'allowance',
        [trader.address, PERMIT2_ADDRESS],
      )
      expect(allowance).toBe(2n ** 256n - 1n)
    }
    expect(
      await read(
        destination.rpcUrl,
        destination.contracts.liquidityPool as Address,
        'LiquidityPool.sol',
        'totalAssets',
      ),
    ).toBe(DEVNET_AMOUNTS.poolLiquidity)
    const balance = (rpcUrl: string, address: string) =>
      createPublicClient({ transport: http(rpcUrl) }).getBalance({ address: address as Address })
    expect(await balance(origin.rpcUrl, origin.contracts.collateralVault as string)).toBe(
      DEVNET_AMOUNTS.messageBudget,
    )
    expect(await balance(destination.rpcUrl, destination.contracts.marginEngine as string)).toBe(
      DEVNET_AMOUNTS.messageBudget,
    )
  })
})
