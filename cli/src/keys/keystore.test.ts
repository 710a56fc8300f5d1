import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { KeystoreError } from '../errors.ts'
import { PBKDF2_VECTOR, SCRYPT_VECTOR, SPEC_KEY } from '../testing/keystoreVectors.ts'
import { decryptKeystore, encryptKeystore, keystoreAddress } from './keystore.ts'

describe('keystore', () => {
  test('decrypts the Web3 Secret Storage test vectors (pbkdf2 and scrypt)', () => {
    expect(decryptKeystore('pbkdf2.json', PBKDF2_VECTOR, 'testpassword')).toBe(SPEC_KEY)
    expect(decryptKeystore('scrypt.json', SCRYPT_VECTOR, 'testpassword')).toBe(SPEC_KEY)
  })

  test('a new keystore declares its address and decrypts to the key', () => {
    const privateKey = generatePrivateKey()
    const keystore = encryptKeystore(privateKey, 'pw')
    expect(keystoreAddress('k.json', keystore)).toBe(privateKeyToAddress(privateKey))
    expect(decryptKeystore('k.json', keystore, 'pw')).toBe(privateKey)
  })

  test('a wrong password is refused', () => {
    expect(() => decryptKeystore('k.json', PBKDF2_VECTOR, 'wrong')).toThrow(
      new KeystoreError('k.json', 'wrong password, or the keystore is damaged'),
    )
  })

  test('a keystore whose address field lies is refused', () => {
    const lying = { ...PBKDF2_VECTOR, address: '70997970c51812dc3a010c7d01b50e0d17dc79c8' }
    expect(() => decryptKeystore('k.json', lying, 'testpassword')).toThrow(/its address field says 0x7099/)
  })
})
