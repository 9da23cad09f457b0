import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {runExport} from '../../pipeline/exportDataset.ts'
import {DEMO_KEYRING} from '../../pipeline/gate/keyringFile.ts'
import {verifyReviewsIn} from '../../pipeline/gate/verifyExportedReviews.ts'
import {sha256} from '../../pipeline/hash.ts'
import {verifyExport} from '../../pipeline/write/checkFiles.ts'
import {cacheEntries, forgeCache} from '../support/exportCache.ts'
import {runCli} from '../support/exportHarness.ts'
import {
  AMIRA,
  byId,
  type Doc,
  embedded,
  exportSigned,
  JONAS,
  signSteps,
} from '../support/signedDataset.ts'

const PANCREAS = 'tumour-pancreatic-ductal-adenocarcinoma'
const PAGE = 'json/tumours/pancreatic-ductal-adenocarcinoma.json'

/** A release of the never-approved pancreas page whose approval signature is broken. */
async function brokenRelease(docs: Doc[]): Promise<Doc[]> {
  const steps = await signSteps(docs, byId(docs, PANCREAS), [
    {kind: 'submitted', by: JONAS, at: '2026-11-25T09:00:00.000Z'},
    {kind: 'approved', by: AMIRA, at: '2026-11-25T10:00:00.000Z'},
    {kind: 'published', by: JONAS, at: '2026-11-25T11:00:00.000Z'},
  ])
  const approval = steps[1] as Doc
  const signature = String(approval.signature)
  approval.signature = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`
  return steps
}

/**
 * The caches live in the output folder, which the threat model trusts like the build machine:
 * someone who can write there (not just to the dataset) can record a forged verdict. These
 * tests pin down what still stops them: --verify re-checks every exported signature, and
 * --repair trusts no cache.
 */
describe('a statement verdict forged in the output folder’s cache', () => {
  it('is caught by --verify, and --repair checks every signature again', async () => {
    const docs = embedded()
    docs.push(...(await brokenRelease(docs)))
    const {out, report} = await exportSigned(docs)
    expect(existsSync(join(out, PAGE))).toBe(false)
    expect(report.issues.map((i) => i.code)).toContain('bad-signature')
    // Every statement line of the source recorded as valid, with the manifest made to match.
    const lines = readFileSync(`${out}.dataset/data.ndjson`, 'utf8').split('\n').filter(Boolean)
    const forged = forgeCache(out, 'statement-verdicts', (entries) => {
      for (const line of lines) {
        const doc = JSON.parse(line) as Doc
        if (doc._type === 'reviewStatement') entries[sha256(line)] = sha256(doc.payload)
      }
    })
    expect(forged).toBe(1)
    expect(await verifyExport(out)).toEqual([])
    // Committed (as content-export/ is), the forged shard fails CI's --check: a fresh export differs.
    const check = await runCli('scripts/export.ts', [
      ...['--source', `${out}.dataset/data.ndjson`, '--out', out, '--check'],
      ...['--keyring', DEMO_KEYRING],
    ])
    expect(check.code).toBe(1)
    expect(check.stdout).toMatch(/changed: \.cache\/statement-verdicts-[0-9a-f]{16}\/all\.json/)
    const source = {kind: 'ndjson' as const, path: `${out}.dataset/data.ndjson`}
    const options = {source, outDir: out, perspective: 'published' as const, strict: false}
    await runExport({...options, keyring: DEMO_KEYRING})
    // The build trusted its cache, but the signatures shipped with the page do not verify.
    expect(existsSync(join(out, PAGE))).toBe(true)
    expect((await verifyReviewsIn(out)).join('\n')).toMatch(/pancreatic-ductal-adenocarcinoma/)
    const repaired = await runExport({...options, keyring: DEMO_KEYRING, repair: true})
    expect(existsSync(join(out, PAGE))).toBe(false)
    expect(repaired.issues.map((i) => i.code)).toContain('bad-signature')
    expect(await verifyReviewsIn(out)).toEqual([])
    // The repaired cache holds only what was checked: the broken approval is not in it.
    const approval = lines.find((l) => l.includes('"kind\\":\\"approved') && l.includes(PANCREAS))
    expect(approval).toBeDefined()
    expect(cacheEntries(out, 'statement-verdicts')[sha256(approval as string)]).toBeUndefined()
  })
})
