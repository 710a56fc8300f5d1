import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildActionVectors, buildDepositVectors, buildTypeVectors } from './buildVectors.ts'

// `npm run vectors -w intents`: rewrites intents/vectors/v2/*.json from the code. Only needed when a v2
// format changes on purpose; vectors.test.ts fails until they are rewritten and committed.
const directory = join(import.meta.dirname, '..', '..', 'vectors', 'v2')
const files = {
  'types.json': await buildTypeVectors(),
  'deposits.json': await buildDepositVectors(),
  'actions.json': await buildActionVectors(),
}
for (const [name, content] of Object.entries(files)) {
  writeFileSync(join(directory, name), `${JSON.stringify(content, null, 2)}\n`)
  console.log(`wrote vectors/v2/${name}`)
}
