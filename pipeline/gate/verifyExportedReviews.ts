import {readFile} from 'node:fs/promises'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import type {ExportedStatement, PageReview} from '../types.ts'
import {canonicalJson} from '../workflow/canonical.ts'
import {checkStatement, type ValidStatement} from '../workflow/checkStatement.ts'
import {findPerson, type Keyring} from '../workflow/keyring.ts'
import {STATEMENT_TYPE} from '../workflow/statement.ts'
import {readManifest} from '../write/manifest.ts'
import {loadKeyring} from './keyringFile.ts'
import {nodeLedgerCrypto} from './nodeCrypto.ts'

const REPOSITORY = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** A page file as the export wrote it: its id and the review it shows. */
interface PageFile {
  id: string
  review?: PageReview
}

/**
 * Checks what a site would check downstream: review/keys.json is the keyring, and every page's
 * statements are validly signed by it and release the page under four eyes (a submission, an
 * approval by another person who is a medical reviewer, a publication of the same content hash),
 * with the facts the page shows matching them. Returns one line per problem.
 */
export async function verifyExportedReviews(
  dir: string,
  pages: readonly string[],
  keyring: Keyring,
): Promise<string[]> {
  const problems: string[] = []
  const keys = await readFile(join(dir, 'review/keys.json'), 'utf8').catch(() => undefined)
  if (keys === undefined) problems.push('review/keys.json: missing; the export trusted no keyring.')
  else if (canonicalJson(JSON.parse(keys)) !== canonicalJson(keyring))
    problems.push('review/keys.json: differs from the keyring it is checked against.')
  for (const path of pages) {
    const page = JSON.parse(await readFile(join(dir, path), 'utf8')) as PageFile
    for (const problem of await pageProblems(page, keyring)) problems.push(`${path}: ${problem}`)
  }
  return problems
}

async function pageProblems(page: PageFile, keyring: Keyring): Promise<string[]> {
  const statements = page.review?.statements ?? []
  if (statements.length === 0)
    return ['no review statements: the page was not released by a signed review.']
  const crypto = nodeLedgerCrypto()
  const valid: ValidStatement[] = []
  const problems: string[] = []
  for (const s of statements) {
    const checked = await checkStatement(asDocument(s, page.id), keyring, crypto, {
      closureRequired: false,
    })
    if (checked.ok) valid.push(checked.statement)
    else problems.push(checked.failure.message)
  }
  return [...problems, ...releaseProblems(page, valid, keyring)]
}

const asDocument = (s: ExportedStatement, pageId: string) => ({
  _id: s.id,
  _type: STATEMENT_TYPE,
  document: {_type: 'reference', _ref: pageId, _weak: true},
  payload: s.payload,
  signature: s.signature,
})

/** The four-eyes release, read from the statements a page carries. */
function releaseProblems(page: PageFile, valid: ValidStatement[], keyring: Keyring): string[] {
  const of = (kind: string) => valid.filter((s) => s.payload.kind === kind)
  const published = of('published').at(-1)
  const hash = published?.payload.contentHash
  const approval = of('approved').find((a) => a.payload.contentHash === hash)
  if (!published || !approval) return ['no valid approval and publication of the same content.']
  const submitted = of('submitted').filter(
    (s) => s.payload.contentHash === hash && s.payload.signedAt <= approval.payload.signedAt,
  )
  const problems: string[] = []
  if (submitted.length === 0) problems.push('the approved content was never submitted for review.')
  if (submitted.some((s) => s.payload.signer === approval.payload.signer))
    problems.push(`approved by its own submitter (${approval.payload.signer}).`)
  if (approval.payload.signedAt > published.payload.signedAt)
    problems.push('published before it was approved.')
  if (page.review?.contentHash !== hash)
    problems.push('the content hash shown is not the one approved.')
  const approver = findPerson(keyring, approval.payload.signer)
  if (page.review?.approvedBy?.name !== approver?.name)
    problems.push(
      `shows ${page.review?.approvedBy?.name ?? 'no one'} as approver, but ${approver?.name ?? approval.payload.signer} signed.`,
    )
  return problems
}

/**
 * The signature check of `--verify`: against the keyring given, else the one the manifest says
 * the export trusted (a path inside this repository). Exports made without the gate have none.
 */
export async function verifyReviewsIn(dir: string, keyringPath?: string): Promise<string[]> {
  const manifest = await readManifest(dir)
  if (!manifest?.keyring) return []
  const path = keyringPath ?? resolve(REPOSITORY, manifest.keyring.path)
  let keyring: Keyring
  try {
    keyring = (await loadKeyring(path)).keyring
  } catch (error) {
    return [`cannot check the signatures: ${(error as Error).message}`]
  }
  const pages = manifest.files
    .map((f) => f.path)
    .filter((p) => /^json\/(tumours|kits)\/[^/]+\.json$/.test(p))
  return verifyExportedReviews(dir, pages, keyring)
}
