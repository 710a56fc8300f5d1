// Test helpers of @xmargin/solver (`@xmargin/solver/testing`): devnets, signed intents, node networks.

export { openForIntent, startTestDevnet, type TestDevnet } from '../infra/hyperlane/testing/testDevnet.ts'
export { advanceTime, fillOrder, type OpenedOrder, openOrder } from './devnetActions.ts'
export { fixedFeeStrategy } from './fixedFeeStrategy.ts'
export { postTestPrices, startTestFeed, type TestFeed, type TestPrices } from './startTestFeed.ts'
export { startTestNetwork, type TestNetwork, type TestNodeSpec } from './startTestNetwork.ts'
export { startTestStack, type TestStack } from './startTestStack.ts'
export { signTestIntent, type TestIntentParameters } from './testIntent.ts'
