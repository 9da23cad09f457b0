import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import type {StatementKind} from '../../pipeline/workflow/statement.ts'
import {AMIRA, hashOf, JONAS, judge, LI, SOFIA, signer} from '../support/ledger.ts'

/**
 * Random review histories, valid and broken, against the gate's rules. The oracle is a plain
 * reading of the rules over the steps as signed, in order: a history counts up to its first
 * statement that is not valid (bad signature, a role the signer lacks, another page, signed
 * before the step it follows); from there on, what is released is the content last published
 * after an approval of it by a medical reviewer who did not submit it, with no request for
 * changes to that content in between.
 */
const ROLES: Record<string, string[]> = {
  [AMIRA]: ['medicalReviewer', 'publisher'],
  [JONAS]: ['writer', 'publisher'],
  [LI]: ['writer', 'medicalReviewer', 'publisher'],
  [SOFIA]: ['writer', 'publisher'],
}
const NEEDS: Record<StatementKind, string> = {
  submitted: 'writer',
  approved: 'medicalReviewer',
  changesRequested: 'medicalReviewer',
  published: 'publisher',
}
const CONTENTS = ['{"v":"A"}', '{"v":"B"}', '{"v":"C"}']
const PAGE = 'tumour-leiomyosarcoma'

type Fault = 'none' | 'signature' | 'otherPage' | 'backdated'
interface Step {
  kind: StatementKind
  by: string
  content: number
  fault: Fault
}

const step = fc.record({
  kind: fc.constantFrom<StatementKind>('submitted', 'approved', 'changesRequested', 'published'),
  by: fc.constantFrom(AMIRA, JONAS, LI, SOFIA),
  content: fc.integer({min: 0, max: 2}),
  fault: fc.oneof(
    {weight: 12, arbitrary: fc.constant<Fault>('none')},
    {weight: 1, arbitrary: fc.constantFrom<Fault>('signature', 'otherPage', 'backdated')},
  ),
})

/** A submission, an approval and a publication of one content, as the Studio makes them. */
const release = fc
  .record({
    content: fc.integer({min: 0, max: 2}),
    writer: fc.constantFrom(JONAS, LI, SOFIA),
    reviewer: fc.constantFrom(AMIRA, LI),
    publisher: fc.constantFrom(AMIRA, JONAS, LI, SOFIA),
    faults: fc.array(
      step.map((s) => s.fault),
      {minLength: 3, maxLength: 3},
    ),
  })
  .map(({content, writer, reviewer, publisher, faults}): Step[] => [
    {kind: 'submitted', by: writer, content, fault: faults[0] as Fault},
    {kind: 'approved', by: reviewer, content, fault: faults[1] as Fault},
    {kind: 'published', by: publisher, content, fault: faults[2] as Fault},
  ])
const history = fc
  .array(
    fc.oneof(
      step.map((s) => [s]),
      release,
    ),
    {minLength: 1, maxLength: 5},
  )
  .map((parts) => parts.flat())

function oracle(steps: Step[]): {content: number; approver: string} | undefined {
  const submitters = new Map<number, Set<string>>()
  const decision = new Map<number, {kind: StatementKind; by: string}>()
  let released: {content: number; approver: string} | undefined
  for (const [i, s] of steps.entries()) {
    // A first statement follows nothing, so no time can be before the one it follows.
    const fault = s.fault === 'backdated' && i === 0 ? 'none' : s.fault
    if (fault !== 'none' || !ROLES[s.by]?.includes(NEEDS[s.kind])) break
    const who = submitters.get(s.content) ?? new Set<string>()
    if (s.kind === 'submitted') submitters.set(s.content, who.add(s.by))
    else if (s.kind === 'changesRequested') decision.set(s.content, {kind: s.kind, by: s.by})
    else if (s.kind === 'approved') {
      if (who.size > 0 && !who.has(s.by)) decision.set(s.content, {kind: s.kind, by: s.by})
    } else {
      const d = decision.get(s.content)
      if (d?.kind === 'approved') released = {content: s.content, approver: d.by}
    }
  }
  return released
}

async function signed(steps: Step[]) {
  const docs = []
  let previous: string | null = null
  let minute = 0
  for (const s of steps) {
    minute += s.fault === 'backdated' ? -5 : 1
    const at = new Date(Date.UTC(2026, 6, 1, 12, 0) + minute * 60_000).toISOString()
    const content = CONTENTS[s.content] as string
    const decision = s.kind === 'approved' || s.kind === 'changesRequested'
    const doc = await signer.statement({
      kind: s.kind,
      documentId: s.fault === 'otherPage' ? 'tumour-melanoma' : PAGE,
      documentType: 'tumour',
      contentHash: hashOf(content),
      signer: s.by,
      signedAt: at,
      previous,
      ...(s.kind === 'approved' ? {scope: 'full' as const, reviewIntervalMonths: 12} : {}),
      ...(s.kind === 'changesRequested' ? {comment: 'Cite a source.'} : {}),
      ...(decision ? {closure: content} : {}),
    })
    previous = doc._id.slice('statement-'.length)
    const filed = s.fault === 'otherPage' ? {...doc, document: {...doc.document, _ref: PAGE}} : doc
    const flipped = `${doc.signature.startsWith('A') ? 'B' : 'A'}${doc.signature.slice(1)}`
    docs.push(s.fault === 'signature' ? {...filed, signature: flipped} : filed)
  }
  return docs
}

describe('the gate on random histories', () => {
  it('releases exactly what the rules release, whatever the order and the faults', async () => {
    let released = 0
    await fc.assert(
      fc.asyncProperty(history, async (steps) => {
        const expected = oracle(steps)
        const {evaluation} = await judge(PAGE, await signed(steps))
        const release = evaluation.release
        if (expected) released++
        expect(release?.published.payload.contentHash ?? null).toBe(
          expected ? hashOf(CONTENTS[expected.content] as string) : null,
        )
        expect(release?.approval.payload.signer ?? null).toBe(expected?.approver ?? null)
      }),
      {numRuns: 400},
    )
    // The generator reaches releases often enough for the property to mean something.
    expect(released).toBeGreaterThan(100)
  })
})
