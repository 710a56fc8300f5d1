// Test helpers of @xmargin/solver (`@xmargin/solver/testing`): devnets, signed intents, node networks.

export { openForIntent, startTestDevnet, type TestDevnet } from '../infra/hyperlane/testing/testDevnet.ts'
export { fixedFeeStrategy } from './fixedFeeStrategy.ts'
export { startTestFeed, type TestFeed } from './startTestFeed.ts'
export { startTestNetwork, type TestNetwork, type TestNodeSpec } from './startTestNetwork.ts'
export { signTestIntent, type TestIntentParameters } from './testIntent.ts'
