import { normalizeAlias } from './normalize.ts';

/**
 * Parts of a country that name it in news (its nations), each as its name and demonyms, keyed by
 * the country's name as stored (entities.name, world-countries' common name). They are aliases of
 * the country (src/db/countries.ts adds them), so filters stay whole, but a question naming a part
 * is ranked by the mentions that name it (EntityPart in src/search/salience.ts). A module of its
 * own, without world-countries, so search does not pull the country list into the Worker.
 */
export const countryParts: Record<string, string[][]> = {
  'United Kingdom': [['England', 'English'], ['Scotland', 'Scottish'], ['Wales', 'Welsh'], ['Northern Ireland']],
};

/**
 * The names of the part of a country that `words` name ("Wales" or "Welsh" of the United Kingdom:
 * ["Wales", "Welsh"]), or null when they name the country itself or no part of it.
 */
export function countryPartNames(countryName: string, words: string): string[] | null {
  const parts = countryParts[countryName];
  if (!parts) return null;
  const key = normalizeAlias(words);
  return parts.find((names) => names.some((name) => normalizeAlias(name) === key)) ?? null;
}
