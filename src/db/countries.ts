import worldCountries from 'world-countries';
import type { AliasType, EntityAliasEntry } from './schema.ts';
import { countryParts } from './country-parts.ts';
import { normalizeAlias, slugify } from './normalize.ts';

export interface AliasSeed {
  text: string;
  type: AliasType;
}

export interface CountrySeed {
  slug: string;
  code: string;
  code3: string;
  name: string;
  officialName: string;
  aliases: AliasSeed[];
}

const curated = (...texts: string[]): AliasSeed[] => texts.map((text) => ({ text, type: 'curated' }));
const typed = (type: AliasType, ...texts: string[]): AliasSeed[] => texts.map((text) => ({ text, type }));

/** Names world-countries lacks: metonyms for governments, older names, short forms and demonyms. */
const curatedAliases: Record<string, AliasSeed[]> = {
  RU: curated('Kremlin', 'the Kremlin', 'Soviet Union', 'USSR'),
  US: [...curated('U.S.', 'U.S.A.', 'America', 'White House', 'Pentagon', 'United States of America'), ...typed('capital', 'Washington'), ...typed('demonym', 'Americans')],
  GB: [
    ...curated('U.K.', 'UK', 'Britain', 'Great Britain', 'Downing Street', ...countryParts['United Kingdom']!.map(([name]) => name!)),
    ...typed('demonym', ...countryParts['United Kingdom']!.flatMap(([, ...demonyms]) => demonyms), 'Briton', 'Britons'),
  ],
  KP: curated('N. Korea', 'DPRK', 'Democratic People’s Republic of Korea'),
  KR: [...curated('S. Korea'), ...typed('capital', 'Seoul')],
  CN: [...curated('PRC'), ...typed('capital', 'Beijing')],
  TW: typed('capital', 'Taipei'),
  UA: typed('capital', 'Kiev'),
  VA: curated('Vatican', 'Holy See'),
  NL: [...curated('Holland'), ...typed('demonym', 'Dutch')],
  CZ: curated('Czech Republic'),
  CI: curated('Ivory Coast'),
  MM: curated('Burma'),
  SZ: curated('Swaziland'),
  MK: curated('Macedonia'),
  // what English speakers write; the common name is now Türkiye
  TR: curated('Turkey', 'Turkiye'),
  TL: curated('East Timor'),
  XK: typed('demonym', 'Kosovan'),
  AR: typed('demonym', 'Argentinian'),
  CV: typed('demonym', 'Cape Verdean'),
  CD: [...curated('DRC', 'DR Congo'), ...typed('alternative', 'Zaire')],
  AE: [...curated('UAE'), ...typed('demonym', 'Emirati')],
  PH: typed('demonym', 'Filipino'),
  IL: typed('demonym', 'Israeli'),
  PS: [...curated('Palestine'), ...typed('demonym', 'Palestinian')],
  BA: typed('alternative', 'Bosnia'),
  TT: typed('alternative', 'Trinidad'),
  KZ: typed('alternative', 'Kazakstan'),
  SR: typed('alternative', 'Surinam'),
};

/**
 * Seed aliases that are mostly something else in English news, so linking them would be wrong more
 * often than right: common words ("Island" is Iceland's own name for itself), first names and
 * surnames ("Dominique", "Mann"), an airline and a stadium ("Emirates"), codes that are mostly
 * other acronyms ("RSA", "MDA": see also the code policy in gazetteer.ts) and capitals that are
 * mostly other places ("San José", "San Juan", "Georgetown", "Saint John's"). Keyed by ISO alpha-2.
 */
const riskyAliases: Record<string, string[]> = {
  IS: ['Island'],
  DM: ['Dominique'],
  IM: ['Mann', 'Mannin'],
  AE: ['Emirates'],
  ZA: ['RSA'],
  CR: ['San José'],
  PR: ['San Juan'],
  GY: ['Georgetown'],
  AG: ["Saint John's"],
  NR: ['Pleasant Island'],
  TL: ['Timor'],
};

/**
 * An alternative spelling that is a fragment of an inverted official name ("Micronesia, Federated
 * States of" gives "Federated States of", "Korea, Republic of" gives "Republic of"): never a name.
 */
const nameFragment = /\s(?:of|of the)$/i;

/** Latin-script strings only: aliases must be typeable by users and found in English text. */
const latin = /^[\p{Script=Latin}\p{N}\s.,'’()&-]+$/u;

/**
 * Every ISO 3166-1 country, with aliases from world-countries plus the curated list above.
 * Territories share their sovereign's demonyms ("American" is also Northern Mariana Islands'):
 * such an alias stays with the independent country only. Between two independent countries
 * ("Congolese") it stays ambiguous, and lookups say so.
 */
let seeded: CountrySeed[] | undefined;
export function countrySeeds(): CountrySeed[] {
  seeded ??= resolveSharedAliases(allCountrySeeds());
  return seeded;
}

function resolveSharedAliases(seeds: CountrySeed[]): CountrySeed[] {
  const independent = new Set(worldCountries.filter((c) => c.independent).map((c) => c.cca2));
  const owners = new Map<string, string[]>();
  for (const seed of seeds) {
    for (const alias of seed.aliases) {
      const key = normalizeAlias(alias.text);
      owners.set(key, [...(owners.get(key) ?? []), seed.code]);
    }
  }
  return seeds.map((seed) => ({
    ...seed,
    aliases: seed.aliases.filter(
      (alias) => independent.has(seed.code) || !owners.get(normalizeAlias(alias.text))!.some((code) => independent.has(code)),
    ),
  }));
}

function allCountrySeeds(): CountrySeed[] {
  return worldCountries
    .filter((c) => c.cca2 && c.cca3)
    .map((c) => {
      const aliases: AliasSeed[] = [
        { text: c.name.common, type: 'name' },
        { text: c.name.official, type: 'official' },
        { text: c.cca2, type: 'code' },
        { text: c.cca3, type: 'code' },
        ...c.altSpellings.filter((s) => latin.test(s) && s.length > 2 && !nameFragment.test(s)).map((text) => ({ text, type: 'alternative' as const })),
        ...c.capital.filter((s) => latin.test(s)).map((text) => ({ text, type: 'capital' as const })),
        ...[c.demonyms?.eng?.m, c.demonyms?.eng?.f]
          .filter((s): s is string => Boolean(s))
          .map((text) => ({ text, type: 'demonym' as const })),
        ...(curatedAliases[c.cca2] ?? []),
      ];
      const seen = new Set<string>((riskyAliases[c.cca2] ?? []).map(normalizeAlias));
      return {
        slug: slugify(c.name.common),
        code: c.cca2,
        code3: c.cca3,
        name: c.name.common,
        officialName: c.name.official,
        aliases: aliases.filter((a) => !seen.has(normalizeAlias(a.text)) && seen.add(normalizeAlias(a.text))),
      };
    });
}

/** Every alias of every country as gazetteer entries, for extraction without a database (tests, evaluation). */
export function countryGazetteerEntries(): EntityAliasEntry[] {
  return countrySeeds().flatMap((s) => s.aliases.map((a) => ({ text: a.text, type: a.type, kind: 'country' as const, slug: s.slug, name: s.name })));
}

/** ISO alpha-2 code of a country slug. */
export function countryCode(slug: string): string | undefined {
  return countrySeeds().find((c) => c.slug === slug)?.code;
}
