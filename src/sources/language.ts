import { franc } from 'franc-min';

/**
 * Languages the entity tagger is trained for (English: CoNLL-2003 and the BBC corpus). Articles
 * in others are stored, searchable and tagged with their language, but no entities are extracted:
 * an English model finds nonsense "names" in other languages.
 */
export const taggerLanguages: ReadonlySet<string> = new Set(['en']);

export function taggerSupports(language: string): boolean {
  return taggerLanguages.has(language.split('-')[0]!.toLowerCase());
}

/** A BCP 47 tag in its short form ("eng" → "en", "cmn" → "zh") via Intl's CLDR aliases; null when not a tag. */
function canonical(tag: string | null | undefined): string | null {
  if (!tag) return null;
  try {
    const [name] = Intl.getCanonicalLocales(tag.trim().replace(/_/g, '-'));
    return name && /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(name) ? name : null;
  } catch {
    return null;
  }
}

/**
 * The language of an article: detected from its text by franc-min (trigram profiles of 82
 * languages); when the text is too short or ambiguous to tell, the first valid hint (the page's
 * `<html lang>`, the feed's language); else "und" (undetermined).
 */
export function detectLanguage(text: string, hints: (string | null | undefined)[] = []): string {
  const detected = franc(text.slice(0, 4000), { minLength: 40 });
  if (detected !== 'und') {
    const tag = canonical(detected);
    if (tag) return tag.split('-')[0]!;
  }
  for (const hint of hints) {
    const tag = canonical(hint);
    if (tag) return tag.split('-')[0]!.toLowerCase();
  }
  return 'und';
}
