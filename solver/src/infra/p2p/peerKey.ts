import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import type { Libp2pOptions } from 'libp2p'
import { ConfigError } from '../../errors.ts'

/** A libp2p private key (the node's peer identity), as createLibp2p takes it. */
export type PrivateKey = NonNullable<Libp2pOptions['privateKey']>

/**
 * @libp2p/crypto declares its keys against a newer copy of @libp2p/interface than libp2p 2.x does; the
 * objects are the same at run time (libp2p itself makes its keys with this @libp2p/crypto).
 */
type CryptoPrivateKey = Parameters<typeof privateKeyToProtobuf>[0]
const toLibp2pKey = (key: CryptoPrivateKey): PrivateKey => key as unknown as PrivateKey

/**
 * Loads the node's libp2p identity from `path`, or creates an Ed25519 one there (protobuf bytes as hex,
 * mode 0600, parent directory created 0700). A persisted identity keeps the peer id stable across
 * restarts, so bootstrap multiaddrs in other nodes' configs (`/p2p/<id>`) stay valid and scores carry over.
 */
export async function loadOrCreatePeerKey(path: string): Promise<PrivateKey> {
  const existing = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw new ConfigError('p2p.keyFile', `cannot read ${path}: ${error.message}`)
  })
  if (existing !== undefined) return parseKeyFile(path, existing)

  const key = toLibp2pKey(await generateKeyPair('Ed25519'))
  await mkdir(dirname(path), { recursive: true, mode: 0o700 })
  try {
    // 'wx': never overwrite a key another process wrote meanwhile; that one wins.
    await writeFile(
      path,
      `${Buffer.from(privateKeyToProtobuf(key as unknown as CryptoPrivateKey)).toString('hex')}\n`,
      {
        mode: 0o600,
        flag: 'wx',
      },
    )
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreatePeerKey(path)
    throw new ConfigError('p2p.keyFile', `cannot write ${path}: ${(error as Error).message}`)
  }
  // The umask may have narrowed nothing but could not widen 0600; chmod makes the mode exact anyway.
  await chmod(path, 0o600)
  return key
}

function parseKeyFile(path: string, text: string): PrivateKey {
  const hex = text.trim()
  if (!/^([0-9a-f]{2})+$/i.test(hex)) {
    throw new ConfigError('p2p.keyFile', `${path} does not hold a hex-encoded libp2p private key`)
  }
  try {
    return toLibp2pKey(privateKeyFromProtobuf(Buffer.from(hex, 'hex')))
  } catch (error) {
    throw new ConfigError(
      'p2p.keyFile',
      `${path} does not hold a libp2p private key: ${(error as Error).message}`,
    )
  }
}
