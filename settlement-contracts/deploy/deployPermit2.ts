import { type Address, concatHex, getAddress } from 'viem'
import type { ChainDeployer } from './chainDeployer.ts'
import { DeploymentFailedError } from './errors.ts'
import { CREATE2_DEPLOYER, PERMIT2_ADDRESS, PERMIT2_SALT, permit2CreationCode } from './permit2.ts'

/**
 * Deploys Uniswap's canonical Permit2 through the deterministic CREATE2 deployer with Uniswap's salt,
 * exactly as on public chains, so it lands at its canonical address. Nothing is mocked.
 */
export async function deployPermit2(chain: ChainDeployer): Promise<Address> {
  const deployerCode = await chain.client.getCode({ address: CREATE2_DEPLOYER })
  if (deployerCode === undefined || deployerCode === '0x') {
    throw new DeploymentFailedError(`${chain.target.name}: no CREATE2 deployer at ${CREATE2_DEPLOYER}`)
  }
  await chain.send(CREATE2_DEPLOYER, concatHex([PERMIT2_SALT, permit2CreationCode()]), 'deploying Permit2')
  const code = await chain.client.getCode({ address: PERMIT2_ADDRESS })
  if (code === undefined || code === '0x') {
    throw new DeploymentFailedError(`${chain.target.name}: Permit2 did not land at ${PERMIT2_ADDRESS}`)
  }
  const address = getAddress(PERMIT2_ADDRESS)
  chain.announce('Permit2', address)
  return address
}
