/** Every failure of the devnet deployment: a short message that says what to do, and its cause. */
export class DeployError extends Error {
  override name = 'DeployError'
  readonly details: string | undefined

  constructor(message: string, options: { details?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.details = options.details
  }
}

/** A compiled contract is missing: the Foundry project was not built. */
export class ArtifactMissingError extends DeployError {
  override name = 'ArtifactMissingError'
  constructor(file: string, cause?: unknown) {
    super(
      `contract artifact ${file} not found; build the contracts first: npm run build -w settlement-contracts`,
      {
        cause,
      },
    )
  }
}

/** `forge build` failed or could not be started; `details` holds the end of its output. */
export class ContractsBuildError extends DeployError {
  override name = 'ContractsBuildError'
  constructor(reason: string, output: string) {
    super(`cannot compile the contracts: ${reason}`, { details: output.split('\n').slice(-40).join('\n') })
  }
}

/** The chain already has transactions from the deployer, so the deterministic addresses cannot be honoured. */
export class ChainNotFreshError extends DeployError {
  override name = 'ChainNotFreshError'
  constructor(chainId: number, nonce: number) {
    super(
      `chain ${chainId} is not fresh (the deployer already sent ${nonce} transactions); start a new chain`,
    )
  }
}

/** A contract did not land where the deterministic plan put it, or a call reverted. */
export class DeploymentFailedError extends DeployError {
  override name = 'DeploymentFailedError'
}
