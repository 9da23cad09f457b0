import {defineCliConfig} from 'sanity/cli'

// The CLI reads the same variables as the Studio so that `sanity build`, `schema extract`
// and `typegen generate` agree on one workspace. The defaults let a newcomer build offline.
const projectId = process.env.SANITY_STUDIO_PROJECT_ID || 'oncodemo'
const dataset = process.env.SANITY_STUDIO_DATASET || 'production'

// scripts/check-generated.ts points this at a scratch folder to compare without overwriting.
const generatedDir = process.env.SANITY_GENERATED_DIR || '.'

export default defineCliConfig({
  api: {projectId, dataset},
  deployment: {autoUpdates: false},
  typegen: {
    path: './{queries,pipeline,studio}/**/*.{ts,tsx}',
    schema: `${generatedDir}/schema.json`,
    generates: `${generatedDir}/sanity.types.ts`,
    overloadClientMethods: false,
  },
})
