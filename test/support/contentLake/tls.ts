import {readFileSync} from 'node:fs'
import {getCACertificates, setDefaultCACertificates} from 'node:tls'

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')

/** TEST ONLY: a self-signed certificate for localhost and *.localhost (see fixtures/README.md). */
export const testCertificate = {
  key: fixture('test-only-localhost.key.pem'),
  cert: fixture('test-only-localhost.cert.pem'),
}

/**
 * Lets Node's own HTTPS clients (@sanity/client in a test) verify the stand-in, by adding this
 * one certificate to the process's trusted set instead of switching verification off.
 */
export function trustTestCertificate(): void {
  const trusted = getCACertificates('default')
  if (!trusted.includes(testCertificate.cert)) {
    setDefaultCACertificates([...trusted, testCertificate.cert])
  }
}
