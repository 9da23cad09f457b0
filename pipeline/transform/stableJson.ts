/** JSON with a trailing newline; key order is the order the transforms build objects in. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
}
