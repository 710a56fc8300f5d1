export type CreateChainLivenessParameters = {
  chainIds: readonly number[]
  /** Longer than this between two answers of a chain is a stall. */
  gapMs: number
}

/** The chains as the auction sees them (see AuctionView). */
export type ChainLivenessView = {
  /** The latest moment every chain is known to have answered (0 until each has answered once). */
  answeredAtMs: number
  /** Since when every chain has answered without a stall. */
  answeringSinceMs: number
}

export type ChainLiveness = {
  /** A chain answered (a chain watcher scan went through) at `atMs`. */
  answered(chainId: number, atMs: number): void
  view(): ChainLivenessView
}

/**
 * Whether the chains a fill needs were answering, from the times they answered: a gap longer than
 * `gapMs` is a stall, and answering resumes at the first answer after it. The auction counts a
 * solver's grace only over time the chains answered, so a stall every node sees bans nobody.
 */
export function createChainLiveness(parameters: CreateChainLivenessParameters): ChainLiveness {
  const chains = new Map(
    parameters.chainIds.map((chainId) => [chainId, { lastMs: 0, sinceMs: Number.POSITIVE_INFINITY }]),
  )
  return {
    answered(chainId, atMs) {
      const chain = chains.get(chainId)
      if (chain === undefined) return
      if (atMs - chain.lastMs > parameters.gapMs) chain.sinceMs = atMs
      chain.lastMs = Math.max(chain.lastMs, atMs)
    },
    view() {
      let answeredAtMs = Number.POSITIVE_INFINITY
      let answeringSinceMs = 0
      for (const chain of chains.values()) {
        answeredAtMs = Math.min(answeredAtMs, chain.lastMs)
        answeringSinceMs = Math.max(answeringSinceMs, chain.sinceMs)
      }
      return { answeredAtMs: chains.size === 0 ? 0 : answeredAtMs, answeringSinceMs }
    },
  }
}
