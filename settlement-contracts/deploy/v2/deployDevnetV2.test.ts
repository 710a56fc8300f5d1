import { type Abi, type Address, createPublicClient, http, keccak256, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadArtifact } from '../artifacts.ts'
import type { DeployChainTarget } from '../chainDeployer.ts'
import { DEVNET_AMOUNTS, DEVNET_COLLATERALS, DEVNET_FEEDS } from '../config.ts'
import { ChainNotFreshError } from '../errors.ts'
import { ManifestError } from '../manifest.ts'
import { PERMIT2_ADDRESS } from '../permit2.ts'
import { startAnvil, type TestAnvil } from '../testing/startAnvil.ts'
import { DEVNET_V2_AMOUNTS, DEVNET_V2_MARKETS } from './configV2.ts'
import { deployDevnetV2 } from './deployDevnetV2.ts'
import { loadLinkableArtifact } from './linkableArtifact.ts'
import {
  type DevnetManifestV2,
  destinationChainOf,
  ENGINE_LIBRARIES,
  originChainsOf,
  parseManifestV2,
} from './manifestV2.ts'

const anvils: TestAnvil[] = []
let manifest: DevnetManifestV2
let targets: DeployChainTarget[]

/** `xmargin devnet --chains 3`: origin 31337, destination 31338, origin-2 31339. */
async function freshChains(): Promise<DeployChainTarget[]> {
  const chains = [
    { name: 'origin', role: 'origin', chainId: 31337 },
    { name: 'destination', role: 'destination', chainId: 31338 },
    { name: 'origin-2', role: 'origin', chainId: 31339 },
  ] as const
  const started = await Promise.all(chains.map((c) => startAnvil(c.chainId)))
  anvils.push(...started)
  return chains.map((c, i) => ({ ...c, rpcUrl: (started[i] as TestAnvil).url, blockTime: 0 }))
}

function read(rpcUrl: string, address: Address, abi: Abi, functionName: string, args: unknown[] = []) {
  return createPublicClient({ transport: http(rpcUrl) }).readContract({ address, abi, functionName, args })
}

const engineAbi = () => loadLinkableArtifact('AccountEngine.sol').abi
const vaultAbi = () => loadLinkableArtifact('AccountVault.sol').abi
const abiOf = (file: string) => loadArtifact(file).abi

beforeAll(async () => {
  targets = await freshChains()
  manifest = await deployDevnetV2({ chains: targets })
}, 180_000)
afterAll(() => {
  for (const anvil of anvils) anvil.stop()
})

