import { loadArtifact } from '@xmargin/settlement-contracts/deploy'
import { type Address, erc20Abi, type Hex, type PublicClient, parseAbi } from 'viem'
import { ChainUnavailableError } from '../errors.ts'

/** The engine's `Status` enum. */
export type PositionStatus = 'none' | 'open' | 'closed' | 'expired'

/** The parts of an engine `Position` the keeper decides on. */
export type PositionView = {
  status: PositionStatus
  remoteBacked: boolean
  trader: Address
  originChainId: number
  routeId: Hex
  marketId: Hex
  collateralToken: Address
  isLong: boolean
  /** 18-decimal base units, and the entry price in wad USD. */
  size: bigint
  entryPrice: bigint
  sequence: bigint
  collateral: bigint
  debt: bigint
}

/** Equity and maintenance requirement, wad USD (equity may be negative). */
export type HealthView = { equity: bigint; requirement: bigint }

/** An oracle price with its confidence band, wad USD. */
export type QuoteView = { low: bigint; mid: bigint; high: bigint }

/**
 * Reads default to the latest block; `blockNumber` pins a read, so a position, its health and its
 * market's price can be read as of one block.
 */
export type EngineReader = {
  position(orderId: Hex, blockNumber?: bigint): Promise<PositionView>
  health(orderId: Hex, blockNumber?: bigint): Promise<HealthView>
  /** The engine oracle's quote of a feed; throws while the price is stale or too uncertain. */
  quote(feedId: Hex, blockNumber?: bigint): Promise<QuoteView>
  /** The oracle feed a market is priced by. */
  marketFeed(marketId: Hex): Promise<Hex>
  /** The oracle feed a collateral token of an origin chain is valued by. */
  collateralFeed(originChainId: number, token: Address): Promise<Hex>
  /** Keeper's bonus on debt, bps (the engine counts debt awaiting a keeper at debt × (1 + bonus)). */
  keeperBonusBps(): Promise<bigint>
  blockNumber(): Promise<bigint>
  /** What sending `payloads` to the origin over a route's primary messenger costs, in wei. */
  messageFee(originChainId: number, routeId: Hex, payloads: readonly Hex[]): Promise<bigint>
  allowance(token: Address, owner: Address): Promise<bigint>
  /** The destination chain's latest block time, seconds. */
  chainTime(): Promise<number>
}

// Read when first used, not at import: commands that never touch a chain must load without the build.
const engineAbi = () => loadArtifact('MarginEngine.sol').abi
// `quoteSend` depends on msg.sender only through the nonce, whose encoding has a fixed width: the
// keeper's quote is the engine's.
const MESSENGER_ABI = parseAbi([
  'function quoteSend(uint256 destinationChainId, address recipient, bytes payload) view returns (uint256)',
])
const ORACLE_ABI = parseAbi([
  'function quote(bytes32 feedId) view returns ((uint256 low, uint256 mid, uint256 high, uint256 publishTime))',
])
const STATUSES: readonly PositionStatus[] = ['none', 'open', 'closed', 'expired']

/** Reads the MarginEngine state the keeper acts on. */
export function createEngineReader(client: PublicClient, engine: Address): EngineReader {
  const read = (functionName: string, args: readonly unknown[], blockNumber?: bigint) =>
    client.readContract({
      address: engine,
      abi: engineAbi(),
      functionName,
      args,
      ...(blockNumber === undefined ? {} : { blockNumber }),
    })
  let oracle: Promise<Address> | undefined
  const oracleAddress = () => {
    oracle ??= read('ORACLE', []).then(
      (address) => {
        if (typeof address !== 'string') throw nonsense('ORACLE')
        return address as Address
      },
      (error: unknown) => {
        oracle = undefined
        throw error
      },
    )
    return oracle
  }

  return {
    async position(orderId, blockNumber) {
      const p = record(await read('positionOf', [orderId], blockNumber))
      const status = STATUSES[Number(p.status)]
      if (status === undefined) throw nonsense('positionOf.status')
      return {
        status,
        remoteBacked: p.remoteBacked === true,
        trader: p.trader as Address,
        originChainId: Number(p.originChainId),
        routeId: p.routeId as Hex,
        marketId: p.marketId as Hex,
        collateralToken: p.collateralToken as Address,
        isLong: p.isLong === true,
        size: big(p.size, 'size'),
        entryPrice: big(p.entryPrice, 'entryPrice'),
        sequence: big(p.sequence, 'sequence'),
        collateral: big(p.collateral, 'collateral'),
        debt: big(p.debt, 'debt'),
      }
    },
    async health(orderId, blockNumber) {
      const result = await read('health', [orderId], blockNumber)
      if (!Array.isArray(result)) throw nonsense('health')
      return { equity: big(result[0], 'equity'), requirement: big(result[1], 'requirement') }
    },
    async quote(feedId, blockNumber) {
      const q = await client.readContract({
        address: await oracleAddress(),
        abi: ORACLE_ABI,
        functionName: 'quote',
        args: [feedId],
        ...(blockNumber === undefined ? {} : { blockNumber }),
      })
      return { low: q.low, mid: q.mid, high: q.high }
    },
    async marketFeed(marketId) {
      const market: unknown = await read('markets', [marketId])
      return feedOf(market, 'markets.feedId')
    },
    async collateralFeed(originChainId, token) {
      const collateral: unknown = await read('collaterals', [BigInt(originChainId), token])
      return feedOf(collateral, 'collaterals.feedId')
    },
    async keeperBonusBps() {
      return big(await read('keeperBonusBps', []), 'keeperBonusBps')
    },
    blockNumber() {
      return client.getBlockNumber({ cacheTime: 0 })
    },
    async messageFee(originChainId, routeId, payloads) {
      const route: unknown = await read('routes', [routeId])
      const primary: unknown = Array.isArray(route) ? route[0] : undefined
      if (typeof primary !== 'string') throw nonsense('routes.primary')
      const vault = await read('peers', [BigInt(originChainId)])
      if (typeof vault !== 'string') throw nonsense('peers')
      let total = 0n
      for (const payload of payloads) {
        total += await client.readContract({
          address: primary as Address,
          abi: MESSENGER_ABI,
          functionName: 'quoteSend',
          args: [BigInt(originChainId), vault as Address, payload],
        })
      }
      return total
    },
    allowance(token, owner) {
      return client.readContract({
        address: token,
        abi: erc20Abi,
        functionName: 'allowance',
        args: [owner, engine],
      })
    },
    async chainTime() {
      const block = await client.getBlock({ blockTag: 'latest' })
      return Number(block.timestamp)
    },
  }
}

function record(value: unknown): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return value as Record<string, unknown>
  throw nonsense('positionOf')
}

function feedOf(value: unknown, name: string): Hex {
  const feedId: unknown = Array.isArray(value) ? value[0] : undefined
  if (typeof feedId !== 'string') throw nonsense(name)
  return feedId as Hex
}

function big(value: unknown, name: string): bigint {
  if (typeof value === 'bigint') return value
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
  throw nonsense(name)
}

function nonsense(name: string): ChainUnavailableError {
  return new ChainUnavailableError('CHAIN_UNAVAILABLE', `engine returned an unexpected ${name}`, {
    field: name,
  })
}
