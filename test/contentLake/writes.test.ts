import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {lakeClient} from '../support/contentLake/client.ts'
import {type ContentLake, startContentLake} from '../support/contentLake/server.ts'

let lake: ContentLake

beforeEach(async () => {
  lake = await startContentLake()
})
afterEach(async () => {
  await lake.close()
})

const PAGE = 'tumour-melanoma'

describe('mutations', () => {
  it('makes the client’s transaction id the new _rev, and keeps _createdAt', async () => {
    const before = lake.document(PAGE)
    const result = await lakeClient(lake, 'writer')
      .transaction()
      .patch(PAGE, (patch) => patch.set({category: 'Skin cancer'}))
      .commit({transactionId: 'tx-from-the-client'})
    expect(result.transactionId).toBe('tx-from-the-client')
    expect(lake.document(PAGE)).toMatchObject({
      _rev: 'tx-from-the-client',
      _createdAt: before?._createdAt,
      category: 'Skin cancer',
    })
    expect(lake.document(PAGE)?._updatedAt).not.toBe(before?._updatedAt)
  })

  it('rejects a patch on a stale revision with 409, as the real API does, and writes nothing', async () => {
    const client = lakeClient(lake, 'writer')
    const stale = lake.document(PAGE)?._rev as string
    await client.patch(PAGE).set({category: 'first'}).commit()
    const current = lake.document(PAGE)
    const conflict = client.patch(PAGE).ifRevisionId(stale).set({category: 'second'}).commit()
    await expect(conflict).rejects.toMatchObject({statusCode: 409})
    expect(lake.document(PAGE)).toEqual(current)
    await client
      .patch(PAGE)
      .ifRevisionId(current?._rev as string)
      .set({category: 'second'})
      .commit()
    expect(lake.document(PAGE)?.category).toBe('second')
  })

  it('applies a transaction whole or not at all', async () => {
    const client = lakeClient(lake, 'writer')
    const transactions = lake.store.transactions.length
    const failing = client
      .transaction()
      .patch(PAGE, (patch) => patch.set({category: 'half-written?'}))
      .create({_id: 'tumour-leiomyosarcoma', _type: 'tumour'})
      .commit()
    await expect(failing).rejects.toMatchObject({statusCode: 409})
    expect(lake.document(PAGE)?.category).not.toBe('half-written?')
    expect(lake.store.transactions).toHaveLength(transactions)
  })

  it('applies every patch operation the Studio sends, through @sanity/mutator', async () => {
    await lakeClient(lake, 'writer')
      .patch(PAGE)
      .setIfMissing({synonyms: []})
      .insert('after', 'synonyms[-1]', ['MM'])
      .unset(['seoTitle'])
      .diffMatchPatch({name: '@@ -1,8 +1,9 @@\n Melanoma\n+s\n'})
      .commit()
    const patched = lake.document(PAGE)
    expect(patched).toMatchObject({name: 'Melanomas'})
    expect(patched).not.toHaveProperty('seoTitle')
    expect(patched?.synonyms).toContain('MM')
  })

  it('records a mutation it does not model (patch by query) as unrecognised', async () => {
    const client = lakeClient(lake, 'writer')
    await expect(
      client.mutate([{patch: {query: '*[_type == "tumour"]', set: {category: 'x'}}}]),
    ).rejects.toMatchObject({statusCode: 501})
    expect(lake.unrecognised).toHaveLength(1)
    lake.unrecognised.length = 0
  })
})

