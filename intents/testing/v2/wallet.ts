import { SignTypedDataVersion, signTypedData } from '@metamask/eth-sig-util'
import type { Hex } from 'viem'
import type { TypedDataSigner } from '../../src/signIntentWithWallet.ts'

/** A wallet that signs the way MetaMask does: its own eth-sig-util on the JSON payload it receives. */
export function metamaskLikeWallet(
  privateKey: Hex,
  mangle: (signature: string) => string = (s) => s,
): TypedDataSigner {
  return {
    request: async ({ params }) => {
      const [, payload] = params
      const signature = signTypedData({
        privateKey: Buffer.from(privateKey.slice(2), 'hex'),
        data: JSON.parse(payload),
        version: SignTypedDataVersion.V4,
      })
      return mangle(signature)
    },
  }
}

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n

/** What some hardware wallets answer: `v` ∈ {0, 1}. */
export const ledgerStyle = (s: string) =>
  `${s.slice(0, 130)}${(Number.parseInt(s.slice(130), 16) - 27).toString(16).padStart(2, '0')}`

/** The same key's other valid signature: s → n − s, v flipped (what a non-EIP-2 signer may return). */
export const highS = (s: string) =>
  `${s.slice(0, 66)}${(N - BigInt(`0x${s.slice(66, 130)}`)).toString(16).padStart(64, '0')}${s.endsWith('1b') ? '1c' : '1b'}`

/** EIP-2098: r ‖ (yParity << 255 | s). */
export const compactStyle = (s: string) => {
  const parity = BigInt(Number.parseInt(s.slice(130), 16) - 27)
  return `${s.slice(0, 66)}${((parity << 255n) | BigInt(`0x${s.slice(66, 130)}`)).toString(16).padStart(64, '0')}`
}
