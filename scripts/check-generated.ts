/**
 * Fails when schema.json or sanity.types.ts differ from what `sanity schema extract` and
 * `sanity typegen generate` produce now. Generates into a scratch folder, so the committed
 * files are compared, never touched.
 */
import {execFileSync} from 'node:child_process'
import {existsSync, mkdirSync, readFileSync, rmSync} from 'node:fs'
import {join} from 'node:path'

// The CLI resolves --path against the project folder even when it is absolute, so the
// scratch folder lives inside the project (under node_modules, ignored by git).
const dir = join('node_modules', '.cache', 'generated-check')
rmSync(dir, {recursive: true, force: true})
mkdirSync(dir, {recursive: true})
const env = {...process.env, SANITY_TELEMETRY_DISABLED: '1', SANITY_GENERATED_DIR: dir}
const sanity = (args: string[]) =>
  execFileSync('sanity', args, {env, stdio: ['ignore', 'ignore', 'inherit']})

// typegen names its input schema in a header comment; compare everything else.
const read = (path: string) =>
  existsSync(path) ? readFileSync(path, 'utf8').replace(/^\/\/ Source: .*$/m, '') : undefined

try {
  sanity(['schema', 'extract', '--enforce-required-fields', '--path', join(dir, 'schema.json')])
  sanity(['typegen', 'generate'])
  const stale = ['schema.json', 'sanity.types.ts'].filter(
    (name) => read(name) !== read(join(dir, name)),
  )
  if (stale.length > 0) {
    console.error(
      `Stale generated files: ${stale.join(', ')}. Run \`npm run typegen\` and commit them.`,
    )
    process.exitCode = 1
  } else {
    console.log('schema.json and sanity.types.ts are fresh.')
  }
} finally {
  rmSync(dir, {recursive: true, force: true})
}