describe('deployDevnetV2 on three chains', () => {
  test('writes a version 2 manifest that parses after a JSON round trip', () => {
    expect(manifest.version).toBe(2)
    expect(manifest.chains.map((c) => [c.chainId, c.role])).toEqual([
      [31337, 'origin'],
      [31338, 'destination'],
      [31339, 'origin'],
    ])
    expect(parseManifestV2(JSON.parse(JSON.stringify(manifest)))).toEqual(manifest)
    expect(Object.keys(destinationChainOf(manifest).libraries).sort()).toEqual([...ENGINE_LIBRARIES])
    expect(manifest.collaterals).toHaveLength(4)
  })

  test('every contract and library in the manifest has code', async () => {
    for (const chain of manifest.chains) {
      const client = createPublicClient({ transport: http(chain.rpcUrl) })
      const addresses = { ...chain.contracts, ...chain.libraries }
      for (const [name, address] of Object.entries(addresses)) {
        const code = await client.getCode({ address })
        expect(code?.length ?? 0, `${chain.name} ${name}`).toBeGreaterThan(2)
      }
    }
  })

  test("the engine's libraries are linked: calls that run in them answer", async () => {
    const destination = destinationChainOf(manifest)
    const engine = destination.contracts.accountEngine
    const code = await createPublicClient({ transport: http(destination.rpcUrl) }).getCode({
      address: engine,
    })
    expect(code).not.toContain('__$')
    for (const library of Object.values(destination.libraries)) {
      expect(code?.toLowerCase()).toContain(library.slice(2).toLowerCase())
    }
    // AccountPoolClaim.claim and AccountRisk.healthOf are delegatecalls into the linked libraries.
    expect(await read(destination.rpcUrl, engine, engineAbi(), 'poolClaim', [false])).toBe(0n)
    const trader = manifest.accounts.traders[0]?.address as Address
    expect(await read(destination.rpcUrl, engine, engineAbi(), 'health', [trader])).toEqual([0n, 0n, 0n])
  })

  test('the lens reads the markets, routes and collateral back from the engine', async () => {
    const destination = destinationChainOf(manifest)
    const lens = destination.contracts.accountLens
    const lensAbi = abiOf('AccountLens.sol')
    for (const [name, configured] of Object.entries(DEVNET_V2_MARKETS)) {
      const market = (await read(destination.rpcUrl, lens, lensAbi, 'market', [
        keccak256(toHex(name)),
      ])) as Record<string, unknown>
      expect(market).toMatchObject({
        feedId: DEVNET_FEEDS[configured.feed].id,
        skewScale: configured.skewScale,
        maxLeverageBps: configured.maxLeverageBps,
        maintenanceBps: configured.maintenanceBps,
        liquidationFeeBps: configured.liquidationFeeBps,
        tradingFeeBps: configured.tradingFeeBps,
        maxTradePriceAge: configured.maxTradePriceAge,
      })
      expect(market.index).toBeGreaterThan(0)
    }
    const routeId = manifest.routes.hyperlane?.id
    for (const origin of originChainsOf(manifest)) {
      expect(await read(destination.rpcUrl, lens, lensAbi, 'originRoute', [origin.chainId])).toBe(routeId)
      for (const symbol of ['WETH', 'USDC'] as const) {
        const token = origin.contracts[symbol === 'WETH' ? 'weth' : 'usdc']
        const collateral = await read(destination.rpcUrl, lens, lensAbi, 'collateral', [
          origin.chainId,
          token,
        ])
        expect(collateral).toMatchObject({
          token,
          chainId: BigInt(origin.chainId),
          decimals: DEVNET_COLLATERALS[symbol].decimals,
          haircutBps: DEVNET_COLLATERALS[symbol].haircutBps,
        })
      }
    }
  })

  test('each vault and the engine are each other’s peers, over the route both trust for engine messages', async () => {
    const destination = destinationChainOf(manifest)
    const route = manifest.routes.hyperlane
    if (route === undefined) throw new Error('no hyperlane route')
    for (const origin of originChainsOf(manifest)) {
      const vault = origin.contracts.accountVault
      expect(await read(origin.rpcUrl, vault, vaultAbi(), 'peers', [destination.chainId])).toBe(
        destination.contracts.accountEngine,
      )
      expect(await read(origin.rpcUrl, vault, vaultAbi(), 'engineRoutes', [route.id])).toBe(true)
      for (const token of [origin.contracts.weth, origin.contracts.usdc]) {
        expect(
          await read(origin.rpcUrl, vault, vaultAbi(), 'acceptsCollateral', [destination.chainId, token]),
        ).toBe(true)
      }
      expect(await read(origin.rpcUrl, vault, vaultAbi(), 'routes', [route.id])).toEqual([
        route.primary.messengers[String(origin.chainId)],
        route.fallback.messengers[String(origin.chainId)],
        route.messageSeconds,
      ])
      expect(
        await read(destination.rpcUrl, destination.contracts.accountEngine, engineAbi(), 'peers', [
          origin.chainId,
        ]),
      ).toBe(vault)
      const messenger = route.primary.messengers[String(origin.chainId)] as Address
      const remote = await read(origin.rpcUrl, messenger, abiOf('HyperlaneMessenger.sol'), 'remotes', [
        destination.chainId,
      ])
      expect(BigInt(remote as string)).toBe(
        BigInt(route.primary.messengers[String(destination.chainId)] as string),
      )
    }
  })

  test('each registry takes its vault as settler and bonds every solver; traders are funded and approve Permit2', async () => {
    const registryAbi = abiOf('SolverRegistry.sol')
    for (const origin of originChainsOf(manifest)) {
      const registry = origin.contracts.solverRegistry
      expect(
        await read(origin.rpcUrl, registry, registryAbi, 'isSettler', [origin.contracts.accountVault]),
      ).toBe(true)
      for (const solver of manifest.accounts.solvers) {
        expect(await read(origin.rpcUrl, registry, registryAbi, 'isActive', [solver.address])).toBe(true)
        // Free bond for twenty frontable orders at once: each reserves the vault's slash amount.
        const free = (await read(origin.rpcUrl, registry, registryAbi, 'freeBond', [
          solver.address,
        ])) as bigint
        expect(free).toBe(DEVNET_V2_AMOUNTS.solverBond)
        expect(free / DEVNET_AMOUNTS.slash).toBe(20n)
      }
      for (const trader of manifest.accounts.traders) {
        for (const token of [origin.contracts.weth, origin.contracts.usdc]) {
          expect(
            await read(origin.rpcUrl, token, abiOf('TestToken.sol'), 'allowance', [
              trader.address,
              PERMIT2_ADDRESS,
            ]),
          ).toBe(2n ** 256n - 1n)
        }
      }
      expect(
        await read(origin.rpcUrl, origin.contracts.weth, abiOf('TestToken.sol'), 'balanceOf', [
          manifest.accounts.traders[0]?.address,
        ]),
      ).toBe(DEVNET_COLLATERALS.WETH.perTrader)
    }
  })

  test('the pool holds the seeded LP liquidity, owned by the deployer, with a 60 s settlement delay', async () => {
    const destination = destinationChainOf(manifest)
    const pool = destination.contracts.accountPool
    const poolAbi = abiOf('AccountPool.sol')
    expect(await read(destination.rpcUrl, pool, poolAbi, 'totalAssets')).toBe(DEVNET_AMOUNTS.poolLiquidity)
    expect(await read(destination.rpcUrl, pool, poolAbi, 'freeAssets')).toBe(DEVNET_AMOUNTS.poolLiquidity)
    expect(await read(destination.rpcUrl, pool, poolAbi, 'pendingDepositAssets')).toBe(0n)
    const shares = (await read(destination.rpcUrl, pool, poolAbi, 'balanceOf', [
      manifest.accounts.deployer.address,
    ])) as bigint
    expect(shares).toBe(await read(destination.rpcUrl, pool, poolAbi, 'totalSupply'))
    expect(shares).toBeGreaterThan(0n)
    expect(await read(destination.rpcUrl, pool, poolAbi, 'settlementDelay')).toBe(
      DEVNET_V2_AMOUNTS.poolSettlementDelay,
    )
    expect(destination.pool).toEqual({
      settlementDelay: DEVNET_V2_AMOUNTS.poolSettlementDelay,
      seedAssets: DEVNET_AMOUNTS.poolLiquidity.toString(),
    })
  })

  test("the destination's clock is the machine's after the seed, and the oracle's prices are fresh", async () => {
    const destination = destinationChainOf(manifest)
    const client = createPublicClient({ transport: http(destination.rpcUrl) })
    const { timestamp } = await client.getBlock()
    expect(Number(timestamp)).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) - 30)
    expect(Number(timestamp)).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 5)
    const quote = (await read(
      destination.rpcUrl,
      destination.contracts.pythOracle,
      abiOf('PythOracle.sol'),
      'quote',
      [DEVNET_FEEDS['ETH/USD'].id],
    )) as { mid: bigint }
    expect(quote.mid).toBe(3_000n * 10n ** 18n)
  })

  test('is deterministic: a second fresh devnet gets the same manifest, RPC URLs aside', async () => {
    const again = await deployDevnetV2({ chains: await freshChains() })
    const withoutUrls = (m: DevnetManifestV2) => ({
      ...m,
      chains: m.chains.map((c) => ({ ...c, rpcUrl: '' })),
    })
    expect(withoutUrls(again)).toEqual(withoutUrls(manifest))
  })

  test('refuses chains that are not fresh, before sending anything', async () => {
    await expect(deployDevnetV2({ chains: targets })).rejects.toThrow(ChainNotFreshError)
  })

  test('the parser names what a reader would miss', () => {
    const copy = () => JSON.parse(JSON.stringify(manifest)) as Record<string, unknown> & { chains: unknown[] }
    expect(() => parseManifestV2({ ...copy(), version: 1 })).toThrow(
      new ManifestError('manifest version 1 is not 2'),
    )
    const withoutLibrary = copy()
    const destinationIndex = manifest.chains.findIndex((c) => c.role === 'destination')
    delete (withoutLibrary.chains[destinationIndex] as { libraries: Record<string, string> }).libraries
      .AccountRisk
    expect(() => parseManifestV2(withoutLibrary)).toThrow(
      `chains[${destinationIndex}].libraries.AccountRisk: not a checksummed address`,
    )
    const oneChain = copy()
    oneChain.chains = oneChain.chains.filter((_, i) => i === destinationIndex)
    expect(() => parseManifestV2(oneChain)).toThrow('need exactly one destination and at least one origin')
  })
})
