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
  sequence: bigint
  collateral: bigint
  debt: bigint
}

/** Equity and maintenance requirement, wad USD (equity may be negative). */
export type HealthView = { equity: bigint; requirement: bigint }

export type EngineReader = {
  position(orderId: Hex): Promise<PositionView>
  health(orderId: Hex): Promise<HealthView>
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
const STATUSES: readonly PositionStatus[] = ['none', 'open', 'closed', 'expired']

/** Reads the MarginEngine state the keeper acts on. */
export function createEngineReader(client: PublicClient, engine: Address): EngineReader {
  const read = (functionName: string, args: readonly unknown[]) =>
    client.readContract({ address: engine, abi: engineAbi(), functionName, args })

  return {
    async position(orderId) {
      const p = record(await read('positionOf', [orderId]))
      const status = STATUSES[Number(p.status)]
      if (status === undefined) throw nonsense('positionOf.status')
      return {
        status,
        remoteBacked: p.remoteBacked === true,
        trader: p.trader as Address,
        originChainId: Number(p.originChainId),
        routeId: p.routeId as Hex,
        sequence: big(p.sequence, 'sequence'),
        collateral: big(p.collateral, 'collateral'),
        debt: big(p.debt, 'debt'),
      }
    },
    async health(orderId) {
      const result = await read('health', [orderId])
      if (!Array.isArray(result)) throw nonsense('health')
      return { equity: big(result[0], 'equity'), requirement: big(result[1], 'requirement') }
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
