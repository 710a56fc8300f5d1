/** Where the solver's signing key comes from. The node never reads a key itself: the CLI resolves it. */
export type AccountSource =
  | { keystore: string; passwordEnv?: string }
  | { privateKeyEnv: string }
  /** Devnet only: the n-th solver of the devnet manifest (anvil's well-known keys, never real ones). */
  | { devnetSolver: number }

export type SolverRoles = {
  /** Sign checkpoints as a validator and deliver Hyperlane messages (solvers route the messages). */
  relayer: boolean
  /** Liquidate unhealthy positions, settle their debt, expire orders nobody filled. */
  keeper: boolean
}

export type AuctionConfig = {
  /** How long after receiving an intent a node waits for bids before the winner may fill. */
  bidWindowMs: number
  /** How long after its turn the winner has to open before it counts as a fade. */
  fadeGraceMs: number
  /** First ban of a fading solver; doubles with each repeat up to `maxBanMs`. */
  baseBanMs: number
  maxBanMs: number
}

/** The node's configuration, parsed once at start-up (parseSolverConfig) and read-only afterwards. */
export type SolverConfig = Readonly<{
  /** Shown in logs and on /healthz. */
  name: string
  /** The deployment manifest: chains (RPC URLs), contracts, routes, markets. Absolute path. */
  manifest: string
  account: AccountSource
  /** Strategy preset: `aggressive`, `balanced` or `cautious`. */
  strategy: string
  http: Readonly<{ host: string; port: number; corsOrigins: readonly string[] | '*' }>
  p2p: Readonly<{ listen: readonly string[]; bootstrap: readonly string[] }>
  /** SQLite database and the libp2p identity live here. Absolute path. */
  dataDir: string
  roles: Readonly<SolverRoles>
  auction: Readonly<AuctionConfig>
  /** Milliseconds between chain scans (watcher, keeper, settlement checks). */
  pollMs: number
  log: Readonly<{ level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' }>
}>

export const DEFAULT_AUCTION: AuctionConfig = {
  bidWindowMs: 400,
  fadeGraceMs: 4_000,
  baseBanMs: 60_000,
  maxBanMs: 3_600_000,
}
