/** Gossip topic for signed intents (UTF-8 JSON, `stringifyIntent` output). The suffix is the wire version. */
export const INTENTS_TOPIC = '/xmargin/intents/1'

/** Gossip topic for signed solver bids (UTF-8 JSON, `stringifySolverBid` output). */
export const BIDS_TOPIC = '/xmargin/bids/1'
