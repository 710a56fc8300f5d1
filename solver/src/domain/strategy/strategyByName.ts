import { ConfigError } from '../../errors.ts'
import { createDefaultStrategy, type DefaultStrategyParams } from './defaultStrategy.ts'
import type { Strategy } from './strategy.ts'

export type StrategyName = 'aggressive' | 'balanced' | 'cautious'

/** The demo's three solver personalities: same cost model, different appetite. */
export const STRATEGY_PRESETS: Readonly<Record<StrategyName, Readonly<DefaultStrategyParams>>> =
  Object.freeze({
    /** Thin margin, cheap capital, will commit most of its float. */
    aggressive: {
      name: 'aggressive',
      capitalAprBps: 500,
      settleSeconds: 30,
      riskBpsPerLeverage: 0.5,
      maxInventoryShare: 0.9,
      marginBps: 1,
    },
    balanced: {
      name: 'balanced',
      capitalAprBps: 1_000,
      settleSeconds: 60,
      riskBpsPerLeverage: 1,
      maxInventoryShare: 0.5,
      marginBps: 5,
    },
    /** Wide margin, dear capital, and passes on anything above 5×. */
    cautious: {
      name: 'cautious',
      capitalAprBps: 1_500,
      settleSeconds: 120,
      riskBpsPerLeverage: 2,
      maxInventoryShare: 0.25,
      marginBps: 15,
      maxLeverageBps: 50_000,
    },
  })

const isPreset = (name: string): name is StrategyName => Object.hasOwn(STRATEGY_PRESETS, name)

/** The preset strategy called `name`; a ConfigError (field `strategy`) for any other name. */
export function strategyByName(name: string): Strategy {
  if (!isPreset(name)) {
    const known = Object.keys(STRATEGY_PRESETS).join(', ')
    throw new ConfigError('strategy', `unknown strategy "${name}"; expected one of ${known}`)
  }
  return createDefaultStrategy(STRATEGY_PRESETS[name])
}
