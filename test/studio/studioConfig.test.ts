import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {DEMO_KEYRING, loadKeyring, PRODUCTION_KEYRING} from '../../pipeline/gate/keyringFile.ts'
import {generateSigningKey, jwkThumbprint, publicJwkOf} from '../../pipeline/workflow/signature.ts'
import {canSign, formatSigningTime, nameMatches} from '../../studio/review/confirmation.ts'
import {keyringEntryFor, keyringRows} from '../../studio/review/enrollment.ts'
import {keyringFor, keyringNameOf} from '../../studio/review/keyring.ts'
import type {LocalSigningKey} from '../../studio/review/signingKeyStore.ts'
import {statementSummary} from '../../studio/review/statementPreview.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

describe('the keyring bundled into the Studio', () => {
  it('is the demo keyring only when SANITY_STUDIO_KEYRING=demo', () => {
    expect(keyringNameOf(undefined)).toBe('production')
    expect(keyringNameOf('')).toBe('production')
    expect(keyringNameOf('production')).toBe('production')
    expect(keyringNameOf('demo')).toBe('demo')
    expect(() => keyringNameOf('review/demo-keyring.json')).toThrow(
      'SANITY_STUDIO_KEYRING is "review/demo-keyring.json": set it to "demo" for review/demo-keyring.json, or leave it unset for review/keyring.json.',
    )
  })

  it('is each keyring exactly as the export loads and checks it', async () => {
    expect(keyringFor('demo')).toEqual((await loadKeyring(DEMO_KEYRING)).keyring)
    expect(keyringFor('production')).toEqual((await loadKeyring(PRODUCTION_KEYRING)).keyring)
    expect(keyringFor('demo').purpose).toBe('demo')
  })

  it('lists its people and roles for the Signing key tool', () => {
    const rows = keyringRows(keyringFor('demo'), new Date('2026-11-27T00:00:00.000Z'))
    expect(rows.find((r) => r.id === 'person-li-chen')).toEqual({
      id: 'person-li-chen',
      title: 'Li Chen, MD, FRCPath',
      roles: 'Medical writer, Medical reviewer, Publisher',
      keys: '1 valid, 1 expired or revoked',
    })
    expect(keyringRows(keyringFor('production'), new Date())).toEqual([])
  })
})

describe('enrollment: the keyring entry the Signing key tool shows', () => {
  it('is accepted by the export’s keyring loader once pasted under a person', async () => {
    const {alg, keys} = await generateSigningKey()
    const publicJwk = publicJwkOf(await crypto.subtle.exportKey('jwk', keys.publicKey))
    const local: LocalSigningKey = {
      scope: 'project:test',
      alg,
      privateKey: keys.privateKey,
      publicJwk,
      kid: await jwkThumbprint(publicJwk),
      createdAt: '2026-11-27T09:00:00.000Z',
    }
    const entry = keyringEntryFor(local, new Date('2026-11-27T09:00:00.000Z'))
    expect(entry).toEqual({
      kid: local.kid,
      alg: 'Ed25519',
      publicKey: publicJwk,
      notBefore: '2026-11-27T09:00:00.000Z',
      notAfter: '2028-11-27T09:00:00.000Z',
      revoked: false,
    })
    // Exactly as an administrator would paste it (JSON text), under a new person.
    const production = JSON.parse(readFileSync(PRODUCTION_KEYRING, 'utf8'))
    production.$schema = join(ROOT, 'review/keyring.schema.json')
    production.people.push({
      id: 'person-dana-okafor',
      name: 'Dana Okafor',
      credentials: ['MD'],
      roles: ['medicalReviewer'],
      keys: [JSON.parse(JSON.stringify(entry, null, 2))],
    })
    const path = join(mkdtempSync(join(tmpdir(), 'keyring-')), 'keyring.json')
    writeFileSync(path, JSON.stringify(production, null, 2))
    const loaded = await loadKeyring(path)
    expect(loaded.keyring.people[0]?.keys[0]?.kid).toBe(local.kid)
  })
})

