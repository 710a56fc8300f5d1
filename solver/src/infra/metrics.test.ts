import { expect, test } from 'vitest'
import { createNodeMetrics } from './metrics.ts'

test('every metric is exposed under xmargin_, with the values recorded', async () => {
  const metrics = createNodeMetrics()
  metrics.intentReceived('http', 'accepted')
  metrics.intentReceived('http', 'accepted')
  metrics.intentReceived('gossip', 'rejected')
  metrics.bidReceived()
  metrics.bidSent()
  metrics.auctionWon()
  metrics.fill('filled')
  metrics.fade('0x00000000000000000000000000000000000a11ce', 1_800_000_000_000)
  metrics.submitToOpen(2.5)
  metrics.gossipPeers(3)
  metrics.relayMessage()
  metrics.keeperAction('expire')

  const text = await metrics.registry.metrics()
  expect(text).toContain('xmargin_intents_received_total{source="http",verdict="accepted"} 2')
  expect(text).toContain('xmargin_intents_received_total{source="gossip",verdict="rejected"} 1')
  expect(text).toContain('xmargin_bids_received_total 1')
  expect(text).toContain('xmargin_bids_sent_total 1')
  expect(text).toContain('xmargin_auctions_won_total 1')
  expect(text).toContain('xmargin_fills_total{result="filled"} 1')
  expect(text).toContain('xmargin_fades_total{solver="0x00000000000000000000000000000000000a11ce"} 1')
  expect(text).toContain(
    'xmargin_solver_banned_until_seconds{solver="0x00000000000000000000000000000000000a11ce"} 1800000000',
  )
  expect(text).toContain('xmargin_submit_to_open_seconds_bucket{le="3"} 1')
  expect(text).toContain('xmargin_submit_to_open_seconds_count 1')
  expect(text).toContain('xmargin_gossip_peers 3')
  expect(text).toContain('xmargin_relay_messages_total 1')
  expect(text).toContain('xmargin_keeper_actions_total{action="expire"} 1')
  expect(text).toContain('xmargin_process_cpu_seconds_total')
})

test('two nodes in one process keep separate counts', async () => {
  const first = createNodeMetrics({ defaultLabels: { node: 'a' } })
  const second = createNodeMetrics({ defaultLabels: { node: 'b' } })
  first.bidSent()
  expect(await first.registry.metrics()).toContain('xmargin_bids_sent_total{node="a"} 1')
  expect(await second.registry.metrics()).toContain('xmargin_bids_sent_total{node="b"} 0')
})

test('the intent non-canonical and duplicate counters show 0 for both sources from the first scrape', async () => {
  const metrics = createNodeMetrics()
  const before = await metrics.registry.metrics()
  for (const name of ['xmargin_intents_non_canonical_total', 'xmargin_intents_duplicate_total']) {
    expect(before).toContain(`${name}{source="http"} 0`)
    expect(before).toContain(`${name}{source="gossip"} 0`)
  }
  metrics.intentNonCanonical('gossip')
  metrics.intentNonCanonical('gossip')
  metrics.intentDuplicate('http')
  const after = await metrics.registry.metrics()
  expect(after).toContain('xmargin_intents_non_canonical_total{source="gossip"} 2')
  expect(after).toContain('xmargin_intents_non_canonical_total{source="http"} 0')
  expect(after).toContain('xmargin_intents_duplicate_total{source="http"} 1')
  expect(after).toContain('xmargin_intents_duplicate_total{source="gossip"} 0')
})

test('labelled series exist from the first scrape, at zero, and peer scores follow the connected peers', async () => {
  const alice = '0x00000000000000000000000000000000000A11cE'
  const metrics = createNodeMetrics({ solvers: [alice] })
  const text = await metrics.registry.metrics()
  expect(text).toContain('xmargin_intents_received_total{source="gossip",verdict="ignored"} 0')
  expect(text).toContain('xmargin_fills_total{result="abandoned"} 0')
  expect(text).toContain('xmargin_fades_total{solver="0x00000000000000000000000000000000000a11ce"} 0')
  expect(text).toContain('xmargin_bids_rejected_total{reason="unbonded"} 0')
  expect(text).toContain('xmargin_keeper_actions_total{action="lost-race"} 0')

  metrics.peerScores([
    ['12D3KooWA', 4.567],
    ['12D3KooWB', -90],
  ])
  expect(await metrics.registry.metrics()).toContain('xmargin_gossip_peer_score{peer="12D3KooWB"} -90')
  metrics.peerScores([['12D3KooWA', 5]])
  const later = await metrics.registry.metrics()
  expect(later).toContain('xmargin_gossip_peer_score{peer="12D3KooWA"} 5')
  expect(later).not.toContain('12D3KooWB')
})
