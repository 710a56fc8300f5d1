import { mnemonicToAccount } from 'viem/accounts'
import { expect, test } from 'vitest'
import { DEV_MNEMONIC, DEV_PRIVATE_KEYS, devAccount } from './accounts.ts'

test("the dev keys are anvil's: m/44'/60'/0'/0/i of the well-known mnemonic", () => {
  DEV_PRIVATE_KEYS.forEach((privateKey, i) => {
    const derived = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: i })
    expect(devAccount(i).address).toBe(derived.address)
    expect(privateKey).toBe(`0x${Buffer.from(derived.getHdKey().privateKey as Uint8Array).toString('hex')}`)
  })
  expect(devAccount(0).address).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266')
})
