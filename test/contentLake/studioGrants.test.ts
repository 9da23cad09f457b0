import {grantsPermissionOn} from 'sanity'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {SanityDoc} from '../../pipeline/types.ts'
import {lakeClient} from '../support/contentLake/client.ts'
import {type Permission, ROLES} from '../support/contentLake/roles.ts'
import {type ContentLake, startContentLake} from '../support/contentLake/server.ts'
import {DEFAULT_USERS} from '../support/contentLake/users.ts'

/**
 * The Studio decides what to offer (edit, publish, delete) from `/acl` with its own code;
 * the stand-in enforces its grants on the data endpoints. Both are held to the same answer
 * here, with the Studio's grantsPermissionOn from sanity 6.16.0.
 */
let lake: ContentLake

beforeAll(async () => {
  lake = await startContentLake()
})
afterAll(() => lake.close())

const SAMPLES = [
  'tumour-melanoma',
  'drafts.tumour-leiomyosarcoma',
  'source-cruk-soft-tissue-sarcoma',
  'statement-03dea350bfa572141f2c882541b2284aaeb3679a0f0dd54ff032ba16c931e36c',
]

async function studioSays(handle: string, permission: Permission, doc: object): Promise<boolean> {
  const user = lake.users.userFor(handle)
  const client = lakeClient(lake, handle, '2021-06-07')
  const grants = await client.request({uri: `/projects/${lake.projectId}/datasets/production/acl`})
  const target = doc as Parameters<typeof grantsPermissionOn>[3]
  return (await grantsPermissionOn(user.id, grants, permission, target)).granted
}

/** Tries it on the stand-in: true if done, false on 403. */
async function lakeAllows(
  handle: string,
  permission: Permission,
  doc: SanityDoc,
): Promise<boolean> {
  const client = lakeClient(lake, handle)
  const attempts = {
    read: () => client.getDocument(doc._id).then((found) => found !== undefined),
    update: () => client.patch(doc._id).set({checkedBy: handle}).commit(),
    create: () => client.create(doc),
  }
  return attempts[permission as keyof typeof attempts]()
    .then((result) => result !== false)
    .catch((error) => {
      if (error.statusCode !== 403) throw error
      return false
    })
}

describe.each(DEFAULT_USERS.map((user) => [user.handle, user.role]))('%s (%s)', (handle) => {
  it.each(SAMPLES)('the Studio and the data endpoints agree on %s', async (id) => {
    const existing = lake.document(id) as SanityDoc
    const fresh = {...existing, _id: `${id}-new-${handle}`}
    const cases: [Permission, SanityDoc][] = [
      ['read', existing],
      ['update', existing],
      ['create', fresh],
    ]
    for (const [permission, doc] of cases) {
      const studio = await studioSays(handle, permission, doc)
      expect(await lakeAllows(handle, permission, doc), `${permission} ${doc._id}`).toBe(studio)
    }
  })
})

it('covers every standard role', () => {
  expect(new Set(DEFAULT_USERS.map((user) => user.role))).toEqual(new Set(Object.keys(ROLES)))
})
