import type { DevnetChain } from '@xmargin/settlement-contracts/deploy'
import { type Address, type Hex, type PublicClient, parseEventLogs } from 'viem'
import { MAILBOX_ABI, MERKLE_TREE_HOOK_ABI } from './abis.ts'
import { MerkleTreeMismatchError } from './errors.ts'
import { type HyperlaneMessage, parseHyperlaneMessage } from './hyperlaneMessage.ts'
import { createMerkleTree } from './merkleTree.ts'

/** A message the origin Mailbox dispatched, with the checkpoint validators sign for it. */
export type DispatchedMessage = HyperlaneMessage & {
  message: Hex
  merkleTreeHook: Address
  /** The hook's root right after this message was inserted. */
  root: Hex
  index: number
  blockNumber: bigint
  /** The dispatch block's timestamp, in milliseconds (chain clock, whole seconds). */
  dispatchedAtMs: number
}

export type DispatchScanner = {
  /** Reads the blocks mined since the last call; returns the messages dispatched in them, in order. */
  update(): Promise<DispatchedMessage[]>
}

/**
 * Follows one chain's Mailbox from its deploy block. The MerkleTreeHook's insertions are replayed into
 * a local tree, so each message gets the root right after its own insertion, even when one block
 * dispatches several.
 */
export function createDispatchScanner(chain: DevnetChain, client: PublicClient): DispatchScanner {
  const mailbox = chain.contracts.mailbox as Address
  const merkleTreeHook = chain.contracts.merkleTreeHook as Address
  const tree = createMerkleTree()
  let next = BigInt(chain.deployBlock)
  return {
    async update() {
      const latest = await client.getBlockNumber({ cacheTime: 0 })
      if (latest < next) return []
      const range = { fromBlock: next, toBlock: latest }
      const [dispatchLogs, insertLogs] = await Promise.all([
        client.getLogs({ address: mailbox, ...range }),
        client.getLogs({ address: merkleTreeHook, ...range }),
      ])
      const checkpoints = new Map<Hex, { index: number; root: Hex }>()
      for (const log of sortLogs(
        parseEventLogs({ abi: MERKLE_TREE_HOOK_ABI, logs: insertLogs, eventName: 'InsertedIntoTree' }),
      )) {
        if (log.args.index !== tree.count) {
          throw new MerkleTreeMismatchError(
            `chain ${chain.chainId}: hook inserted index ${log.args.index}, expected ${tree.count}`,
          )
        }
        tree.insert(log.args.messageId)
        checkpoints.set(log.args.messageId, { index: log.args.index, root: tree.root() })
      }
      const dispatches = sortLogs(
        parseEventLogs({ abi: MAILBOX_ABI, logs: dispatchLogs, eventName: 'Dispatch' }),
      )
      const timestamps = new Map<bigint, number>()
      const found: DispatchedMessage[] = []
      for (const log of dispatches) {
        const parsed = parseHyperlaneMessage(log.args.message)
        const checkpoint = checkpoints.get(parsed.id)
        if (checkpoint === undefined) {
          throw new MerkleTreeMismatchError(
            `chain ${chain.chainId}: message ${parsed.id} never entered the tree`,
          )
        }
        let timestamp = timestamps.get(log.blockNumber)
        if (timestamp === undefined) {
          const block = await client.getBlock({ blockNumber: log.blockNumber })
          timestamp = Number(block.timestamp) * 1000
          timestamps.set(log.blockNumber, timestamp)
        }
        found.push({
          ...parsed,
          message: log.args.message,
          merkleTreeHook,
          ...checkpoint,
          blockNumber: log.blockNumber,
          dispatchedAtMs: timestamp,
        })
      }
      next = latest + 1n
      return found
    },
  }
}

function sortLogs<T extends { blockNumber: bigint; logIndex: number }>(logs: T[]): T[] {
  return [...logs].sort((a, b) =>
    a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
  )
}
