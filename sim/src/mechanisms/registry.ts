import { UnknownMechanismError } from '../errors.ts'
import { dutch } from './dutch.ts'
import { fcfs } from './fcfs.ts'
import { perBlockDutch } from './perBlockDutch.ts'
import { rfqDutch } from './rfqDutch.ts'
import { firstPrice, secondPrice } from './sealed.ts'
import type { Mechanism, MechanismName } from './types.ts'
import { uniformBatch } from './uniformBatch.ts'

/** Every mechanism, in the order reports list them. */
export const MECHANISMS: readonly Mechanism[] = [
  dutch,
  perBlockDutch,
  firstPrice,
  secondPrice,
  rfqDutch,
  fcfs,
  uniformBatch,
]

export const MECHANISM_NAMES: readonly MechanismName[] = MECHANISMS.map((mechanism) => mechanism.name)

/** The mechanism called `name`, or an error listing the known names. */
export function getMechanism(name: string): Mechanism {
  const mechanism = MECHANISMS.find((candidate) => candidate.name === name)
  if (mechanism === undefined) throw new UnknownMechanismError(name, MECHANISM_NAMES)
  return mechanism
}
