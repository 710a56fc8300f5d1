import { type Address, concat, type Hex, keccak256, toHex } from 'viem'
import { describe, expect, test } from 'vitest'
import { rankNodes, turnOf, turnWaitMs } from './workTurn.ts'

const nodes: Address[] = [
  '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
  '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65',
  '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc',
]
const stranger: Address = '0x976EA74026E726554dB657fA54763abd0C3a0aa9'
const workIds: Hex[] = Array.from({ length: 60 }, (_, i) => keccak256(toHex(`order ${i}`)))

describe('the turn of a piece of work', () => {
  test('ranks the nodes by ascending keccak256(workId ‖ node): every node computes this same order', () => {
    const workId = keccak256(toHex('order 1'))
    const ranking = rankNodes(workId, nodes)
    expect(ranking).toEqual([
      '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65',
      '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
      '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc',
    ])
    const keys = ranking.map((node) => keccak256(concat([workId, node])))
    expect([...keys].sort()).toEqual(keys)
  })

  test('is the same whatever order, letter case or repeats the nodes are listed in', () => {
    const shuffled = [nodes[2], nodes[0]?.toLowerCase(), nodes[1], nodes[2]] as Address[]
    for (const workId of workIds) {
      expect(rankNodes(workId, shuffled)).toEqual(rankNodes(workId, nodes))
      expect(rankNodes(workId, nodes)).toHaveLength(3)
    }
  })

  test('gives every node exactly one place per work id', () => {
    for (const workId of workIds) {
      expect(nodes.map((node) => turnOf(workId, node, nodes)).sort()).toEqual([0, 1, 2])
    }
  })

  test('differs per work id: each node comes first for some of the work', () => {
    const firsts = new Set(workIds.map((workId) => rankNodes(workId, nodes)[0]))
    expect(firsts).toEqual(new Set(nodes))
  })

  test('puts a node outside the ranking last, after every known node', () => {
    for (const workId of workIds.slice(0, 5)) expect(turnOf(workId, stranger, nodes)).toBe(3)
  })

  test('waits place × delay', () => {
    const workId = workIds[0] as Hex
    const [first, second, third] = rankNodes(workId, nodes) as [Address, Address, Address]
    const wait = (self: Address) => turnWaitMs(workId, { self, nodes, delayMs: 1_500 })
    expect([wait(first), wait(second), wait(third), wait(stranger)]).toEqual([0, 1_500, 3_000, 4_500])
  })
})
