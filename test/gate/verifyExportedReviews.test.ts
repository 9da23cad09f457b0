import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {loadKeyring} from '../../pipeline/gate/keyringFile.ts'
import {verifyExportedReviews, verifyReviewsIn} from '../../pipeline/gate/verifyExportedReviews.ts'
import type {Keyring} from '../../pipeline/workflow/keyring.ts'
import {runCli} from '../support/exportHarness.ts'
import {embedded, exportSigned, SOFIA, signer} from '../support/signedDataset.ts'

const PAGE = 'json/tumours/leiomyosarcoma.json'
let out = ''
let keyring: Keyring
const page = () => JSON.parse(readFileSync(join(out, PAGE), 'utf8'))
const save = (json: unknown) => writeFileSync(join(out, PAGE), JSON.stringify(json))

/** Each attack edits one exported page (as someone with write access to the output would) and is undone. */
// biome-ignore lint/suspicious/noExplicitAny: an exported page is edited field by field
async function attack(edit: (json: Record<string, any>) => void): Promise<string[]> {
  const original = readFileSync(join(out, PAGE), 'utf8')
  const json = page()
  edit(json)
  save(json)
  try {
    return await verifyExportedReviews(out, [PAGE], keyring)
  } finally {
    writeFileSync(join(out, PAGE), original)
  }
}

beforeAll(async () => {
  ;({out} = await exportSigned(embedded()))
  keyring = (await loadKeyring('review/demo-keyring.json')).keyring
})

describe('verifying an export downstream', () => {
  it('finds nothing wrong with a fresh export', async () => {
    expect(await verifyReviewsIn(out)).toEqual([])
  })

  it('notices an edited statement, a forged approver and missing statements', async () => {
    const edited = await attack((json) => {
      const s = json.review.statements[1]
      s.payload = s.payload.replace('"signedAt":"2026-10-12T16:05', '"signedAt":"2026-10-12T16:06')
    })
    expect(edited.join('\n')).toMatch(/the signature does not match key \S+ of person-li-chen/)
    expect(
      await attack((json) => {
        json.review.approvedBy.name = 'Dr Mallory'
      }),
    ).toEqual([`${PAGE}: shows Dr Mallory as approver, but Li Chen signed.`])
    expect(
      await attack((json) => {
        json.review.statements = []
      }),
    ).toEqual([`${PAGE}: no review statements: the page was not released by a signed review.`])
  })

  it("notices a writer's approval put in place of the reviewer's", async () => {
    const problems = await attack(async () => {})
    expect(problems).toEqual([])
    const json = page()
    const approved = JSON.parse(json.review.statements[1].payload)
    const forged = await signer.statement({...approved, signer: SOFIA, keyId: undefined})
    json.review.statements[1] = {
      id: forged._id,
      payload: forged.payload,
      signature: forged.signature,
    }
    save(json)
    const found = await verifyExportedReviews(out, [PAGE], keyring)
    expect(found.join('\n')).toMatch(/of person-sofia-marquez, who is not a medical reviewer/)
  })

  it('notices a key added to review/keys.json, and fails the CLI with exit 1', async () => {
    const keysPath = join(out, 'review/keys.json')
    const keys = JSON.parse(readFileSync(keysPath, 'utf8'))
    keys.people[0].keys.push({...keys.people[0].keys[0], kid: 'x'.repeat(43)})
    writeFileSync(keysPath, JSON.stringify(keys))
    expect(await verifyReviewsIn(out)).toContain(
      'review/keys.json: differs from the keyring it is checked against.',
    )
    const cli = await runCli('scripts/export.ts', ['--verify', out])
    expect(cli.code).toBe(1)
    expect(cli.stdout).toContain('review/keys.json: differs from the keyring')
  })
})
