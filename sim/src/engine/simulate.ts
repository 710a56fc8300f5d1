import { seconds } from '../mechanisms/ordering.ts'
import type { Auction, Award, Mechanism, MechanismContext, Quote } from '../mechanisms/types.ts'
import { maintenanceMargin } from '../models/maintenanceMargin.ts'
import { positionOutcome } from '../models/position.ts'
import { solverBidBps, solverCostBps } from '../models/solverCost.ts'
import type { Scenario } from '../scenarios/types.ts'
import { EventQueue } from './eventQueue.ts'
import type { IntentState } from './intentState.ts'
import { Tally } from './tally.ts'
import type { TaskResult } from './taskResult.ts'
import { createWorld, type World } from './world.ts'

export type SimulateParameters = {
  scenario: Scenario
  mechanism: Mechanism
  seed: number
  replication: number
  /** Carried into the result; the grid point's overrides are already applied to `scenario`. */
  gridPoint: number
}

type SimEvent =
  | { time: number; kind: 'intent:arrived' }
  | { time: number; kind: 'auction:decided' }
  | { time: number; kind: 'fill:landed'; intent: IntentState; awards: Award[]; index: number }
  | { time: number; kind: 'capital:returned'; solver: number; amountUsd: number }

/**
 * Runs one replication of one mechanism: a discrete-event loop over integer milliseconds. Intents
 * arrive, are auctioned, filled (or fade, revert, expire), and the fills open positions that are
 * followed to their close or liquidation. Deterministic: the result depends only on the parameters.
 */
export function simulate(parameters: SimulateParameters): TaskResult {
  const { scenario, mechanism, seed, replication, gridPoint } = parameters
  const world = createWorld({ scenario, seed, replication })
  const run = new Run(scenario, mechanism, world)
  const events = run.loop()
  return {
    gridPoint,
    replication,
    mechanism: mechanism.name,
    intents: scenario.intents,
    events,
    ...run.tally.result(),
  }
}

class Run {
  readonly tally: Tally
  private readonly scenario: Scenario
  private readonly mechanism: Mechanism
  private readonly world: World
  private readonly context: MechanismContext
  private readonly queue = new EventQueue<SimEvent>()
  private readonly pending = new Map<number, IntentState[]>()
  private readonly freeCapitalUsd: Float64Array
  private readonly maintenance: number
  private arrived = 0

  constructor(scenario: Scenario, mechanism: Mechanism, world: World) {
    this.scenario = scenario
    this.mechanism = mechanism
    this.world = world
    this.tally = new Tally(scenario.solvers)
    this.context = { destination: { blockMs: scenario.chains.destinationBlockMs }, auction: scenario.auction }
    this.freeCapitalUsd = new Float64Array(scenario.solvers).fill(scenario.solver.inventoryUsd)
    this.maintenance = maintenanceMargin({
      risk: scenario.risk,
      sigmaAnnual: scenario.market.sigmaAnnual,
      detectMs: scenario.market.tickMs + scenario.market.oracleLagMs,
      messageMs: world.route.p99LatencyMs(),
    })
  }

  loop(): number {
    let events = 0
    if (this.scenario.intents > 0)
      this.queue.push({ time: this.world.traders.peekArrivalMs(), kind: 'intent:arrived' })
    for (let event = this.queue.pop(); event !== undefined; event = this.queue.pop()) {
      events++
      switch (event.kind) {
        case 'intent:arrived':
          this.arrive(event.time)
          break
        case 'auction:decided':
          this.decide(event.time)
          break
        case 'fill:landed':
          this.land(event.time, event.intent, event.awards, event.index)
          break
        case 'capital:returned':
          this.freeCapitalUsd[event.solver] = (this.freeCapitalUsd[event.solver] as number) + event.amountUsd
          break
      }
    }
    return events
  }

  private arrive(now: number): void {
    const intent = this.draw()
    this.arrived++
    if (this.arrived < this.scenario.intents) {
      this.queue.push({ time: this.world.traders.peekArrivalMs(), kind: 'intent:arrived' })
    }
    // The engine refuses leverage whose initial margin would already be below maintenance.
    if (this.maintenance >= 1 / intent.leverage) {
      this.tally.unfilled()
      return
    }
    const decideMs = this.mechanism.decideAt(now, this.context)
    const batch = this.pending.get(decideMs)
    if (batch !== undefined) {
      batch.push(intent)
      return
    }
    this.pending.set(decideMs, [intent])
    this.queue.push({ time: decideMs, kind: 'auction:decided' })
  }

