import type { ContractCall } from './txSender.types.ts'

export type TxSenderGas = {
  /**
   * The gas limit for `call`: the most gas a mined call of the same function on the same contract
   * used, with headroom, once a simulation at that limit passes; the node's estimate otherwise (first
   * call, or the simulation fails: the estimate then reports the revert by name).
   */
  limitFor(
    call: ContractCall,
    simulateAt: (gas: bigint) => Promise<void>,
    estimate: () => Promise<bigint>,
  ): Promise<bigint>
  /** A mined call's gas used teaches the next limit. */
  learn(call: ContractCall, gasUsed: bigint): void
  /** A call that reverted on chain is estimated again next time (it may have run out of gas). */
  forget(call: ContractCall): void
}

export type CreateTxSenderGasReturnType = TxSenderGas

/** Gas limit = gas (estimated or used before) × this / 100; only the gas used is paid. */
const GAS_HEADROOM_PERCENT = 130n

/** `gas` with the sender's headroom. */
export function withGasHeadroom(gas: bigint): bigint {
  return (gas * GAS_HEADROOM_PERCENT) / 100n
}

/**
 * Gas limits learnt from receipts. An estimate is a binary search (a dozen executions of the call on
 * the node: the heaviest request on a fill's path); one simulation at a limit that sufficed before
 * proves the same in one execution whenever it passes.
 */
export function createTxSenderGas(): CreateTxSenderGasReturnType {
  const used = new Map<string, bigint>()
  const keyOf = (call: ContractCall) => `${call.address.toLowerCase()}:${call.functionName}`

  return {
    async limitFor(call, simulateAt, estimate) {
      const known = used.get(keyOf(call))
      if (known !== undefined) {
        const limit = withGasHeadroom(known)
        const passes = await simulateAt(limit).then(
          () => true,
          () => false,
        )
        if (passes) return limit
      }
      return withGasHeadroom(await estimate())
    },
    learn(call, gasUsed) {
      const key = keyOf(call)
      if (gasUsed > (used.get(key) ?? 0n)) used.set(key, gasUsed)
    },
    forget(call) {
      used.delete(keyOf(call))
    },
  }
}
