/** Words skipped in an organisation's initials: "Securities and Exchange Commission" is SEC. */
const skipped = new Set(['and', 'of', 'the', 'for', 'de', 'du', 'des', 'la', 'le', 'in', 'on', 'to', '&']);

/** The acronym a full name abbreviates: "Securities and Exchange Commission" → "SEC". */
export function acronymOf(name: string): string {
  return name
    .split(/[\s-]+/)
    .filter((w) => w && !skipped.has(w.toLowerCase()))
    .map((w) => w[0]!.toUpperCase())
    .join('');
}
