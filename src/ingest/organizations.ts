import { slugify } from '../db/normalize.ts';
import type { GazetteerEntry } from './gazetteer.ts';

/**
 * Well-known organisations whose short forms no tagger can infer: acronyms ("SEC" is the
 * Securities and Exchange Commission), party short names ("Labour", "the Tories", "Lib Dems"),
 * news agencies and blocs that appear without a head word.
 *
 * Written by hand, deliberately short. No maintained npm data package of organisations and their
 * aliases exists (the registry index was searched for company, organisation and political-party
 * data); compromise's lexicon holds ~480 organisation names but no acronym/short-name pairs, is
 * mostly US brands and bands, and is only reachable through an undocumented internal model. Names
 * the tagger finds by itself ("Sony", "Nintendo") need no entry here: the list is for linking, not
 * for finding. An alias that could be a common word or a person is left out ("Apple", "Ford").
 */
export const curatedOrganizations: { name: string; aliases: string[] }[] = [
  // blocs and international bodies
  { name: 'United Nations', aliases: ['UN', 'U.N.'] },
  { name: 'NATO', aliases: ['North Atlantic Treaty Organization', 'Nato'] },
  { name: 'European Union', aliases: ['EU', 'E.U.'] },
  { name: 'European Commission', aliases: [] },
  { name: 'European Parliament', aliases: [] },
  { name: 'European Central Bank', aliases: ['ECB'] },
  { name: 'Security Council', aliases: [] },
  { name: 'International Monetary Fund', aliases: ['IMF'] },
  { name: 'World Bank', aliases: [] },
  { name: 'World Trade Organization', aliases: ['WTO', 'World Trade Organisation'] },
  { name: 'World Health Organization', aliases: ['WHO', 'World Health Organisation'] },
  { name: 'International Atomic Energy Agency', aliases: ['IAEA'] },
  { name: 'OPEC', aliases: ['Organization of the Petroleum Exporting Countries', 'Opec'] },
  { name: 'ASEAN', aliases: ['Association of Southeast Asian Nations'] },
  { name: 'African Union', aliases: [] },
  { name: 'G7', aliases: [] },
  { name: 'G8', aliases: [] },
  { name: 'G20', aliases: [] },
  { name: 'Interpol', aliases: [] },
  { name: 'Red Cross', aliases: ['International Committee of the Red Cross', 'ICRC'] },
  { name: 'International Olympic Committee', aliases: ['IOC'] },
  { name: 'FIFA', aliases: ['Fifa'] },
  { name: 'UEFA', aliases: ['Uefa'] },
  { name: 'Commonwealth', aliases: [] },
  // news organisations
  { name: 'Reuters', aliases: [] },
  { name: 'Associated Press', aliases: ['AP'] },
  { name: 'Agence France-Presse', aliases: ['AFP'] },
  { name: 'Bloomberg', aliases: [] },
  { name: 'Xinhua', aliases: [] },
  { name: 'Yonhap', aliases: [] },
  { name: 'TASS', aliases: ['Tass', 'ITAR-TASS', 'Itar-Tass'] },
  { name: 'Interfax', aliases: [] },
  { name: 'RIA Novosti', aliases: ['RIA'] },
  { name: 'KCNA', aliases: ['Korean Central News Agency'] },
  // a broadcaster's channels named by a number are found by no tagger (CoNLL has none; the digit
  // is left out of the span), and the BBC's national stations are named without "BBC"
  { name: 'BBC', aliases: ['British Broadcasting Corporation', 'Radio 1', 'Radio 2', 'Radio 3', 'Radio 4', 'Radio Five Live', 'Radio 5 Live', 'Five Live', '5 Live'] },
  { name: 'Channel 4', aliases: ['Channel Four'] },
  { name: 'Channel 5', aliases: ['Channel Five'] },
  { name: 'CNN', aliases: [] },
  { name: 'Al Jazeera', aliases: [] },
  // parties: their short names are how news refers to them
  { name: 'Labour Party', aliases: ['Labour', 'Labour party'] },
  { name: 'Conservative Party', aliases: ['Conservatives', 'Conservative', 'Conservative party', 'Tories', 'Tory', 'Tory party'] },
  { name: 'Liberal Democrats', aliases: ['Lib Dems', 'Lib Dem', 'Liberal Democrat', 'Liberal Democrat party', 'Lib Dem party'] },
  { name: 'Scottish National Party', aliases: ['SNP'] },
  { name: 'Plaid Cymru', aliases: [] },
  { name: 'UK Independence Party', aliases: ['UKIP', 'Ukip'] },
  { name: 'Sinn Fein', aliases: ['Sinn Féin'] },
  { name: 'Democratic Unionist Party', aliases: ['DUP'] },
  { name: 'Ulster Unionist Party', aliases: ['UUP'] },
  { name: 'Republican Party', aliases: ['Republicans', 'GOP'] },
  { name: 'Democratic Party', aliases: ['Democrats'] },
  // national institutions named by acronym
  { name: 'Federal Reserve', aliases: ['Fed', 'US Federal Reserve'] },
  { name: 'Securities and Exchange Commission', aliases: ['SEC'] },
  { name: 'Federal Bureau of Investigation', aliases: ['FBI'] },
  { name: 'Central Intelligence Agency', aliases: ['CIA'] },
  { name: 'National Health Service', aliases: ['NHS'] },
  { name: 'Bank of England', aliases: [] },
  { name: 'Financial Services Authority', aliases: ['FSA'] },
  { name: 'Office of Fair Trading', aliases: ['OFT'] },
  { name: 'Confederation of British Industry', aliases: ['CBI'] },
  { name: 'Trades Union Congress', aliases: ['TUC'] },
  { name: 'Crown Prosecution Service', aliases: ['CPS'] },
  { name: 'Football Association', aliases: ['FA'] },
  { name: 'Rugby Football Union', aliases: ['RFU'] },
  { name: 'Senate', aliases: [] },
  { name: 'Congress', aliases: [] },
  { name: 'House of Commons', aliases: ['Commons'] },
  { name: 'House of Lords', aliases: [] },
  { name: 'Bundesbank', aliases: [] },
  { name: 'Bundestag', aliases: [] },
  { name: 'Duma', aliases: [] },
  { name: 'Knesset', aliases: [] },
  // companies better known by an acronym or short name
  { name: 'General Motors', aliases: ['GM'] },
  { name: 'IBM', aliases: ['International Business Machines'] },
  { name: 'British Airways', aliases: ['BA'] },
  { name: 'BT', aliases: ['British Telecom', 'BT Group'] },
  { name: 'BP', aliases: ['British Petroleum'] },
  { name: 'ITV', aliases: [] },
  { name: 'BSkyB', aliases: ['British Sky Broadcasting'] },
  { name: 'AOL', aliases: ['America Online'] },
  { name: 'EMI', aliases: [] },
  // movements
  { name: 'Irish Republican Army', aliases: ['IRA'] },
  { name: 'Amnesty International', aliases: [] },
  { name: 'Hamas', aliases: [] },
  { name: 'Hezbollah', aliases: [] },
  { name: 'Taliban', aliases: [] },
  { name: 'al-Qaeda', aliases: ['al Qaeda', 'al-Qaida', 'Al Qaeda', 'Al-Qaeda'] },
];

/** The curated organisations as gazetteer entries (the name, then each alias). */
export function organizationGazetteerEntries(): GazetteerEntry[] {
  return curatedOrganizations.flatMap((o) => {
    const base = { kind: 'organization' as const, slug: slugify(o.name), name: o.name };
    return [{ ...base, text: o.name, type: 'name' as const }, ...o.aliases.map((text) => ({ ...base, text, type: 'curated' as const }))];
  });
}