describe('the confirmation at each signing (§11.200)', () => {
  it('accepts the signer’s full name however it is spaced, composed or cased', () => {
    expect(nameMatches('Sofia Márquez', 'Sofia Márquez')).toBe(true)
    expect(nameMatches('  sofia   MÁRQUEZ ', 'Sofia Márquez')).toBe(true)
    // "á" typed as a plain a followed by a combining acute accent (NFD).
    expect(nameMatches('Sofia Ma\u0301rquez', 'Sofia Márquez')).toBe(true)
  })

  it('refuses anything else: another name, a part of it, a missing accent, nothing', () => {
    expect(nameMatches('Sofia Marquez', 'Sofia Márquez')).toBe(false)
    expect(nameMatches('Sofia', 'Sofia Márquez')).toBe(false)
    expect(nameMatches('Amira Haddad', 'Sofia Márquez')).toBe(false)
    expect(nameMatches('   ', '')).toBe(false)
  })

  it('needs a comment to request changes, and none otherwise', () => {
    const signer = {typedName: 'Li Chen', name: 'Li Chen'}
    expect(canSign('changesRequested', {...signer, comment: ' '})).toBe(false)
    expect(canSign('changesRequested', {...signer, comment: 'Cite it.'})).toBe(true)
    expect(canSign('approved', signer)).toBe(true)
    expect(canSign('approved', {...signer, typedName: 'Li'})).toBe(false)
  })

  it('shows signing times to the second, in UTC', () => {
    expect(formatSigningTime(new Date('2026-11-27T09:05:03.456Z'))).toBe('2026-11-27 09:05:03 UTC')
  })
})

describe('statement previews (§11.50: signer, time and meaning wherever shown)', () => {
  const dataset = readFileSync(join(ROOT, 'content/production.ndjson'), 'utf8')
  const statements = dataset
    .split('\n')
    .filter((line) => line.includes('"_type":"reviewStatement"'))
    .map((line) => JSON.parse(line) as {payload: string})
  const demo = keyringFor('demo')

  it('name the signer from the keyring, with credentials, time and meaning', () => {
    const approval = statements.find((s) => {
      const p = JSON.parse(s.payload)
      return p.kind === 'approved' && p.documentId === 'tumour-synovial-sarcoma'
    })
    expect(statementSummary(approval?.payload, demo)).toEqual({
      title: 'Approved: tumour-synovial-sarcoma',
      subtitle:
        'Li Chen, MD, FRCPath · 2025-06-30 17:45:00 UTC · “I approve this content as medically accurate and complete.”',
    })
  })

  it('do not lend a keyring name to a key the keyring does not know', () => {
    const payload = JSON.parse(statements[0]?.payload ?? '{}')
    const production = keyringFor('production')
    expect(statementSummary(JSON.stringify(payload), production).subtitle).toMatch(
      /^person-\S+ \(key not in the keyring\) · /,
    )
    expect(statementSummary('not json', demo)).toEqual({
      title: 'Unreadable review statement',
      subtitle: 'It counts for nothing.',
    })
  })
})

