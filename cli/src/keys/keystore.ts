// The subpath, not 'ox': the whole of ox costs every command ~80 ms of start-up.
import * as Keystore from 'ox/Keystore'
import { type Address, getAddress, type Hex, isAddress } from 'viem'
import { privateKeyToAddress } from 'viem/accounts'
import { KeystoreError } from '../errors.ts'
import { readInput } from '../io/readInput.ts'

/** A Web3 Secret Storage v3 file: ox's keystore plus the `address` field geth, ethers and foundry write. */
export type KeystoreFile = Keystore.Keystore & { address?: string }

/** A keystore is well under a kilobyte; anything past this is not one. */
const MAX_KEYSTORE_BYTES = 64 * 1024

// ethers' defaults (N = 2^17, r = 8, p = 1): about half a second and 128 MiB, readable by every wallet.
const SCRYPT = { n: 2 ** 17, r: 8, p: 1 }
// Bounds on what a file may ask us to compute, so that a hostile keystore cannot hang or exhaust memory.
const MAX_SCRYPT_MEMORY = 512 * 1024 * 1024
const MAX_PBKDF2_ROUNDS = 10_000_000

const HEX = /^[0-9a-fA-F]+$/

/** Reads and checks a keystore file (it is not decrypted). */
export async function readKeystore(file: string): Promise<KeystoreFile> {
  const text = new TextDecoder().decode(await readInput(file, MAX_KEYSTORE_BYTES))
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new KeystoreError(file, 'not a keystore (not JSON)', error)
  }
  return checkKeystore(file, value)
}

/** The address a keystore declares, if it declares one (the field is optional in the standard). */
export function keystoreAddress(file: string, keystore: KeystoreFile): Address | undefined {
  if (keystore.address === undefined) return undefined
  const address = keystore.address.startsWith('0x') ? keystore.address : `0x${keystore.address}`
  if (!isAddress(address, { strict: false }))
    throw new KeystoreError(file, 'its address field is not an address')
  return getAddress(address)
}

/** Decrypts the private key; a wrong password and a damaged file look the same (the MAC fails). */
export function decryptKeystore(file: string, keystore: KeystoreFile, password: string): Hex {
  let privateKey: Hex
  try {
    // The synchronous toKey: ox's toKeyAsync ignores the file's scrypt r and p (0.14.67).
    privateKey = Keystore.decrypt(keystore, Keystore.toKey(keystore, { password }))
  } catch (error) {
    throw new KeystoreError(file, 'wrong password, or the keystore is damaged', error)
  }
  if (privateKey.length !== 66) throw new KeystoreError(file, 'does not hold a 32-byte private key')
  const declared = keystoreAddress(file, keystore)
  const actual = privateKeyToAddress(privateKey)
  if (declared !== undefined && declared !== actual) {
    throw new KeystoreError(file, `holds the key of ${actual}, but its address field says ${declared}`)
  }
  return privateKey
}

/** Encrypts a private key into a new keystore (scrypt, AES-128-CTR). */
export function encryptKeystore(privateKey: Hex, password: string): KeystoreFile {
  const [key, options] = Keystore.scrypt({ password, ...SCRYPT })
  const keystore = Keystore.encrypt(privateKey, key, options)
  return { address: privateKeyToAddress(privateKey).slice(2).toLowerCase(), ...keystore }
}

function checkKeystore(file: string, value: unknown): KeystoreFile {
  if (!isObject(value) || value.version !== 3) throw new KeystoreError(file, 'not a version 3 keystore')
  // Old geth files spell it `Crypto`.
  const crypto = value.crypto ?? value.Crypto
  if (
    !isObject(crypto) ||
    crypto.cipher !== 'aes-128-ctr' ||
    !isHex(crypto.ciphertext) ||
    !isHex(crypto.mac) ||
    !isObject(crypto.cipherparams) ||
    !isHex(crypto.cipherparams.iv) ||
    !isObject(crypto.kdfparams) ||
    !isHex(crypto.kdfparams.salt)
  ) {
    throw new KeystoreError(
      file,
      'not a keystore (expected crypto.cipher aes-128-ctr, ciphertext, mac, iv, salt)',
    )
  }
  if (value.address !== undefined && typeof value.address !== 'string') {
    throw new KeystoreError(file, 'its address field is not an address')
  }
  checkKdf(file, crypto.kdf, crypto.kdfparams)
  return { ...value, crypto } as KeystoreFile
}

function checkKdf(file: string, kdf: unknown, params: Record<string, unknown>): void {
  if (kdf === 'scrypt') {
    const { n, r, p } = params
    if (!isPositiveInteger(n) || !isPositiveInteger(r) || !isPositiveInteger(p) || (n & (n - 1)) !== 0) {
      throw new KeystoreError(file, 'bad scrypt parameters')
    }
    if (128 * n * r > MAX_SCRYPT_MEMORY || n * r * p > 2 ** 24) {
      throw new KeystoreError(file, `scrypt parameters too costly (n=${n}, r=${r}, p=${p})`)
    }
    return
  }
  if (kdf === 'pbkdf2') {
    if (params.prf !== 'hmac-sha256')
      throw new KeystoreError(file, 'unsupported pbkdf2 prf (only hmac-sha256)')
    if (!isPositiveInteger(params.c) || params.c > MAX_PBKDF2_ROUNDS) {
      throw new KeystoreError(file, 'bad pbkdf2 round count')
    }
    return
  }
  throw new KeystoreError(file, `unsupported kdf ${JSON.stringify(kdf)} (only scrypt and pbkdf2)`)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isHex(value: unknown): value is string {
  return typeof value === 'string' && HEX.test(value)
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0
}
