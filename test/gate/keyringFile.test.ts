import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {
  DEMO_KEYRING,
  defaultKeyringFor,
  loadKeyring,
  PRODUCTION_KEYRING,
} from '../../pipeline/gate/keyringFile.ts'
import {tempDir} from '../support/exportHarness.ts'

// biome-ignore lint/suspicious/noExplicitAny: keyrings are changed field by field
type Json = Record<string, any>
const demo = (): Json => JSON.parse(readFileSync(DEMO_KEYRING, 'utf8'))
const load = (keyring: Json) => {
  const path = join(tempDir('keyring-'), 'keyring.json')
  writeFileSync(path, JSON.stringify(keyring))
  return loadKeyring(path)
}

describe('the reviewer keyring', () => {
  it('loads the demo and the production keyring, and names them by their path in the repository', async () => {
    expect((await loadKeyring(DEMO_KEYRING)).path).toBe('review/demo-keyring.json')
    const production = await loadKeyring(PRODUCTION_KEYRING)
    expect(production.keyring).toEqual({purpose: 'production', people: []})
  })

  it('is chosen by the source: demo only for the embedded dataset', () => {
    expect(defaultKeyringFor('content/production.ndjson')).toBe(DEMO_KEYRING)
    expect(defaultKeyringFor('/tmp/backup.ndjson')).toBe(PRODUCTION_KEYRING)
    expect(defaultKeyringFor('content/../elsewhere.ndjson')).toBe(PRODUCTION_KEYRING)
    expect(defaultKeyringFor(undefined)).toBe(PRODUCTION_KEYRING)
  })

  it('refuses a key id that is not its key’s thumbprint (a kid cannot name another key)', async () => {
    const keyring = demo()
    keyring.people[0].keys[0].kid = keyring.people[1].keys[0].kid
    await expect(load(keyring)).rejects.toThrow(/not the key's RFC 7638 thumbprint|listed twice/)
    const other = demo()
    other.people[0].keys[0].publicKey = other.people[1].keys[0].publicKey
    await expect(load(other)).rejects.toThrow(/not the key's RFC 7638 thumbprint/)
  })

  it('refuses what the schema does not allow, with the place', async () => {
    const role = demo()
    role.people[0].roles.push('editor')
    await expect(load(role)).rejects.toThrow(
      /does not match review\/keyring.schema.json: \/people\/0\/roles\/2/,
    )
    const extra = demo()
    extra.people[0].isAdmin = true
    await expect(load(extra)).rejects.toThrow(/must NOT have additional properties/)
  })

  it('checks ORCID check digits, key periods and duplicate people', async () => {
    const orcid = demo()
    orcid.people[0].orcid = '0000-0002-1825-0098'
    await expect(load(orcid)).rejects.toThrow(/wrong check digit/)
    const period = demo()
    period.people[0].keys[0].notAfter = '2024-01-01T00:00:00.000Z'
    await expect(load(period)).rejects.toThrow(/notBefore must be before notAfter/)
    const twice = demo()
    twice.people.push(twice.people[0])
    await expect(load(twice)).rejects.toThrow(/listed twice/)
    const x = demo()
    x.people[0].orcid = '0000-0002-9079-593X'
    await expect(load(x)).resolves.toBeDefined()
  })

  it('has a fingerprint that changes with any trusted field, not with the note', async () => {
    const base = await load(demo())
    const noted = demo()
    noted.note = 'another note'
    expect((await load(noted)).fingerprint).toBe(base.fingerprint)
    const renamed = demo()
    renamed.people[0].credentials = ['MD']
    expect((await load(renamed)).fingerprint).not.toBe(base.fingerprint)
  })
})
