/** Replaces every occurrence of the given secrets; strings under 4 characters are too common to hide. */
export function redact(text: string, secrets: (string | undefined)[]): string {
  let out = text
  for (const secret of secrets)
    if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]')
  return out
}
