import {createReadStream, existsSync, readFileSync, statSync} from 'node:fs'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {extname, join, normalize, sep} from 'node:path'

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
}

export interface ServeOptions {
  /** A string replaced in every JavaScript file served (the Studio's stand-in API host). */
  replace?: {from: string; to: string}
}

/** Serves a folder on 127.0.0.1; unknown paths fall back to index.html, as a SPA host does. */
export async function serveStatic(
  root: string,
  {replace}: ServeOptions = {},
): Promise<{url: string; server: Server}> {
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    let file = normalize(join(root, pathname))
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(403).end()
      return
    }
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html')
    res.writeHead(200, {'content-type': types[extname(file)] ?? 'application/octet-stream'})
    if (replace && file.endsWith('.js')) {
      res.end(readFileSync(file, 'utf8').replaceAll(replace.from, replace.to))
    } else {
      createReadStream(file).pipe(res)
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return {url: `http://127.0.0.1:${port}`, server}
}
