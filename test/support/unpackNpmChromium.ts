/**
 * Child process of npmChromium.ts: @sparticuz/chromium unpacks into os.tmpdir(), so the parent
 * runs this with TMPDIR set to a private staging folder rather than changing its own TMPDIR.
 */
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import chromium, {inflate} from '@sparticuz/chromium'

// The browser, its fonts and SwiftShader.
await chromium.executablePath()
// The libraries Chromium links against (NSS, NSPR, expat): the package unpacks them only on Amazon
// Linux, but a fresh Debian lacks them too, so they are always unpacked (into al2023/lib).
const bin = join(dirname(fileURLToPath(import.meta.resolve('@sparticuz/chromium'))), '..', 'bin')
await inflate(join(bin, 'al2023.tar.br'))
