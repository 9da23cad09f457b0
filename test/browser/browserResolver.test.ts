import {chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {delimiter, join} from 'node:path'
import {afterAll, describe, expect, it, vi} from 'vitest'
import {
  type BrowserCandidate,
  defaultSearch,
  findBrowser,
  findOnPath,
  NO_BROWSER_HELP,
  probeBrowser,
  resolveBrowser,
} from '../support/browser.ts'
import {tempDir} from '../support/exportHarness.ts'

const root = tempDir('browser-resolver-')
afterAll(() => rmSync(root, {recursive: true, force: true}))

/** Writes a shell script standing in for a browser; `mode` 0o644 makes it non-executable. */
function fake(path: string, body: string, mode = 0o755): string {
  const file = join(root, path)
  mkdirSync(join(file, '..'), {recursive: true})
  writeFileSync(file, `#!/bin/sh\n${body}\n`)
  chmodSync(file, mode)
  return file
}

const good = (path: string, version = 'Chromium 999.0.1.2') => fake(path, `echo "${version}"`)
const failing = (path: string) => fake(path, 'echo "cannot open display" >&2\nexit 1')
// It leaves a grandchild holding stdout open, as a stuck wrapper script would.
const hanging = (path: string) => fake(path, 'sleep 300 &\necho $! > "$0.pid"\nwait')
const candidate = (
  executablePath: string,
  env = {},
  source: BrowserCandidate['source'] = 'CHROMIUM_PATH',
): BrowserCandidate => ({source, executablePath, env})

/** True while the process exists and is not a zombie waiting for its parent. */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    return false
  }
}

describe('a candidate counts only if it is an executable file that starts', () => {
  it('accepts a file whose --version names Chromium or Chrome, and returns the version', async () => {
    await expect(probeBrowser(candidate(good('ok/chromium')), 5000)).resolves.toBe(
      'Chromium 999.0.1.2',
    )
    const chrome = good('ok/google-chrome', 'Google Chrome 140.0.7339.80 ')
    await expect(probeBrowser(candidate(chrome), 5000)).resolves.toBe('Chrome 140.0.7339.80')
  })

  it('rejects a missing file, a folder and a file without the executable bit', async () => {
    const notExecutable = fake('noexec/chromium', 'echo "Chromium 1.2.3"', 0o644)
    mkdirSync(join(root, 'folder/chromium'), {recursive: true})
    for (const path of [join(root, 'missing'), join(root, 'folder/chromium'), notExecutable]) {
      await expect(probeBrowser(candidate(path), 5000)).rejects.toThrow(
        `${path} is not an executable file`,
      )
    }
  })

  it('rejects a file that exits with an error, quoting its first line of stderr', async () => {
    const file = failing('fails/chromium')
    await expect(probeBrowser(candidate(file), 5000)).rejects.toThrow(
      `${file} --version exited with code 1: cannot open display`,
    )
  })

  it('rejects a file that cannot be executed at all', async () => {
    const file = join(root, 'garbage/chromium')
    mkdirSync(join(file, '..'), {recursive: true})
    writeFileSync(file, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0]), {mode: 0o755})
    await expect(probeBrowser(candidate(file), 5000)).rejects.toThrow(file)
  })

  it('rejects a file that starts but is no browser', async () => {
    const file = fake('quiet/chromium', 'echo "hello"')
    await expect(probeBrowser(candidate(file), 5000)).rejects.toThrow(
      `${file} --version printed no Chromium or Chrome version: "hello"`,
    )
  })

  it('gives up on a file that hangs, and kills what it started', async () => {
    const file = hanging('hangs/chromium')
    await expect(probeBrowser(candidate(file), 500)).rejects.toThrow(
      `${file} did not answer --version within 500 ms`,
    )
    const grandchild = Number(readFileSync(`${file}.pid`, 'utf8'))
    await vi.waitFor(() => expect(isRunning(grandchild)).toBe(false))
  })

  it("starts the candidate with the candidate's own environment", async () => {
    const file = fake('env/chromium', '[ "$FAKE_LIBS" = here ] || exit 127\necho "Chromium 7.0.0"')
    await expect(probeBrowser(candidate(file), 5000)).rejects.toThrow('code 127')
    await expect(probeBrowser(candidate(file, {FAKE_LIBS: 'here'}), 5000)).resolves.toBe(
      'Chromium 7.0.0',
    )
  })
})

