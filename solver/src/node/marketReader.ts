import type { DevnetChain, DevnetManifest } from '@xmargin/settlement-contracts/deploy'
import { type Address, erc20Abi, type Hex, type PublicClient, parseAbi } from 'viem'

const ORACLE_ABI = parseAbi([
  'function quote(bytes32 feedId) view returns ((uint256 low, uint256 mid, uint256 high, uint256 publishTime))',
])

/** What the strategy needs to know about the market, read together and cached between reads. */
export type MarketSnapshot = {
  gasPriceWei: { origin: bigint; destination: bigint }
  /** Feed id → 18-decimal USD mid price; a stale or missing feed is absent. */
  prices: ReadonlyMap<Hex, bigint>
  /** The solver's settlement-token float on the destination (the token's own decimals). */
  inventory: bigint
  readAtMs: number
}

export type MarketReader = {
  /** Reads again when the last read is older than `maxAgeMs`; concurrent callers share one read. */
  update(): Promise<MarketSnapshot>
  /**
   * The latest snapshot while it is younger than `maxStaleMs`, without waiting (a fresh read starts
   * behind it once it is older than the usual max age); a fresh read when none is that young.
   */
  recent(maxStaleMs: number): Promise<MarketSnapshot>
  latest(): MarketSnapshot | undefined
}

export type CreateMarketReaderParameters = {
  manifest: DevnetManifest
  origin: { chain: DevnetChain; client: PublicClient }
  destination: { chain: DevnetChain; client: PublicClient }
  solver: Address
  maxAgeMs?: number
}

/** The solver's view of gas, oracle prices and its own float: a client object with `update()`. */
export function createMarketReader(parameters: CreateMarketReaderParameters): MarketReader {
  const { manifest, origin, destination, solver } = parameters
  const maxAgeMs = parameters.maxAgeMs ?? 2_000
  const feedIds = [...new Set(Object.values(manifest.feeds).map((feed) => feed.id))]
  let snapshot: MarketSnapshot | undefined
  let reading: Promise<MarketSnapshot> | undefined

  async function read(): Promise<MarketSnapshot> {
    const oracle = destination.chain.contracts.pythOracle as Address
    const [originGas, destinationGas, inventory, ...quotes] = await Promise.all([
      origin.client.getGasPrice(),
      destination.client.getGasPrice(),
      destination.client.readContract({
        address: destination.chain.contracts.settlementToken as Address,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [solver],
      }),
      ...feedIds.map((id) =>
        destination.client
          .readContract({ address: oracle, abi: ORACLE_ABI, functionName: 'quote', args: [id] })
          .then((quote) => [id, quote.mid] as const)
          .catch(() => undefined),
      ),
    ])
    const prices = new Map<Hex, bigint>()
    for (const quote of quotes) if (quote !== undefined) prices.set(quote[0], quote[1])
    return {
      gasPriceWei: { origin: originGas, destination: destinationGas },
      prices,
      inventory,
      readAtMs: Date.now(),
    }
  }

  async function update(): Promise<MarketSnapshot> {
    if (snapshot !== undefined && Date.now() - snapshot.readAtMs < maxAgeMs) return snapshot
    reading ??= read().finally(() => {
      reading = undefined
    })
    snapshot = await reading
    return snapshot
  }

  return {
    update,
    async recent(maxStaleMs) {
      if (snapshot === undefined || Date.now() - snapshot.readAtMs >= maxStaleMs) return update()
      // A failed background read leaves the snapshot as it was; the next caller reads again.
      if (Date.now() - snapshot.readAtMs >= maxAgeMs) update().catch(() => {})
      return snapshot
    },
    latest: () => snapshot,
  }
}
