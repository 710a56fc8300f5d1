import type { Address } from 'viem'
import { loadArtifact } from './artifacts.ts'
import type { ChainDeployer } from './chainDeployer.ts'

/** A validator set as the ISM factory takes it: addresses sorted ascending, and a threshold. */
export type ValidatorSet = { validators: Address[]; threshold: number }

export type HyperlaneDeployment = {
  contracts: { mailbox: Address; merkleTreeHook: Address; defaultHook: Address; ismFactory: Address }
  deployBlock: number
  isms: { primary: Address; fallback: Address }
  messengers: { primary: Address; fallback: Address }
}

/**
 * Hyperlane's real contracts on one chain, as the contracts' HyperlaneHarness sets them up: a Mailbox
 * with MerkleTreeHook as required hook (what validators checkpoint) and a fee-less TestPostDispatchHook
 * as default hook; a message-id multisig ISM per validator set, from the static factory; one
 * HyperlaneMessenger per set (the route's primary and its fallback). Remotes are enrolled later, once
 * every chain's messengers exist.
 */
export async function deployHyperlane(
  chain: ChainDeployer,
  sets: { primary: ValidatorSet; fallback: ValidatorSet },
): Promise<HyperlaneDeployment> {
  const mailboxArtifact = loadArtifact('Mailbox.sol')
  const factoryArtifact = loadArtifact('StaticMultisigIsm.sol', 'StaticMessageIdMultisigIsmFactory')
  const messengerArtifact = loadArtifact('HyperlaneMessenger.sol')
  const deployer = chain.deployer.address

  const mailbox = await chain.deploy(mailboxArtifact, [chain.target.chainId])
  // The Mailbox's own block, from its receipt: reading the chain's latest block here raced with
  // other transactions and made the manifest differ between two fresh devnets.
  const deployBlock = chain.deployedIn(mailbox)
  const merkleTreeHook = await chain.deploy(loadArtifact('MerkleTreeHook.sol'), [mailbox])
  const defaultHook = await chain.deploy(loadArtifact('TestPostDispatchHook.sol'), [])
  const ismFactory = await chain.deploy(factoryArtifact, [])

  const ism = async (set: ValidatorSet, label: string): Promise<Address> => {
    const args = [set.validators, set.threshold]
    const address = (await chain.read(ismFactory, factoryArtifact.abi, 'getAddress', args)) as Address
    await chain.write(ismFactory, factoryArtifact.abi, 'deploy', args, { label: `${label} ISM` })
    chain.announce(`${label} ISM (${set.threshold} of ${set.validators.length})`, address)
    return address
  }
  const isms = { primary: await ism(sets.primary, 'primary'), fallback: await ism(sets.fallback, 'fallback') }
  // Every messenger names its own ISM; the Mailbox's default only guards recipients that name none.
  await chain.write(mailbox, mailboxArtifact.abi, 'initialize', [
    deployer,
    isms.primary,
    defaultHook,
    merkleTreeHook,
  ])
  const messengers = {
    primary: await chain.deploy(
      messengerArtifact,
      [mailbox, isms.primary, deployer],
      'HyperlaneMessenger (primary)',
    ),
    fallback: await chain.deploy(
      messengerArtifact,
      [mailbox, isms.fallback, deployer],
      'HyperlaneMessenger (fallback)',
    ),
  }
  return { contracts: { mailbox, merkleTreeHook, defaultHook, ismFactory }, deployBlock, isms, messengers }
}

/** Points each messenger on this chain at its counterpart on every remote chain. */
export async function enrollRemotes(
  chain: ChainDeployer,
  local: HyperlaneDeployment,
  remotes: ReadonlyArray<{ chainId: number; hyperlane: HyperlaneDeployment }>,
): Promise<void> {
  const abi = loadArtifact('HyperlaneMessenger.sol').abi
  for (const remote of remotes) {
    for (const set of ['primary', 'fallback'] as const) {
      await chain.write(local.messengers[set], abi, 'enrollRemote', [
        remote.chainId,
        remote.hyperlane.messengers[set],
      ])
    }
  }
  chain.progress(`messengers enrolled with ${remotes.map((r) => r.chainId).join(', ')}`)
}