describe('actions (what the Studio writes with)', () => {
  const draft = `drafts.${PAGE}`

  it('edit makes a draft from the published page, then patches the draft only', async () => {
    const published = lake.document(PAGE)
    const {_rev, _updatedAt, ...content} = published ?? {}
    await lakeClient(lake, 'writer').action({
      actionType: 'sanity.action.document.edit',
      draftId: draft,
      publishedId: PAGE,
      patch: {set: {category: 'Skin'}},
    })
    expect(lake.document(draft)).toMatchObject({...content, _id: draft, category: 'Skin'})
    expect(lake.document(PAGE)).toEqual(published)
  })

  it('publish replaces the published page with the draft, strengthening references', async () => {
    const client = lakeClient(lake, 'writer')
    await client.action({
      actionType: 'sanity.action.document.replaceDraft',
      publishedId: PAGE,
      attributes: {
        ...lake.document(PAGE),
        _type: 'tumour',
        _id: draft,
        reviewedBy: {
          _type: 'reference',
          _ref: 'person-amira-haddad',
          _weak: true,
          _strengthenOnPublish: {type: 'person'},
        },
      },
    })
    const {transactionId} = await client.action(
      {actionType: 'sanity.action.document.publish', draftId: draft, publishedId: PAGE},
      {transactionId: 'publish-tx'},
    )
    expect(transactionId).toBe('publish-tx')
    expect(lake.document(draft)).toBeUndefined()
    expect(lake.document(PAGE)).toMatchObject({
      _rev: 'publish-tx',
      reviewedBy: {_type: 'reference', _ref: 'person-amira-haddad'},
    })
    expect(lake.document(PAGE)?.reviewedBy).not.toHaveProperty('_weak')
  })

  it('publish checks the draft’s revision when asked (409 on a stale one)', async () => {
    const client = lakeClient(lake, 'writer')
    await client.action({
      actionType: 'sanity.action.document.edit',
      draftId: draft,
      publishedId: PAGE,
      patch: {set: {category: 'Skin'}},
    })
    const publish = client.action({
      actionType: 'sanity.action.document.publish',
      draftId: draft,
      publishedId: PAGE,
      ifDraftRevisionId: 'an-older-revision',
    })
    await expect(publish).rejects.toMatchObject({statusCode: 409})
    expect(lake.document(draft)).toBeDefined()
  })

  it('discard, unpublish and delete move documents as the Studio expects', async () => {
    const client = lakeClient(lake, 'writer')
    await client.action({
      actionType: 'sanity.action.document.discard',
      draftId: 'drafts.tumour-leiomyosarcoma',
    })
    expect(lake.document('drafts.tumour-leiomyosarcoma')).toBeUndefined()
    await client.action({
      actionType: 'sanity.action.document.unpublish',
      draftId: draft,
      publishedId: PAGE,
    })
    expect(lake.document(PAGE)).toBeUndefined()
    expect(lake.document(draft)).toMatchObject({_type: 'tumour', name: 'Melanoma'})
    await client.action({
      actionType: 'sanity.action.document.delete',
      publishedId: 'tumour-liposarcoma',
      includeDrafts: [],
    })
    expect(lake.document('tumour-liposarcoma')).toBeUndefined()
  })

  it('create refuses an existing draft unless told to ignore it', async () => {
    const client = lakeClient(lake, 'writer')
    const create = (ifExists: 'fail' | 'ignore') =>
      client.action({
        actionType: 'sanity.action.document.create',
        publishedId: 'tumour-leiomyosarcoma',
        attributes: {_id: 'drafts.tumour-leiomyosarcoma', _type: 'tumour', name: 'Replaced?'},
        ifExists,
      })
    await expect(create('fail')).rejects.toMatchObject({statusCode: 409})
    await create('ignore')
    expect(lake.document('drafts.tumour-leiomyosarcoma')?.name).toBe('Leiomyosarcoma')
  })

  it('records an action type it does not model (release versions) as unrecognised', async () => {
    const action = {
      actionType: 'sanity.action.document.version.create',
      publishedId: PAGE,
      document: {_id: `versions.rSpring.${PAGE}`, _type: 'tumour'},
    } as unknown as Parameters<ReturnType<typeof lakeClient>['action']>[0]
    await expect(lakeClient(lake, 'writer').action(action)).rejects.toMatchObject({
      statusCode: 501,
    })
    expect(lake.unrecognised.map((r) => r.reason)).toEqual([
      expect.stringContaining('version.create'),
    ])
    lake.unrecognised.length = 0
  })
})
