import {visionTool} from '@sanity/vision'
import {defineConfig} from 'sanity'
import {structureTool} from 'sanity/structure'
import {schemaTypes} from './schemas/index.ts'
import {bundledKeyring} from './studio/review/keyring.ts'
import {
  reviewDocumentActions,
  reviewDocumentBadges,
  withoutStatementTemplates,
} from './studio/review/reviewDocumentConfig.ts'
import {signingKeyTool} from './studio/review/SigningKeyTool.tsx'
import {withStatementPreview} from './studio/review/statementPreview.ts'
import {withIcons} from './studio/schemaDecorations.ts'
import {structure} from './studio/structure.ts'

// SANITY_STUDIO_* variables are inlined into the Studio bundle at build time.
const projectId = process.env.SANITY_STUDIO_PROJECT_ID || 'oncodemo'
const dataset = process.env.SANITY_STUDIO_DATASET || 'production'
// Tests only (test/support/contentLake): a stand-in API host, and a token login for it.
const apiHost = process.env.SANITY_STUDIO_API_HOST

export default defineConfig({
  name: 'default',
  title: 'Tumour pages',
  projectId,
  dataset,
  ...(apiHost ? {apiHost, auth: {loginMethod: 'token' as const}} : {}),
  plugins: [structureTool({structure}), visionTool({defaultApiVersion: '2025-02-19'})],
  tools: (prev) => [...prev, signingKeyTool],
  schema: {
    types: withStatementPreview(withIcons(schemaTypes), bundledKeyring),
    templates: withoutStatementTemplates,
  },
  // Tumour and kit pages publish only through signed medical review; statements are read-only.
  document: {actions: reviewDocumentActions, badges: reviewDocumentBadges},
})
