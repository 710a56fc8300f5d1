import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { afterAll, describe, expect, it } from 'vitest'
import { loadOrCreatePeerKey } from './peerKey.ts'

const dir = await mkdtemp(join(tmpdir(), 'peer-key-'))
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('loadOrCreatePeerKey', () => {
  it('creates an Ed25519 identity in a private file and loads the same one next time', async () => {
    const path = join(dir, 'nested', 'p2p', 'peer.key')
    const created = await loadOrCreatePeerKey(path)
    expect(created.type).toBe('Ed25519')
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    expect((await readFile(path, 'utf8')).trim()).toMatch(/^[0-9a-f]+$/)

    const loaded = await loadOrCreatePeerKey(path)
    expect(peerIdFromPrivateKey(loaded).toString()).toBe(peerIdFromPrivateKey(created).toString())
  })

  it('refuses a file that holds no key, naming the config field', async () => {
    const path = join(dir, 'garbage.key')
    await writeFile(path, 'not a key\n')
    await expect(loadOrCreatePeerKey(path)).rejects.toMatchObject({ code: 'CONFIG', field: 'p2p.keyFile' })
    await writeFile(path, 'abcd\n')
    await expect(loadOrCreatePeerKey(path)).rejects.toMatchObject({ code: 'CONFIG', field: 'p2p.keyFile' })
  })
})