describe('the Studio workspace (sanity.config.ts, resolved by sanity itself)', () => {
  async function workspace() {
    const [{createMockAuthStore, createSourceFromConfig}, {default: config}, {createClient}] =
      await Promise.all([
        import('sanity'),
        import('../../sanity.config.ts'),
        import('@sanity/client'),
      ])
    const client = createClient({
      projectId: 'oncodemo',
      dataset: 'production',
      apiVersion: '2025-02-19',
      useCdn: false,
    })
    const currentUser = {
      id: 'p1AbCdEf',
      name: 'Amira Haddad',
      email: 'amira@example.org',
      role: 'editor',
      roles: [{name: 'editor', title: 'Editor'}],
    }
    // A mock auth store keeps the workspace offline: nothing here talks to the hosted API.
    return createSourceFromConfig({
      ...config,
      auth: createMockAuthStore({client, currentUser}),
    } as Parameters<typeof createSourceFromConfig>[0])
  }

  const names = (list: {displayName?: string; action?: string}[]) =>
    list.map((item) => item.action ?? item.displayName)

  it('gives tumour and kit pages the signed review actions, and no way around them', async () => {
    const source = await workspace()
    for (const schemaType of ['tumour', 'kitProduct']) {
      const actions = source.document.actions({
        schemaType,
        documentId: 'tumour-leiomyosarcoma',
        releaseId: undefined,
        versionType: 'draft',
      })
      expect(names(actions.slice(0, 4))).toEqual([
        'publish',
        'SubmitForReviewAction',
        'ApproveAction',
        'RequestChangesAction',
      ])
      expect(actions[0]?.displayName).toBe('GuardedPublishAction')
      // The Studio's own Publish and scheduled publishing are gone; the rest stays.
      expect(actions.filter((a) => a.action === 'publish')).toHaveLength(1)
      expect(names(actions)).not.toContain('schedule')
      expect(names(actions)).toEqual(
        expect.arrayContaining(['unpublish', 'duplicate', 'discardChanges', 'delete']),
      )
      const badges = source.document.badges({schemaType, documentId: 'tumour-leiomyosarcoma'})
      expect(badges.map((badge) => badge.displayName)).toEqual(
        expect.arrayContaining(['ReviewStateBadge', 'SignatureBadge']),
      )
    }
  })

  it('keeps review statements read-only and uncreatable by hand', async () => {
    const source = await workspace()
    const actions = source.document.actions({
      schemaType: 'reviewStatement',
      documentId: 'statement-0e26ad540232d0dac862edb37d82b1a6468b06b55fff4da91ffe4c3340f923e7',
      releaseId: undefined,
      versionType: 'published',
    })
    for (const name of ['publish', 'schedule', 'unpublish', 'delete', 'duplicate', 'restore'])
      expect(names(actions)).not.toContain(name)
    expect(source.templates.map((template) => template.schemaType)).not.toContain('reviewStatement')
    const sourceActions = source.document.actions({
      schemaType: 'source',
      releaseId: undefined,
      versionType: 'draft',
    })
    expect(sourceActions.find((a) => a.action === 'publish')?.displayName).not.toBe(
      'GuardedPublishAction',
    )
  })

  it('adds the Signing key tool, and previews statements with keyring names', async () => {
    const source = await workspace()
    expect(source.tools.map((tool) => tool.name)).toContain('signing-key')
    const statement = source.schema.get('reviewStatement') as {
      preview?: {prepare?: (value: Record<string, unknown>) => {title: string}}
    }
    const payload = JSON.stringify({kind: 'published', documentId: 'tumour-x'})
    expect(statement.preview?.prepare?.({payload}).title).toBe('Published: tumour-x')
  })

  it('puts the verified review lists first in the desk, then the statements', async () => {
    const source = await workspace()
    const [{createStructureBuilder}, {structure}] = await Promise.all([
      import('sanity/structure'),
      import('../../studio/structure.ts'),
    ])
    const S = createStructureBuilder({source, perspectiveStack: ['drafts']})
    // biome-ignore lint/suspicious/noExplicitAny: serialized structure nodes are loosely typed
    const serialize = (node: any) => (node?.serialize ? node.serialize({path: []}) : node)
    // biome-ignore lint/suspicious/noExplicitAny: the resolver's context is not used here
    const root = serialize(structure(S, {} as any))
    expect(root.items.map((item: {id: string}) => item.id)).toEqual([
      'review',
      expect.anything(),
      'tumours',
      'kits',
      expect.anything(),
      'sources',
    ])
    const review = serialize(root.items[0].child)
    const lists = review.items
      .filter((item: {type: string}) => item.type !== 'divider')
      .map((item: {id: string; child: unknown}) => {
        const child = serialize(item.child)
        return [item.id, child.type, child.options?.category ?? child.options?.filter]
      })
    expect(lists).toEqual([
      ['awaiting-review', 'component', 'awaitingReview'],
      ['changes-requested', 'component', 'changesRequested'],
      ['overdue', 'component', 'overdue'],
      ['published-without-approval', 'component', 'publishedWithoutApproval'],
      ['published-differs', 'component', 'publishedDiffers'],
      ['shown-changed', 'component', 'shownChanged'],
      ['approved-not-published', 'component', 'approvedNotPublished'],
      ['drafts-in-progress', 'component', 'draftsInProgress'],
      ['signature-problems', 'component', 'signatureProblems'],
      ['review-statements', 'documentList', '_type == $type'],
    ])
    const statements = serialize(review.items.at(-1).child)
    expect(statements.options.params).toEqual({type: 'reviewStatement'})
    expect(statements.initialValueTemplates).toEqual([])
  })
})
