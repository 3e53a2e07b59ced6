/**
 * The one normalisation for alias keys: case-, accent- and punctuation-insensitive, so
 * "U.S.", "us" and "US" meet, and "Côte d'Ivoire" matches "cote divoire".
 */
export function normalizeAlias(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’‘`.]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** URL-safe slug: "Kim Jong Un" → "kim-jong-un". */
export function slugify(text: string): string {
  return normalizeAlias(text).replace(/ /g, '-');
}