describe('the search order: CHROMIUM_PATH, then PATH, then npm, then an error', () => {
  const npmGood = () => vi.fn(async () => candidate(good('npm/chromium'), {}, 'npm'))

  it('takes a working CHROMIUM_PATH first and never unpacks the npm browser', async () => {
    const npm = npmGood()
    const env = {CHROMIUM_PATH: good('env1/my-chrome'), PATH: join(root, 'path1')}
    good('path1/chromium')
    const browser = await findBrowser(defaultSearch(env, npm), 5000)
    expect(browser).toMatchObject({source: 'CHROMIUM_PATH', executablePath: env.CHROMIUM_PATH})
    expect(npm).not.toHaveBeenCalled()
  })

  it('passes over a CHROMIUM_PATH that fails and system browsers that hang, saying why', async () => {
    const dirs = ['path2a', 'path2b', 'path2c'].map((dir) => join(root, dir))
    fake('path2a/chromium', 'echo "Chromium 1.0.0"', 0o644) // not executable: not on PATH
    hanging('path2b/chromium-browser')
    const chrome = good('path2c/google-chrome', 'Google Chrome 140.0.1.2')
    const env = {CHROMIUM_PATH: failing('env2/chromium'), PATH: dirs.join(delimiter)}
    const npm = npmGood()
    const browser = await findBrowser(defaultSearch(env, npm), 500)
    expect(browser).toMatchObject({source: 'system', executablePath: chrome})
    expect(browser.skipped).toEqual([
      {source: 'CHROMIUM_PATH', reason: expect.stringContaining('exited with code 1')},
      {source: 'system', reason: expect.stringContaining('path2b/chromium-browser did not answer')},
    ])
    expect(npm).not.toHaveBeenCalled()
  })

  it('falls back to the npm browser when there is no other', async () => {
    const npm = npmGood()
    const browser = await findBrowser(defaultSearch({PATH: join(root, 'empty')}, npm), 5000)
    expect(browser.source).toBe('npm')
    expect(browser.skipped.map(({reason}) => reason)).toEqual([
      'CHROMIUM_PATH is not set',
      'none of chromium, chromium-browser, google-chrome-stable, google-chrome is an executable file on PATH',
    ])
    expect(npm).toHaveBeenCalledOnce()
  })

  it('fails with every reason, in order, and the three ways to fix it', async () => {
    const env = {CHROMIUM_PATH: join(root, 'nowhere/chromium'), PATH: join(root, 'path3')}
    failing('path3/chromium')
    const npm = async (): Promise<BrowserCandidate> => {
      throw new Error('@sparticuz/chromium is not installed (`npm ci` installs it)')
    }
    const error = await findBrowser(defaultSearch(env, npm), 5000).catch((e: Error) => e)
    expect((error as Error).message).toBe(
      [
        'No browser for the browser tests. Tried, in order:',
        `  - CHROMIUM_PATH: ${env.CHROMIUM_PATH} is not an executable file`,
        `  - system: ${join(root, 'path3/chromium')} --version exited with code 1: cannot open display`,
        '  - npm: @sparticuz/chromium is not installed (`npm ci` installs it)',
        NO_BROWSER_HELP,
      ].join('\n'),
    )
    expect(NO_BROWSER_HELP).toMatch(/1\. set CHROMIUM_PATH/)
    expect(NO_BROWSER_HELP).toMatch(/2\. install Chromium or Chrome on PATH/)
    expect(NO_BROWSER_HELP).toMatch(/3\. run `npm ci`: it installs the devDependency @sparticuz/)
  })

  it('rejects an npm browser that does not start, too', async () => {
    const npm = async () => candidate(failing('npm-bad/chromium'), {}, 'npm')
    await expect(findBrowser(defaultSearch({PATH: ''}, npm), 5000)).rejects.toThrow(
      /- npm: .*npm-bad\/chromium --version exited with code 1/,
    )
  })

  it('finds each name on PATH in PATH order, in the order of the names', async () => {
    good('path4a/google-chrome')
    good('path4b/chromium')
    good('path4c/chromium')
    const path = ['path4a', 'path4b', 'path4c'].map((dir) => join(root, dir)).join(delimiter)
    await expect(findOnPath(['chromium', 'google-chrome'], path)).resolves.toEqual([
      join(root, 'path4b/chromium'),
      join(root, 'path4a/google-chrome'),
    ])
  })

  it('searches once per process', async () => {
    const first = resolveBrowser()
    expect(resolveBrowser()).toBe(first)
    await expect(first).resolves.toMatchObject({version: expect.stringMatching(/Chrom/)})
  })
})
