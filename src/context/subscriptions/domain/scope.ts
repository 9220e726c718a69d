// scopeQ of a subscription (NGSI-LD 1.8 §4.19): scopes separated by ',' '|' ';', '#' = any descendant.
const SCOPE = /^\/[^\s+]*$/;

/** The scope prefixes of a scopeQ, or a reason why it is invalid. */
export function scopePrefixes(s: string): string[] | string {
  const parts = s
    .split(/[,|;()]/)
    .map((x) => x.trim())
    .filter(Boolean);
  if (parts.length === 0 || parts.some((p) => !SCOPE.test(p)))
    return `scopeQ ${JSON.stringify(s)} must list scopes like /Hanam/Misa`;
  return parts.map((p) => p.replace(/\/#$/, '').replace(/\/$/, '') || '/');
}

/** Whether one of the entity's scopes lies at or below one of the prefixes. */
export function scopeMatches(prefixes: readonly string[], scopes: readonly string[] | undefined): boolean {
  if (!scopes?.length) return false;
  return prefixes.some((p) => p === '/' || scopes.some((s) => s === p || s.startsWith(`${p}/`)));
}
