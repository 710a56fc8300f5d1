import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildBidVectors, buildIntentVectors, buildTypeVectors } from './buildVectors.ts'

// `npm run vectors -w intents`: rewrites intents/vectors/*.json from the code. Only needed when the
// intent format changes on purpose; vectors.test.ts fails until they are rewritten and committed.
const directory = join(import.meta.dirname, '..', 'vectors')
const files = {
  'types.json': await buildTypeVectors(),
  'intents.json': await buildIntentVectors(),
  'bids.json': await buildBidVectors(),
}
for (const [name, content] of Object.entries(files)) {
  writeFileSync(join(directory, name), `${JSON.stringify(content, null, 2)}\n`)
  console.log(`wrote vectors/${name}`)
}
