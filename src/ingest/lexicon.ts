import nlp from 'compromise';

/**
 * Small curated word lists for classifying capitalised spans. Generic English/news vocabulary,
 * written by hand (a few org/place head words were checked against CoNLL train statistics; no
 * corpus list is copied).
 */

const set = (s: string) => new Set(s.trim().split(/\s+/));

/** Capitalised titles before a name; not part of the name ("President Vladimir Putin"). */
export const titleWords = set(`
  mr mrs ms miss mx dr prof professor sir dame lord lady madam mme mlle messrs
  president vice prime minister secretary chancellor premier king queen prince princess emperor empress sheikh sheik emir pope cardinal archbishop bishop rev reverend father imam rabbi ayatollah
  gen general lt lieutenant col colonel maj major capt captain cmdr commander adm admiral sgt sergeant cpl corporal brig brigadier marshal field
  gov governor sen senator rep representative congressman congresswoman assemblyman mayor judge justice ambassador envoy consul
  chairman chairwoman chair chief ceo director spokesman spokeswoman spokesperson commissioner inspector detective officer agent coach manager
  attorney solicitor surgeon comptroller treasurer whip speaker
  deputy acting former late top senior foreign defence defense finance interior trade economy justice home health labour labor energy
  state opposition leader
`);

/** Titles that on their own mark the following name as a person (not modifiers like "Foreign"). */
export const personTitles = set(`
  mr mrs ms miss mx dr prof professor sir dame lord lady madam mme mlle messrs
  president minister secretary chancellor premier king queen prince princess emperor empress sheikh sheik emir pope cardinal archbishop bishop rev reverend imam rabbi ayatollah
  gen general lt lieutenant col colonel maj major capt captain cmdr commander adm admiral sgt sergeant cpl corporal brig brigadier marshal
  gov governor sen senator rep representative congressman congresswoman mayor judge justice ambassador envoy
  chairman chairwoman ceo spokesman spokeswoman spokesperson commissioner inspector detective coach leader
`);

/** Lower-case nouns right before a name that make it a person ("leader Kim Jong Un"). */
export const personCues = set(`
  leader president minister secretary chancellor premier official spokesman spokeswoman spokesperson ally adviser advisor aide
  chairman chairwoman chief executive director manager coach striker midfielder defender goalkeeper captain player forward champion
  scientist analyst economist expert lawyer attorney judge prosecutor senator governor mayor ambassador envoy diplomat general commander
  colleague rival opponent husband wife son daughter father mother brother sister uncle cousin friend partner founder owner writer author
  journalist reporter correspondent editor actor actress singer director producer star candidate nominee challenger incumbent lawmaker
  legislator politician dissident activist critic king queen prince princess pope bishop priest cleric
`);

/** Last words that make a capitalised span an organisation ("Security Council", "Bank of England"). */
export const orgHeads = set(`
  inc corp corporation co cos ltd plc llc lp ag sa nv bv gmbh spa ab asa oy kk
  company companies group holdings holding industries international enterprises partners associates bank bancorp
  council committee commission agency ministry department office bureau service services authority board administration
  assembly parliament congress senate cabinet government court tribunal police army navy forces force guard
  party union league federation association alliance coalition front movement organisation organization organisations
  institute institution university college school academy foundation fund trust society church
  club fc united rovers wanderers athletic
  airlines airways air motors petroleum oil energy telecom communications systems technologies pharmaceuticals
  exchange securities capital investments insurance markets media news times post journal herald tribune press network channel radio television
  research labs laboratories studios records pictures entertainment software electronics foods brands stores resources mining steel chemicals
`);

/** Head words that can continue with "of"/"for": "Bank of England", "University of Texas". */
export const ofHeads = set(`
  bank ministry department university college institute council committee commission court board office bureau
  league federation association union party house chamber church academy school society organisation organization
  secretary minister republic kingdom gulf bay sea isle island islands cape state states city province district duke
`);

/** Last words of a place name ("Yangtze River", "Red Sea"). */
export const placeHeads = set(`
  river sea ocean lake gulf bay strait island islands isle peninsula mountains mountain mount valley desert coast
  province region state county district city town village square street avenue airport port canal
`);

/** Lower-case particles inside names: "Osama bin Laden", "Ursula von der Leyen". */
export const nameParticles = set('de del della der den di da das do dos du la le van von bin ibn al el ter ten y');

