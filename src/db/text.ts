/**
 * PostgreSQL cannot keep the character U+0000 in text (it refuses the whole statement), while
 * SQLite can. So that both engines answer alike, bodies carrying it are refused as malformed
 * (`http/body.ts`), and a lookup by a value carrying it finds nothing: no stored key has one.
 */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000');
}

/** True when any string of a parsed body (keys included) contains U+0000. Walks without recursion: bodies may nest deeply. */
export function containsUnstorableText(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (typeof v === 'string') {
      if (!isStorableText(v)) return true;
    } else if (Array.isArray(v)) {
      // One by one: spreading a list of 500,000 items into push() overflows the stack.
      for (const item of v) pending.push(item);
    } else if (typeof v === 'object' && v !== null) {
      for (const [key, inner] of Object.entries(v)) {
        if (!isStorableText(key)) return true;
        pending.push(inner);
      }
    }
  }
  return false;
}
