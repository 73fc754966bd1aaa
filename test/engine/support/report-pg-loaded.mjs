// Preloaded (--import) into an `eventload run` under test: at exit, says on stderr whether the
// pg package was loaded (pg is CommonJS, so it shows up in require.cache once imported).
import { createRequire } from 'node:module'
import process from 'node:process'

const require = createRequire(import.meta.url)
process.on('exit', () => {
  const loaded = Object.keys(require.cache).some((k) => k.includes('/node_modules/pg/'))
  process.stderr.write(`pg loaded: ${loaded}\n`)
})
