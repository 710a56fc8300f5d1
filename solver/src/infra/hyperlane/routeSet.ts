import type { DevnetManifest, DevnetRoute } from '@xmargin/settlement-contracts/deploy'
import { type Address, getAddress, type Hex } from 'viem'
import { MissingValidatorKeyError } from './errors.ts'

export type RouteSetName = 'primary' | 'fallback'

/** The validator set that guards a message: found by the recipient messenger on the destination chain. */
export type RouteSet = {
  route: DevnetRoute
  set: RouteSetName
  threshold: number
  /** Exactly `threshold` keys of the set's validators. */
  signerKeys: Hex[]
}

/**
 * The route and set whose messenger on `destination` is `recipient`, with the keys to sign for it; or
 * undefined when no route of the manifest delivers there (the message is not ours to relay).
 */
export function routeSetOf(
  manifest: DevnetManifest,
  destination: number,
  recipient: Address,
): RouteSet | undefined {
  for (const route of Object.values(manifest.routes)) {
    for (const set of ['primary', 'fallback'] as const) {
      const messenger = route[set].messengers[String(destination)]
      if (messenger === undefined || getAddress(messenger) !== getAddress(recipient)) continue
      const keys = new Map(
        manifest.accounts.validators
          .filter((v) => v.route === route.name && v.set === set)
          .map((v) => [getAddress(v.address), v.privateKey] as const),
      )
      const { threshold, validators } = route[set]
      const signerKeys = validators.flatMap((v) => keys.get(getAddress(v)) ?? []).slice(0, threshold)
      if (signerKeys.length < threshold) {
        throw new MissingValidatorKeyError(
          `route ${route.name} (${set}): ${signerKeys.length} validator keys in the manifest, threshold ${threshold}`,
        )
      }
      return { route, set, threshold, signerKeys }
    }
  }
  return undefined
}
