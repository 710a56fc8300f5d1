import { loadArtifact } from '@xmargin/settlement-contracts/deploy'
import { type Abi, parseAbi } from 'viem'

/** Typed views the pipeline reads (the artifacts' ABIs are untyped JSON). */
export const VAULT_READ_ABI = parseAbi([
  'struct Escrow { address trader; uint8 status; uint8 routeIndex; uint16 maxFeeBps; uint32 fillDeadline; uint32 destinationChainId; address token; uint96 amount; address opener; uint96 paidOut; }',
  'function escrowOf(bytes32 orderId) view returns (Escrow)',
])

export const ENGINE_READ_ABI = parseAbi([
  'struct Position { address account; uint8 status; bool isLong; bool remoteBacked; uint16 feeBps; uint32 originChainId; address trader; uint64 sequence; bytes32 marketId; bytes32 routeId; uint128 size; uint128 entryPrice; address collateralToken; uint128 collateral; uint128 credit; address filler; uint128 front; uint128 fillerClaim; uint128 debt; uint128 insuranceDue; }',
  'struct Route { address primary; address fallbackMessenger; uint32 messageSeconds; }',
  'function positionOf(bytes32 orderId) view returns (Position)',
  'function SETTLEMENT() view returns (address)',
  'function ORACLE() view returns (address)',
  'function routes(bytes32 routeId) view returns (address primary, address fallbackMessenger, uint32 messageSeconds)',
  'function peers(uint256 chainId) view returns (address)',
])

export const MESSENGER_QUOTE_ABI = parseAbi([
  'function quoteSend(uint256 destinationChainId, address recipient, bytes payload) view returns (uint256)',
])

export const ORACLE_FEE_ABI = parseAbi([
  'function PYTH() view returns (address)',
  'function getUpdateFee(bytes[] updateData) view returns (uint256)',
])

/** Only the custom errors of a contract: added to a call's ABI so reverts from its callees decode. */
function errorsOf(file: string): Abi {
  return loadArtifact(file).abi.filter((item) => item.type === 'error')
}

/** `openFor`, decoding the vault's errors and the solver registry's. */
export function vaultCallAbi(): Abi {
  return [...loadArtifact('CollateralVault.sol').abi, ...errorsOf('SolverRegistry.sol')]
}

/** `fill`, decoding the engine's errors, the intent verifier's and the oracle's (a stale price). */
export function engineCallAbi(): Abi {
  return [
    ...loadArtifact('MarginEngine.sol').abi,
    ...errorsOf('IntentVerifier.sol'),
    ...errorsOf('PythOracle.sol'),
  ]
}
