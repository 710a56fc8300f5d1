import type { Address } from 'viem'
import { loadArtifact } from '../artifacts.ts'
import type { ChainDeployer } from '../chainDeployer.ts'
import { DEVNET_SETTLEMENT } from '../config.ts'
import { DeploymentFailedError } from '../errors.ts'
import { advanceClockTo } from './anvilClock.ts'

export type SeedPoolParameters = {
  pool: Address
  settlementToken: Address
  /** Settlement-token base units the deployer deposits as LP. */
  assets: bigint
}

export type SeedPoolReturnType = { requestId: bigint; shares: bigint }

/**
 * Seeds the AccountPool the only way it takes liquidity: the deployer requests a deposit, the chain's
 * clock is moved to the request's `readyAt` (the destination's clock was set back by the delay when its
 * deployment began, so this brings it back to the machine's time), and the request is settled. No price
 * update is needed: nobody has traded, so the engine's claim reads no price.
 */
export async function seedPool(
  chain: ChainDeployer,
  { pool, settlementToken, assets }: SeedPoolParameters,
): Promise<SeedPoolReturnType> {
  const token = loadArtifact('TestToken.sol').abi
  const abi = loadArtifact('AccountPool.sol').abi
  const deployer = chain.deployer.address
  await chain.write(settlementToken, token, 'mint', [deployer, assets])
  await chain.write(settlementToken, token, 'approve', [pool, assets])
  await chain.write(pool, abi, 'requestDeposit', [assets, deployer])
  const requestId = (await chain.read(pool, abi, 'requestCount')) as bigint
  const request = (await chain.read(pool, abi, 'requestOf', [requestId])) as { readyAt: bigint }
  await advanceClockTo(chain, request.readyAt)
  await chain.write(pool, abi, 'settle', [requestId, []], { label: 'settling the LP deposit' })
  const shares = (await chain.read(pool, abi, 'balanceOf', [deployer])) as bigint
  if (shares === 0n) throw new DeploymentFailedError(`${chain.target.name}: the LP deposit minted no shares`)
  chain.progress(
    `LP pool seeded with ${assets / 10n ** BigInt(DEVNET_SETTLEMENT.decimals)} ${DEVNET_SETTLEMENT.symbol} (request ${requestId})`,
  )
  return { requestId, shares }
}
