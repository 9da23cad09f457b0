import {connect} from 'node:http2'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {lakeClient} from '../support/contentLake/client.ts'
import type {Role} from '../support/contentLake/roles.ts'
import {type ContentLake, startContentLake} from '../support/contentLake/server.ts'
import {testCertificate} from '../support/contentLake/tls.ts'

/** A role that may read only sources: to show that reads are filtered, not only writes. */
const SOURCES_ONLY: Role = {
  name: 'sourcesOnly',
  title: 'Sources only',
  grants: [{filter: '_type == "source"', permissions: ['read', 'create', 'update']}],
  projectGrants: ['read'],
}

let lake: ContentLake

beforeEach(async () => {
  lake = await startContentLake({
    roles: {sourcesOnly: SOURCES_ONLY},
    users: [
      {handle: 'writer', id: 'p2GhIjKl', name: 'Jonas Weber', email: 'j@x.org', role: 'editor'},
      {handle: 'contributor', id: 'p4StUvWx', name: 'Sofia', email: 's@x.org', role: 'contributor'},
      {handle: 'viewer', id: 'pViewer01', name: 'Vera', email: 'v@x.org', role: 'viewer'},
      {handle: 'librarian', id: 'pLib', name: 'Lib', email: 'l@x.org', role: 'sourcesOnly'},
    ],
  })
})
afterEach(async () => {
  await lake.close()
})

const PAGE = 'tumour-melanoma'

