import type {MutationEvent} from '@sanity/client'
import {applyPatch} from 'mendoza'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import type {SanityDoc} from '../../pipeline/types.ts'
import {lakeClient} from '../support/contentLake/client.ts'
import {type ContentLake, startContentLake} from '../support/contentLake/server.ts'

let lake: ContentLake
let stop: () => void

beforeEach(async () => {
  lake = await startContentLake()
})
afterEach(async () => {
  stop?.()
  await lake.close()
})

type Event = MutationEvent & {type: string; effects?: {apply: unknown[]; revert: unknown[]}}

/** Listens as the Studio does, and resolves once the welcome event has arrived. */
async function listen(query: string, params: Record<string, unknown>, options = {}) {
  const events: Event[] = []
  const subscription = lakeClient(lake, 'writer')
    .listen(query, params, {events: ['welcome', 'mutation'], ...options})
    .subscribe((event) => events.push(event as Event))
  stop = () => subscription.unsubscribe()
  await expect.poll(() => events.map((event) => event.type)).toEqual(['welcome'])
  return events
}

const withoutRev = (doc: SanityDoc | undefined) => {
  const {_rev, ...rest} = doc ?? ({} as SanityDoc)
  return rest
}

const PAGE = 'tumour-melanoma'

describe('the listener', () => {
  it('sends welcome, then mutation events whose mendoza effects turn the old document into the new', async () => {
    const events = await listen(
      '*[_id in $ids]',
      {ids: [PAGE, `drafts.${PAGE}`]},
      {
        effectFormat: 'mendoza',
        includeResult: false,
      },
    )
    const before = lake.document(PAGE)
    await lakeClient(lake, 'writer')
      .patch(PAGE)
      .set({category: 'Skin'})
      .commit({transactionId: 'tx-1'})
    await expect.poll(() => events.length).toBe(2)
    const event = events[1] as Event
    expect(event).toMatchObject({
      type: 'mutation',
      documentId: PAGE,
      transactionId: 'tx-1',
      transition: 'update',
      previousRev: before?._rev,
      resultRev: 'tx-1',
      identity: lake.users.userFor('writer').id,
      transactionTotalEvents: 1,
      transactionCurrentEvent: 1,
    })
    expect(event).not.toHaveProperty('result')
    const effects = event.effects as {apply: unknown[]; revert: unknown[]}
    expect(applyPatch(withoutRev(before), effects.apply)).toEqual(withoutRev(lake.document(PAGE)))
    expect(applyPatch(withoutRev(lake.document(PAGE)), effects.revert)).toEqual(withoutRev(before))
  })

  it('includes the result when asked, and echoes the visibility asked for', async () => {
    const events = await listen(
      '*[_id == $id]',
      {id: PAGE},
      {includeResult: true, visibility: 'query'},
    )
    await lakeClient(lake, 'writer').patch(PAGE).set({category: 'Skin'}).commit()
    await expect.poll(() => events.length).toBe(2)
    expect(events[1]).toMatchObject({visibility: 'query', result: {_id: PAGE, category: 'Skin'}})
  })

  it('reports documents entering and leaving the query as appear and disappear', async () => {
    const events = await listen('*[_type == "tumour" && category == "Skin"]', {})
    const client = lakeClient(lake, 'writer')
    await client.patch(PAGE).set({category: 'Skin'}).commit()
    await client.patch(PAGE).set({category: 'Skin'}).commit()
    await client.patch(PAGE).set({category: 'Melanocytic'}).commit()
    await client.patch('tumour-liposarcoma').set({nameOrigin: 'not matching'}).commit()
    await expect.poll(() => events.length).toBe(4)
    expect(events.slice(1).map((event) => event.transition)).toEqual([
      'appear',
      'update',
      'disappear',
    ])
  })

  it('counts a publish as two events of one transaction, as the Studio’s pair listener waits for', async () => {
    const client = lakeClient(lake, 'writer')
    await client.action({
      actionType: 'sanity.action.document.edit',
      draftId: `drafts.${PAGE}`,
      publishedId: PAGE,
      patch: {set: {category: 'Skin'}},
    })
    const events = await listen(
      '*[_id in $ids]',
      {ids: [PAGE, `drafts.${PAGE}`]},
      {
        effectFormat: 'mendoza',
      },
    )
    await client.action({
      actionType: 'sanity.action.document.publish',
      draftId: `drafts.${PAGE}`,
      publishedId: PAGE,
    })
    await expect.poll(() => events.length).toBe(3)
    const [draft, published] = events
      .slice(1)
      .sort((a, b) => a.documentId.localeCompare(b.documentId))
    expect(published).toMatchObject({transition: 'update', transactionTotalEvents: 2})
    expect(draft).toMatchObject({transition: 'disappear', transactionTotalEvents: 2})
    expect(draft?.effects?.apply).toEqual([0, null])
    expect(
      events
        .slice(1)
        .map((event) => event.transactionCurrentEvent)
        .sort(),
    ).toEqual([1, 2])
  })
})