  /** Everything about an intent that is random, drawn at arrival whatever the mechanism does with it. */
  private draw(): IntentState {
    const { scenario, world } = this
    const terms = world.traders.next()
    const n = scenario.solvers
    const collateralUsd = terms.notionalUsd / terms.leverage
    const referencePrice = world.market.oracleAt(terms.arrivalMs)
    const startTime = seconds(terms.arrivalMs)
    const endTime = startTime + scenario.traders.fee.durationS
    const costBps = new Float64Array(n)
    const readyMs = new Float64Array(n)
    const tieBreak = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      const streams = world.solvers[i] as World['solvers'][number]
      costBps[i] = solverCostBps(
        scenario.solver,
        streams.cost.uniform(),
        collateralUsd,
        scenario.route.latencyMedianMs,
      )
      readyMs[i] =
        terms.arrivalMs + Math.round(streams.observation.exponential(scenario.solver.observationMeanMs))
      tieBreak[i] = world.tieBreak.uniform()
    }
    return {
      id: this.arrived,
      arrivalMs: terms.arrivalMs,
      deadlineMs: endTime * 1000 + scenario.auction.graceMs,
      side: terms.side,
      notionalUsd: terms.notionalUsd,
      collateralUsd,
      leverage: terms.leverage,
      referencePrice,
      limitPrice: referencePrice * (1 + (terms.side * scenario.traders.slippageBps) / 10_000),
      schedule: {
        startBps: scenario.traders.fee.startBps,
        maxBps: scenario.traders.fee.maxBps,
        startTime,
        endTime,
      },
      holdMs: terms.holdMs,
      costBps,
      readyMs,
      tieBreak,
    }
  }

  private decide(now: number): void {
    const intents = this.pending.get(now) ?? []
    this.pending.delete(now)
    const auctions = intents.map((intent) => this.auction(intent))
    const awards = this.mechanism.award(auctions, now, this.context)
    intents.forEach((intent, i) => {
      this.attempt(intent, awards[i] ?? [], 0, now)
    })
  }

  private auction(intent: IntentState): Auction {
    const { scenario } = this
    const quotes: Quote[] = []
    for (let solver = 0; solver < scenario.solvers; solver++) {
      const cost = intent.costBps[solver] as number
      if (cost > intent.schedule.maxBps) continue
      if ((this.freeCapitalUsd[solver] as number) < intent.collateralUsd) continue
      const bid = solverBidBps(
        scenario.solver,
        cost,
        intent.schedule.maxBps,
        scenario.solvers,
        this.mechanism.payment,
      )
      quotes.push({
        solver,
        bidBps: Math.min(bid, intent.schedule.maxBps),
        readyMs: intent.readyMs[solver] as number,
        tieBreak: intent.tieBreak[solver] as number,
      })
    }
    return {
      intent: intent.id,
      arrivalMs: intent.arrivalMs,
      schedule: intent.schedule,
      deadlineMs: intent.deadlineMs,
      quotes,
    }
  }

  /** Schedules award `index` no earlier than `earliestMs`, or gives up on the intent. */
  private attempt(intent: IntentState, awards: Award[], index: number, earliestMs: number): void {
    const award = awards[index]
    const time = award === undefined ? Number.POSITIVE_INFINITY : Math.max(award.fillMs, earliestMs)
    if (time > intent.deadlineMs) {
      this.tally.unfilled()
      return
    }
    this.queue.push({ time, kind: 'fill:landed', intent, awards, index })
  }

  private land(now: number, intent: IntentState, awards: Award[], index: number): void {
    const award = awards[index] as Award
    const { scenario, world } = this
    const solver = award.solver
    const entryPrice = world.market.oracleAt(now)
    const hasCapital = (this.freeCapitalUsd[solver] as number) >= intent.collateralUsd
    const reverted =
      (world.solvers[solver] as World['solvers'][number]).revert.uniform() < scenario.solver.revertProbability
    const withinLimit = intent.side === 1 ? entryPrice <= intent.limitPrice : entryPrice >= intent.limitPrice
    if (!hasCapital || reverted || !withinLimit) {
      this.attempt(intent, awards, index + 1, now + scenario.auction.graceMs)
      return
    }
    const priceImprovementBps =
      (intent.side * (intent.referencePrice - entryPrice) * 10_000) / intent.referencePrice
    this.tally.filled({
      solver,
      timeToFillMs: now - intent.arrivalMs,
      feeBps: award.feeBps,
      priceImprovementBps,
      traderSurplusUsd:
        ((intent.schedule.maxBps - award.feeBps) * intent.collateralUsd +
          priceImprovementBps * intent.notionalUsd) /
        10_000,
      solverProfitUsd: ((award.feeBps - (intent.costBps[solver] as number)) * intent.collateralUsd) / 10_000,
    })
    // The solver fronts the margin until the `Locked` message from the origin repays it.
    this.freeCapitalUsd[solver] = (this.freeCapitalUsd[solver] as number) - intent.collateralUsd
    this.queue.push({
      time: world.route.deliveryTime(now),
      kind: 'capital:returned',
      solver,
      amountUsd: intent.collateralUsd,
    })
    const outcome = positionOutcome(
      {
        side: intent.side,
        notionalUsd: intent.notionalUsd,
        collateralUsd: intent.collateralUsd,
        entryPrice,
        openedMs: now,
        closesMs: now + intent.holdMs,
        maintenance: this.maintenance,
      },
      world.market,
      world.route,
      scenario.risk,
    )
    this.tally.position(outcome.liquidated, outcome.badDebtUsd)
  }
}