describe('who may call at all', () => {
  it('answers /users/me without a token with an empty object, which the Studio takes as logged out', async () => {
    expect(await lakeClient(lake, undefined).request({uri: '/users/me'})).toEqual({})
  })

  it('refuses data requests without a token (401)', async () => {
    await expect(lakeClient(lake, undefined).fetch('count(*)')).rejects.toMatchObject({
      statusCode: 401,
    })
  })

  it('refuses a token nobody holds (401), and a writer’s token with one character changed', async () => {
    const forged = lakeClient(lake, 'writer').withConfig({token: 'sk-test-writer-guessed'})
    await expect(forged.fetch('count(*)')).rejects.toMatchObject({statusCode: 401})
    const token = lake.tokenFor('writer')
    const altered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`
    await expect(
      lakeClient(lake, 'writer').withConfig({token: altered}).fetch('count(*)'),
    ).rejects.toMatchObject({statusCode: 401})
  })
})

describe('what each role may write', () => {
  it('a viewer cannot change anything (403), and nothing is written', async () => {
    const before = lake.document(PAGE)
    const patch = lakeClient(lake, 'viewer').patch(PAGE).set({summary: 'vandalised'}).commit()
    await expect(patch).rejects.toMatchObject({statusCode: 403})
    expect(lake.document(PAGE)).toEqual(before)
  })

  it('a contributor edits drafts but cannot publish, in the Studio’s way or directly', async () => {
    const client = lakeClient(lake, 'contributor')
    await client.action({
      actionType: 'sanity.action.document.edit',
      draftId: `drafts.${PAGE}`,
      publishedId: PAGE,
      patch: {set: {category: 'Skin'}},
    })
    expect(lake.document(`drafts.${PAGE}`)?.category).toBe('Skin')
    const published = lake.document(PAGE)
    const publish = client.action({
      actionType: 'sanity.action.document.publish',
      draftId: `drafts.${PAGE}`,
      publishedId: PAGE,
    })
    await expect(publish).rejects.toMatchObject({statusCode: 403})
    await expect(
      client.createOrReplace({...published, _id: PAGE, _type: 'tumour', category: 'x'}),
    ).rejects.toMatchObject({statusCode: 403})
    expect(lake.document(PAGE)).toEqual(published)
    expect(lake.document(`drafts.${PAGE}`)?.category).toBe('Skin')
  })

  it('a contributor cannot delete a published page, even next to allowed draft writes', async () => {
    const client = lakeClient(lake, 'contributor')
    const mixed = client.mutate([
      {createOrReplace: {_id: `drafts.${PAGE}`, _type: 'tumour'}},
      {delete: {id: PAGE}},
    ])
    await expect(mixed).rejects.toMatchObject({statusCode: 403})
    expect(lake.document(PAGE)).toBeDefined()
    expect(lake.document(`drafts.${PAGE}`)).toBeUndefined()
  })

  it('checks an edit on the result too, so no one moves a document out of their reach', async () => {
    const client = lakeClient(lake, 'librarian')
    await client.patch('source-wikipedia-melanoma').set({publisher: 'Wikipedia (en)'}).commit()
    const retype = client.patch('source-wikipedia-melanoma').set({_type: 'tumour'}).commit()
    await expect(retype).rejects.toMatchObject({statusCode: 403})
    expect(lake.document('source-wikipedia-melanoma')?._type).toBe('source')
  })

  it('a writer (Editor, as a write token is) may change a published page directly', async () => {
    await lakeClient(lake, 'writer').patch(PAGE).set({category: 'Skin'}).commit()
    expect(lake.document(PAGE)?.category).toBe('Skin')
  })
})

describe('what each role may read', () => {
  it('filters queries, documents by id and listeners by the read grants', async () => {
    const client = lakeClient(lake, 'librarian')
    const types = await client.fetch('array::unique(*[]._type)', {}, {perspective: 'raw'})
    expect(types).toEqual(['source'])
    expect(await client.getDocument(PAGE)).toBeUndefined()
    const events: string[] = []
    const subscription = client
      .listen('*', {}, {events: ['mutation']})
      .subscribe((event) => events.push((event as {documentId: string}).documentId))
    await new Promise((resolve) => setTimeout(resolve, 300))
    await lakeClient(lake, 'writer').patch(PAGE).set({category: 'secret'}).commit()
    await lakeClient(lake, 'writer')
      .patch('source-wikipedia-melanoma')
      .set({publisher: 'Wikipedia (en)'})
      .commit()
    await expect.poll(() => events).toEqual(['source-wikipedia-melanoma'])
    subscription.unsubscribe()
  })
})

describe('what the Studio is told is what is enforced', () => {
  it('serves each role’s grants at /acl, and the same as document resources at /grants', async () => {
    const client = lakeClient(lake, 'contributor', '2021-06-07')
    const acl = await client.request({uri: `/projects/${lake.projectId}/datasets/production/acl`})
    expect(acl).toEqual([
      {filter: '_id in path("**")', permissions: ['read']},
      {filter: '_id in path("drafts.**")', permissions: ['create', 'history', 'update']},
    ])
    const grants = await client.request({uri: `/projects/${lake.projectId}/grants`})
    expect(grants['sanity.document.filter']).toEqual(
      acl.map((grant: {filter: string; permissions: string[]}) => ({
        grants: grant.permissions.map((name) => ({name})),
        config: {filter: grant.filter},
      })),
    )
  })
})

describe('transport', () => {
  it('speaks HTTP/2 (ALPN h2) with the test certificate, so listeners share one connection', async () => {
    const session = connect(lake.apiHost, {ca: testCertificate.cert})
    const protocol = await new Promise((resolve) =>
      session.on('connect', () => resolve(session.alpnProtocol)),
    )
    session.close()
    expect(protocol).toBe('h2')
  })

  it('answers CORS only for the Studio’s origin, and records a call from any other', async () => {
    lake.allowOrigin('http://127.0.0.1:3333')
    const client = lakeClient(lake, 'writer')
    const allowed = await client.request({uri: '/ping', headers: {origin: 'http://127.0.0.1:3333'}})
    expect(allowed).toBe('PONG')
    await expect(
      client.request({uri: '/ping', headers: {origin: 'https://evil.example'}}),
    ).rejects.toMatchObject({statusCode: 403})
    expect(lake.unrecognised).toEqual([
      expect.objectContaining({reason: 'origin https://evil.example is not allowed'}),
    ])
    lake.unrecognised.length = 0
  })

  it('records a request for another dataset or an unknown endpoint', async () => {
    const client = lakeClient(lake, 'writer')
    await expect(client.withConfig({dataset: 'staging'}).fetch('1')).rejects.toMatchObject({
      statusCode: 404,
    })
    await expect(client.request({uri: '/some/new/endpoint'})).rejects.toMatchObject({
      statusCode: 404,
    })
    expect(lake.unrecognised.map((r) => r.reason)).toEqual([
      'unknown dataset "staging"',
      'no such endpoint in the stand-in',
    ])
    expect(() => lake.assertAllRecognised()).toThrow(/some\/new\/endpoint/)
    lake.unrecognised.length = 0
  })
})
