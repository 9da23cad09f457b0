import {execFileSync} from 'node:child_process'
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  unlinkSync,
} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import type {SanityDoc} from '../../pipeline/types.ts'
import {verifyExport} from '../../pipeline/write/checkFiles.ts'
import {WriteError} from '../../pipeline/write/writeExport.ts'
import {validDataset} from '../fixtures/validDataset.ts'
import {exportDocs, snapshot, tempDir} from '../support/exportHarness.ts'

const PAGE = 'json/tumours/leiomyosarcoma.json'

/** The valid dataset with one word of the leiomyosarcoma summary changed. */
function edited(word: string): SanityDoc[] {
  const docs = validDataset() as (SanityDoc & {summary?: string})[]
  const tumour = docs.find((d) => d._id === 'tumour-leiomyosarcoma')
  if (tumour) tumour.summary = `${tumour.summary} ${word}`
  return docs
}

describe('a symbolic link as --out', () => {
  it('is kept, and every export updates the folder it points to', async () => {
    const dir = tempDir('symlink-out-')
    mkdirSync(join(dir, 'releases'))
    mkdirSync(join(dir, 'site'))
    const target = join(dir, 'releases', 'export')
    const link = join(dir, 'site', 'data')
    mkdirSync(target)
    symlinkSync('../releases/export', link)
    for (const word of ['first', 'second']) {
      await exportDocs(edited(word), link)
      expect(lstatSync(link).isSymbolicLink()).toBe(true)
      expect(readlinkSync(link)).toBe('../releases/export')
      expect(JSON.parse(readFileSync(join(target, PAGE), 'utf8')).summary).toMatch(
        new RegExp(`${word}$`),
      )
      expect(await verifyExport(link)).toEqual([])
    }
    // The lock and the staging folder live beside the real folder, none beside the link.
    expect(readdirSync(join(dir, 'site')).sort()).toEqual(['data', 'data.dataset'])
    expect(readdirSync(join(dir, 'releases')).sort()).toEqual(['export'])
  })

  it('to nothing is refused, and nothing is made', async () => {
    const dir = tempDir('symlink-out-')
    symlinkSync(join(dir, 'gone'), join(dir, 'out'))
    await expect(exportDocs(validDataset(), join(dir, 'out'))).rejects.toThrow(
      new WriteError(
        `${join(dir, 'out')} is a symbolic link to ${join(dir, 'gone')}, which does not exist (ENOENT). Create that folder or choose another output folder; nothing was changed.`,
      ),
    )
    expect(readdirSync(dir).sort()).toEqual(['out', 'out.dataset'])
  })
})

describe('symbolic links planted inside an export', () => {
  it('are found by --verify: an extra link, a listed file made a link, a linked folder', async () => {
    const out = join(tempDir('planted-'), 'out')
    await exportDocs(validDataset(), out)
    symlinkSync('/etc/passwd', join(out, 'json/extra.json'))
    const page = join(out, PAGE)
    renameSync(page, join(out, '..', 'moved.json'))
    symlinkSync(join(out, '..', 'moved.json'), page) // the same bytes, behind a link
    const kits = join(out, 'json/kits')
    renameSync(kits, join(out, '..', 'kits'))
    symlinkSync(join(out, '..', 'kits'), kits)
    execFileSync('mkfifo', [join(out, 'json/pipe.json')]) // must not hang the check
    expect(await verifyExport(out)).toEqual([
      'json/extra.json: a symbolic link to /etc/passwd, not a file.',
      `json/kits/oncoprofile-sarcoma-panel.json: in a folder that is missing or is a symbolic link.`,
      `json/kits: a symbolic link to ${join(out, '..', 'kits')}, not a file.`,
      'json/pipe.json: not a regular file.',
      `${PAGE}: a symbolic link to ${join(out, '..', 'moved.json')}, not a file.`,
    ])
  })

  it('are not carried into the next export: it writes plain files and folders again', async () => {
    const out = join(tempDir('planted-'), 'out')
    await exportDocs(validDataset(), out)
    const good = await snapshot(out)
    const page = join(out, PAGE)
    const outside = join(out, '..', 'outside.json')
    renameSync(page, outside)
    symlinkSync(outside, page)
    const kits = join(out, 'json/kits')
    renameSync(kits, join(out, '..', 'kits'))
    symlinkSync(join(out, '..', 'kits'), kits)
    const report = await exportDocs(validDataset(), out)
    expect(report.files?.damaged?.map((d) => d.path).sort()).toEqual([
      'json/kits/oncoprofile-sarcoma-panel.json',
      PAGE,
    ])
    expect(lstatSync(page).isFile()).toBe(true)
    expect(lstatSync(kits).isDirectory()).toBe(true)
    expect(await verifyExport(out)).toEqual([])
    expect(await snapshot(out)).toEqual(good)
    // Nothing outside was linked in: editing it leaves the export as it is.
    unlinkSync(outside)
    rmSync(join(out, '..', 'kits'), {recursive: true})
    expect(await verifyExport(out)).toEqual([])
  })
})