/** Surnames that come first: "Kim" is the short form of "Kim Jong Un". */
export const surnameFirst = set(`
  kim lee park choi jung kang cho yoon jang lim han shin moon
  xi li wang zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin luo gao liang song zheng deng jiang mao wen
  nguyen tran le pham hun
`);

/** Capitalised abbreviations that are not organisations. */
export const notOrgAcronyms = set(`
  pc pcs dvd dvds cd cds mp mps mep meps id ids hiv aids dna rna sms pdf tv hd ds gb mb kb gdp ceo cfo coo cto pm am ok
  fm uk us eu psp mp3 mp4 usb led lcd gps atm vat iq ad bc ce rip faq diy vip pr hr it ai vr ar ufo suv
`);

/** Capitalised words that are never names on their own (sentence openers, days, months...). */
export const notNames = set(`
  the a an this that these those there here it its he she they we i you his her their our my your
  but and or so yet if when while as after before since because although though however meanwhile
  in on at for from with by to of about into over under between among during without within
  monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december
  mon tue wed thu fri sat sun jan feb mar apr jun jul aug sep sept oct nov dec
  today yesterday tomorrow tonight
  what why how who where which whose whom yes no not all some many most more less other another each every
  western eastern northern southern west east north south central new old first second third last next
  god mr mrs ms dr st
  ceo cfo gdp tv pm am ok usd eur gmt bst edt est pst
  i ii iii iv v vi vii viii ix x
`);

/** Compromise's lexicon used as data (names, places); its tagger is not run here. */
interface NameLexicon {
  firstNames: Set<string>;
  lastNames: Set<string>;
  places: Set<string>;
  orgs: Set<string>;
}
let lexicon: NameLexicon | null = null;
export function nameLexicon(): NameLexicon {
  if (lexicon) return lexicon;
  const lex = (nlp as unknown as { model(): { one: { lexicon: Record<string, string | string[]> } } }).model().one.lexicon;
  const l: NameLexicon = { firstNames: new Set(), lastNames: new Set(), places: new Set(), orgs: new Set() };
  for (const [word, tags] of Object.entries(lex)) {
    for (const tag of Array.isArray(tags) ? tags : [tags]) {
      if (tag === 'FirstName' || tag === 'MaleName' || tag === 'FemaleName') l.firstNames.add(word);
      else if (tag === 'LastName') l.lastNames.add(word);
      else if (tag === 'City' || tag === 'Region' || tag === 'Country' || tag === 'Place') l.places.add(word);
      else if (tag === 'Organization' || tag === 'SportsTeam') l.orgs.add(word);
    }
  }
  // words that the lexicon lists as first names but that are places or common words in news
  for (const w of ['paris', 'sofia', 'georgia', 'jordan', 'china', 'india', 'israel', 'victoria', 'florence', 'may', 'june', 'april', 'august']) l.firstNames.delete(w);
  lexicon = l;
  return l;
}

/** Lower-case words before a capitalised span that make it a place ("in Arbil"); evaluation only. */
export const locativePreps = set('in near outside');

/** "the town of X", "east of X". */
export const placeNouns = set('city town village capital province region district port suburb county state island east west north south northeast northwest southeast southwest');

/**
 * Capitalised words that are not part of people's names: events, competitions, venues and
 * institutions ("World Cup", "Grand Prix", "Trent Bridge"). Generic, hand-written.
 */
export const nonPersonWords = set(`
  cup series open championship championships classic prix grand league trophy tournament masters games olympics olympic
  world national international division conference final finals round derby marathon rally race award awards prize medal
  festival summit treaty accord agreement act bill law plan report index fund market markets stock stocks shares
  centre center stadium arena park hall house palace square tower museum hotel hospital station bridge wells gardens
  street road avenue lane castle cathedral abbey chapel temple mosque airport harbour harbor
  minor major counties county star standard tennis baseball football soccer golf cricket rugby hockey basketball athletics boxing
  north south east west northern southern eastern western central upper lower greater new old royal federal democratic republican
  day week year month century war crisis election elections referendum program programme project show globe globes
  democrat democrats republicans conservative conservatives liberal liberals socialist socialists labour tory tories
  communist communists nationalist nationalists unionist unionists dem dems
  catholic catholics protestant protestants orthodox muslim muslims christian christians jewish islamic
  monday tuesday wednesday thursday friday saturday sunday january february march april june july august september october november december
`);

/** Months and weekdays: never a person's short form on their own ("held on 5 May"). */
export const monthsAndDays = set(`
  january february march april may june july august september october november december
  monday tuesday wednesday thursday friday saturday sunday
`);
