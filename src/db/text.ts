/**
 * Text both engines store as it was sent, and read back the same. Two kinds of text are not:
 *
 * - U+0000 (NUL): PostgreSQL refuses it in text (the whole statement fails), SQLite keeps it.
 * - A lone surrogate (`"\ud800"`, valid JSON, not Unicode): each engine's driver writes it as
 *   UTF-8 in its own way (SQLite reads back three U+FFFD, PostgreSQL one), so an answer would
 *   echo a value that is never read back, and the engines would disagree on which are equal.
 *
 * So that both engines answer alike, bodies carrying either are refused as malformed, naming the
 * field (`http/body.ts`, `http/json-scan.ts`), and a lookup by a value carrying either finds
 * nothing: no stored key has one.
 */
export type UnstorableText = 'nul' | 'lone-surrogate';

/** What is wrong with such text, in the words of a refusal. */
export const UNSTORABLE_TEXT: Record<UnstorableText, string> = {
  nul: 'text may not contain the NUL character (U+0000)',
  'lone-surrogate': 'text must be well-formed Unicode, without lone surrogates',
};

/** Why `value` cannot be stored as it is, or null when it can. */
export function unstorableText(value: string): UnstorableText | null {
  if (value.includes('\u0000')) return 'nul';
  if (!value.isWellFormed()) return 'lone-surrogate';
  return null;
}

export function isStorableText(value: string): boolean {
  return unstorableText(value) === null;
}
