import {LockIcon} from '@sanity/icons/Lock'
import {Box, Button, Card, Container, Flex, Heading, Spinner, Stack, Text} from '@sanity/ui'
import {useEffect, useMemo, useState} from 'react'
import type {Tool} from 'sanity'
import type {Keyring} from '../../pipeline/workflow/keyring.ts'
import {formatSigningTime} from './confirmation.ts'
import {
  keyringEntryFor,
  keyringRows,
  ROLE_TITLES,
  type Signer,
  signerOf,
  signerTitle,
} from './enrollment.ts'
import {bundledKeyring, KEYRING_FILE} from './keyring.ts'
import type {LocalSigningKey} from './signingKeyStore.ts'
import {useLocalSigningKey} from './useLocalSigningKey.ts'

function Section({title, children}: {title: string; children: React.ReactNode}) {
  return (
    <Card padding={4} radius={2} border>
      <Stack gap={4}>
        <Heading as="h2" size={1}>
          {title}
        </Heading>
        {children}
      </Stack>
    </Card>
  )
}

/** JSON to copy: monospace and selectable, as it will be pasted. */
function Json({text, testId}: {text: string; testId: string}) {
  return (
    <pre data-testid={testId} style={{margin: 0, fontSize: '0.8125rem', userSelect: 'all'}}>
      {text}
    </pre>
  )
}

function Enrollment({signer, entry}: {signer: Signer; entry: string}) {
  if (signer.ok)
    return (
      <Card padding={3} radius={2} tone="positive" data-testid="enrollment">
        <Text size={1}>
          Enrolled in {KEYRING_FILE} as <strong>{signerTitle(signer.person)}</strong> (
          {signer.person.roles.map((role) => ROLE_TITLES[role]).join(', ')}). Valid until{' '}
          {formatSigningTime(new Date(signer.key.notAfter))}.
        </Text>
      </Card>
    )
  return (
    <Stack gap={3}>
      <Card padding={3} radius={2} tone="caution" data-testid="enrollment">
        <Text size={1}>
          {signer.person
            ? signer.reason
            : `Not enrolled: this key is not in ${KEYRING_FILE}, so your review actions are disabled. Send the entry below to an administrator; it goes under your person's "keys" through a reviewed pull request, and the Studio is built again.`}
        </Text>
      </Card>
      <Text size={1} weight="medium">
        Keyring entry for this key
      </Text>
      <Card padding={3} radius={2} tone="transparent" border overflow="auto">
        <Json testId="keyring-entry" text={entry} />
      </Card>
      <Flex>
        <Button
          mode="ghost"
          text="Copy the entry"
          onClick={() => void navigator.clipboard?.writeText(entry)}
        />
      </Flex>
    </Stack>
  )
}

function YourKey({local, signer}: {local: LocalSigningKey; signer: Signer}) {
  // The validity proposed in the entry starts when the tool is opened.
  const entry = useMemo(() => JSON.stringify(keyringEntryFor(local, new Date()), null, 2), [local])
  return (
    <Stack gap={4}>
      <Stack gap={2}>
        <Text size={1} muted>
          Fingerprint (key id, RFC 7638)
        </Text>
        <Text size={2} weight="medium" data-testid="key-fingerprint">
          {local.kid}
        </Text>
      </Stack>
      <Text size={1} muted>
        {local.alg} key, created {formatSigningTime(new Date(local.createdAt))} in this browser
        profile. Its private half cannot be read or copied by anyone, this Studio included: clearing
        this site's data deletes it, and another browser needs its own key.
      </Text>
      <Stack gap={2}>
        <Text size={1} muted>
          Public key (JWK)
        </Text>
        <Card padding={3} radius={2} tone="transparent" border overflow="auto">
          <Json testId="public-jwk" text={JSON.stringify(local.publicJwk, null, 2)} />
        </Card>
      </Stack>
      <Enrollment signer={signer} entry={entry} />
    </Stack>
  )
}

function People({keyring}: {keyring: Keyring}) {
  const rows = keyringRows(keyring, new Date())
  if (rows.length === 0)
    return <Text size={1}>Nobody is in {KEYRING_FILE} yet: nobody can sign review steps.</Text>
  return (
    <Stack gap={3} data-testid="keyring-people">
      {rows.map((row) => (
        <Card key={row.id} padding={3} radius={2} border>
          <Stack gap={2}>
            <Text size={1} weight="medium">
              {row.title}
            </Text>
            <Text size={1} muted>
              {row.roles} · keys: {row.keys} · {row.id}
            </Text>
          </Stack>
        </Card>
      ))}
    </Stack>
  )
}

/**
 * The Signing key tool: makes this browser's key on first use, shows it for enrollment, says
 * whether and as whom the bundled keyring knows it, and lists who may sign what (read-only:
 * the keyring changes only through code review).
 */
export function SigningKeyTool() {
  const local = useLocalSigningKey()
  const [problem, setProblem] = useState<string>()
  const {value, ensure} = local
  useEffect(() => {
    if (value === null) ensure().catch((error: Error) => setProblem(error.message))
  }, [value, ensure])
  const signer = value ? signerOf(bundledKeyring, value, new Date()) : undefined
  const error = problem ?? local.error
  return (
    <Container width={2} padding={4}>
      <Stack gap={4}>
        <Heading as="h1" size={2}>
          Signing key
        </Heading>
        {bundledKeyring.purpose === 'demo' ? (
          <Card padding={3} radius={2} tone="critical" data-testid="demo-keyring">
            <Text size={1}>
              This Studio was built with the demo keyring (SANITY_STUDIO_KEYRING=demo). Its people's
              private keys are published with the tests, so its signatures vouch for demo content
              only. Never use this build for real pages.
            </Text>
          </Card>
        ) : null}
        <Section title="Your signing key">
          {error ? (
            <Card padding={3} tone="critical" radius={2}>
              <Text size={1}>This browser cannot keep a signing key: {error}</Text>
            </Card>
          ) : value && signer ? (
            <>
              <YourKey local={value} signer={signer} />
              {signer.ok || !signer.person ? null : (
                <Box>
                  <Button
                    mode="ghost"
                    tone="critical"
                    text="Replace this key with a new one"
                    onClick={() => local.replace().catch((e: Error) => setProblem(e.message))}
                  />
                </Box>
              )}
            </>
          ) : (
            <Flex gap={2} align="center">
              <Spinner muted />
              <Text size={1}>Preparing your signing key…</Text>
            </Flex>
          )}
        </Section>
        <Section title={`Who may sign (${KEYRING_FILE}, ${bundledKeyring.purpose})`}>
          <People keyring={bundledKeyring} />
        </Section>
      </Stack>
    </Container>
  )
}

export const signingKeyTool: Tool = {
  name: 'signing-key',
  title: 'Signing key',
  icon: LockIcon,
  component: SigningKeyTool,
}
