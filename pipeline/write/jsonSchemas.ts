import {readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {BLOCK_STYLES, LIST_ITEMS} from '../../schemas/objects/blockContent.ts'
import {CACHE_FOLDER} from './cacheShards.ts'

/** JSON Schemas (draft 2020-12) for every JSON file the export writes, published in schema/. */
const str = {type: 'string'}
const strArray = {type: 'array', items: str}
const date = {type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$'}
const obj = (properties: Record<string, unknown>, required: string[]) => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties,
})

const source = obj(
  {
    id: str,
    title: str,
    publisher: str,
    url: {type: 'string', pattern: '^https?://'},
    license: str,
    licenseUrl: {type: 'string', pattern: '^https?://'},
    accessedAt: date,
    revision: str,
    authors: strArray,
    attribution: str,
  },
  ['id', 'title', 'url'],
)

const span = obj({_key: str, _type: {const: 'span'}, text: str, marks: strArray}, [
  '_key',
  '_type',
  'text',
  'marks',
])
const markDef = {
  oneOf: [
    obj({_key: str, _type: {const: 'link'}, href: str}, ['_key', '_type', 'href']),
    obj(
      {
        _key: str,
        _type: {const: 'citation'},
        sourceId: str,
        number: {type: 'integer', minimum: 1},
        locator: str,
      },
      ['_key', '_type', 'sourceId', 'number'],
    ),
  ],
}
const blocks = {
  type: 'array',
  items: obj(
    {
      _key: str,
      _type: {const: 'block'},
      style: {enum: BLOCK_STYLES},
      listItem: {enum: LIST_ITEMS},
      level: {type: 'integer', minimum: 1},
      markDefs: {type: 'array', items: markDef},
      children: {type: 'array', items: span},
    },
    ['_key', '_type', 'style', 'markDefs', 'children'],
  ),
}
const link = obj({name: str, slug: str, url: str}, ['name', 'slug', 'url'])
const cta = obj({label: str, url: str}, ['label', 'url'])
const jsonLd = {
  type: 'object',
  required: ['@context', '@type'],
  properties: {'@context': {const: 'https://schema.org'}, '@type': str},
}
const sha256 = {type: 'string', pattern: '^[0-9a-f]{64}$'}
/** The medical review a page shows, with the signed statements a site can verify again. */
const review = obj(
  {
    approvedBy: obj({name: str, credentials: strArray}, ['name', 'credentials']),
    approvedAt: {type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T'},
    contentHash: sha256,
    scope: {enum: ['full', 'change']},
    lastReviewed: date,
    nextReviewDue: date,
    reviewedBy: obj({name: str, credentials: strArray, orcid: str}, ['name', 'credentials']),
    statements: {
      type: 'array',
      items: obj(
        {id: {type: 'string', pattern: '^statement-[0-9a-f]{64}$'}, payload: str, signature: str},
        ['id', 'payload', 'signature'],
      ),
    },
  },
  [],
)

export const jsonSchemas: Record<string, object> = {
  'tumour.schema.json': obj(
    {
      id: str,
      slug: str,
      url: str,
      name: str,
      synonyms: strArray,
      nameOrigin: str,
      category: str,
      summary: str,
      seoTitle: str,
      codes: {type: 'array', items: obj({system: str, code: str}, ['system', 'code'])},
      sections: {
        type: 'array',
        minItems: 1,
        items: obj(
          {
            key: str,
            heading: str,
            kind: {
              enum: [
                'overview',
                'location',
                'symptoms',
                'diagnosis',
                'treatment',
                'outlook',
                'other',
              ],
            },
            body: blocks,
            sources: {type: 'array', items: source},
          },
          ['key', 'heading', 'kind', 'body', 'sources'],
        ),
      },
      sources: {type: 'array', items: source},
      footnotes: {
        type: 'array',
        items: obj({number: {type: 'integer', minimum: 1}, sourceId: str, locator: str, source}, [
          'number',
          'sourceId',
          'source',
        ]),
      },
      kits: {
        type: 'array',
        items: obj({name: str, slug: str, url: str, tagline: str, callToAction: cta}, [
          'name',
          'slug',
          'url',
        ]),
      },
      review,
      jsonLd,
    },
    [
      'id',
      'slug',
      'url',
      'name',
      'synonyms',
      'summary',
      'codes',
      'sections',
      'sources',
      'footnotes',
      'kits',
      'review',
      'jsonLd',
    ],
  ),
  'kit.schema.json': obj(
    {
      id: str,
      slug: str,
      url: str,
      name: str,
      tagline: str,
      description: blocks,
      callToAction: cta,
      availableFor: {type: 'array', items: link},
      review,
      jsonLd,
    },
    ['id', 'slug', 'url', 'name', 'description', 'availableFor', 'review', 'jsonLd'],
  ),
  'sources.schema.json': {type: 'array', items: source},
  'tumours-index.schema.json': {
    type: 'array',
    items: obj(
      {
        name: str,
        slug: str,
        url: str,
        summary: str,
        synonyms: strArray,
        kits: {type: 'array', items: link},
      },
      ['name', 'slug', 'url', 'summary', 'synonyms', 'kits'],
    ),
  },
  // Entries by the sha256 of what they are a pure function of; each space checks its values on reading.
  'cache-shard.schema.json': {
    type: 'object',
    propertyNames: {pattern: '^[0-9a-f]{64}$'},
  },
  'manifest.schema.json': obj(
    {
      version: {const: 1},
      source: str,
      perspective: {enum: ['published', 'drafts']},
      files: {
        type: 'array',
        items: obj(
          {
            path: str,
            sha256: {type: 'string', pattern: '^[0-9a-f]{64}$'},
            bytes: {type: 'integer', minimum: 0},
            documentId: str,
            revision: str,
            inputs: {type: 'string', pattern: '^[0-9a-f]{64}$'},
          },
          ['path', 'sha256', 'bytes'],
        ),
      },
      rules: sha256,
      keyring: obj({path: str, purpose: {enum: ['production', 'demo']}, fingerprint: sha256}, [
        'path',
        'purpose',
        'fingerprint',
      ]),
      gate: obj({keyring: sha256, released: {type: 'object', additionalProperties: sha256}}, [
        'keyring',
        'released',
      ]),
    },
    ['version', 'source', 'perspective', 'files'],
  ),
}

/** The public keys the export trusted (review/keys.json): the reviewer keyring without its notes. */
const keyringSchema = JSON.parse(
  readFileSync(
    join(dirname(fileURLToPath(import.meta.url)), '../../review/keyring.schema.json'),
    'utf8',
  ),
) as Record<string, unknown>
const {$schema: _draft, $id: _id, ...keys} = keyringSchema
jsonSchemas['keys.schema.json'] = keys

/** Which schema describes which exported JSON file. */
export function schemaFor(path: string): string | undefined {
  if (path === 'manifest.json') return 'manifest.schema.json'
  if (path === 'review/keys.json') return 'keys.schema.json'
  if (path === 'json/sources.json') return 'sources.schema.json'
  if (path === 'json/tumours.json') return 'tumours-index.schema.json'
  if (path.startsWith('json/tumours/')) return 'tumour.schema.json'
  if (path.startsWith('json/kits/')) return 'kit.schema.json'
  if (path.startsWith(`${CACHE_FOLDER}/`)) return 'cache-shard.schema.json'
  return undefined
}
