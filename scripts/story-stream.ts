/**
 * A synthetic stream of news events with the true grouping known, for `npm run eval:stories`.
 *
 * - `events` events, each of a topic (strike, election, quake, …) with its own cast: two or three
 *   people, one or two countries, sometimes an organisation, a place and a few facts (figures,
 *   a named thing). Events of one topic share its vocabulary, and events share countries, so
 *   topic and country alone do not tell events apart; same-topic events overlap in time.
 * - Each event has 2 to `maxArticles` articles over up to four days, each written from a random
 *   subset of the event's facts and cast in shuffled templates: paraphrases, not copies.
 * - `noise` single-article events of random topics and casts.
 * - Syndicated copies of about `copyRate` of the articles: the same body under another headline
 *   and source a few hours later, some with an added paragraph (an update), a dropped last
 *   paragraph or a few words changed. A copy is a near-duplicate of its original and in its story.
 * - Deterministic: same options, same stream (sfc32 from scripts/corpus.ts).
 */
import { Rng } from './corpus.ts';

export interface StreamArticle {
  title: string;
  body: string;
  url: string;
  source: string;
  publishedAt: string;
  /** The true story. */
  event: number;
  /** The true duplicate group: the index of the original this copies, or its own index. */
  duplicateOf: number;
}

export interface StreamOptions {
  seed: number;
  events: number;
  noise: number;
  maxArticles: number;
  copyRate: number;
  /** Days the stream spans. */
  days: number;
}

export const defaultStreamOptions: StreamOptions = { seed: 13, events: 120, noise: 150, maxArticles: 12, copyRate: 0.15, days: 60 };

const firstNames = 'James John Robert Michael David William Richard Thomas Charles Daniel Peter George Edward Carlos Miguel Pierre Hans Stefan Ivan Sergei Ahmed Omar Mary Patricia Jennifer Linda Elizabeth Susan Sarah Karen Anna Maria Elena Laura Sophie Ingrid Olga Fatima Aisha Grace Helen'.split(' ');
const surnames = 'Smith Johnson Williams Miller Davis Wilson Anderson Moore Jackson Thompson Harris Clark Lewis Robinson Walker Wright Adams Carter Roberts Turner Phillips Campbell Parker Evans Edwards Collins Morris Rogers Murphy Cooper Richardson Watson Brooks Sanders Bennett Barnes Henderson Coleman Jenkins Powell Hughes Flores Simmons Bryant Hayes Myers Sullivan Owens Reynolds Fisher Gibson Murray Freeman Webb Stevens Crawford Dixon Holmes Nichols Hawkins Dunn Perkins Gardner Wagner Olson Andrews Harper Armstrong Peters Lawson Schmidt Weber Becker Dubois Moreau Rossi Ferrari Ivanov Petrov Novak Kowalski Jensen Hansen Larsen Okafor Mensah Diallo Kamau Haddad Khalil Rahman Sharma Patel Tanaka Suzuki Silva Santos Costa Pereira'.split(' ');
const roles = ['Minister', 'President', 'Governor', 'Senator', 'spokesman', 'chief executive', 'union leader', 'mayor', 'judge', 'coach'];
const countries = 'France Germany Italy Spain Poland Kenya Nigeria Egypt India Japan Brazil Mexico Canada Australia Turkey Greece Sweden Norway Ireland Portugal Chile Peru Argentina Indonesia Vietnam Thailand Pakistan Ukraine Romania Hungary Morocco Ghana Ethiopia Colombia'.split(' ');
const organizations = ['the United Nations', 'the European Union', 'the World Bank', 'the IMF', 'NATO', 'the World Health Organization', 'the African Union', 'the Red Cross', 'OPEC', 'the WTO'];
const sources = ['Fixture Wire', 'Daily Example', 'Evening Sample', 'Morning Test', 'Global Synthetic', 'The Placeholder'];

interface Topic {
  name: string;
  words: string[];
  headlines: string[];
  sentences: string[];
}

// Templates: {P} a person's full name, {S} a surname, {R} a role, {C} a country, {O} an organisation,
// {L} the place, {F} a fact word, {N} a figure, {W} a topic word.
const topics: Topic[] = [
  {
    name: 'strike',
    words: 'strike union workers pay walkout pensions ballot talks wages dispute picket staff offer action shifts overtime'.split(' '),
    headlines: ['{F} workers strike over pay in {L}', 'Union threatens {F} walkout in {C}', '{S} warns of {F} strike', 'Talks fail in {F} pay dispute'],
    sentences: [
      'Workers at {F} in {L} walked out on {D} after talks over pay broke down.',
      '{R} {P} said the union would not accept an offer of {N}%.',
      'The dispute at {F} has disrupted services across {C} for days.',
      '{P} urged both sides to return to talks and end the {W}.',
      'Union members voted by {N} to one to back the {W} at {F}.',
      'Managers at {F} said the {W} would cost millions and called the demands unrealistic.',
    ],
  },
  {
    name: 'election',
    words: 'election vote ballot candidate polls campaign voters party seats turnout rally coalition manifesto results count'.split(' '),
    headlines: ['{S} leads as {C} votes', '{C} election: {S} claims victory', 'Polls open in {L} as {S} seeks second term', '{S} and {S2} clash in final debate'],
    sentences: [
      'Voters in {L} queued from dawn on {D} to choose between {P} and {P2}.',
      '{P} promised to cut taxes and create {N},000 jobs if elected.',
      'Early results gave {P} {N}% of the vote in the {F} region.',
      'Observers from {O} said the {W} in {C} had been largely fair.',
      'Turnout in {L} reached {N}%, the highest since the {F} reforms.',
      '{P2} accused rivals of buying votes in {F} and demanded a recount.',
    ],
  },
  {
    name: 'quake',
    words: 'earthquake quake magnitude rescue aftershock collapsed buildings survivors rubble emergency tremor damage injured shelters aid'.split(' '),
    headlines: ['Earthquake strikes {L} in {C}', 'Rescuers search rubble after {L} quake', 'Aftershocks hit {L} as toll rises', '{O} sends aid to quake-hit {C}'],
    sentences: [
      'An earthquake of magnitude {N}.{N2} struck near {L} early on {D}, collapsing buildings.',
      'Rescue teams pulled survivors from the rubble of the {F} district overnight.',
      '{R} {P} said at least {N} people had been injured in {L}.',
      '{O} said it was sending tents and water to families in {C}.',
      'Aftershocks shook {L} again on {D}, and residents slept outside the {F} hospital.',
      'Engineers warned that the {F} dam near {L} had been damaged by the tremor.',
    ],
  },
  {
    name: 'trade',
    words: 'trade tariffs exports imports deal agreement goods duties negotiators quotas market customs barriers steel farmers'.split(' '),
    headlines: ['{C} and {C2} agree {F} trade deal', '{S} hails tariff cut on {F}', 'Trade talks on {F} stall in {L}', '{C} threatens duties on {C2} {F}'],
    sentences: [
      'Negotiators from {C} and {C2} met in {L} to settle the dispute over {F} imports.',
      '{R} {P} said tariffs on {F} would fall by {N}% under the agreement.',
      'Exporters of {F} in {C2} welcomed the deal, saying it would save jobs.',
      '{P} warned that {O} rules limited how far duties could be cut.',
      'The {F} agreement still needs the approval of parliament in {C}.',
      'Farmers in {L} protested that cheap {F} imports would ruin them.',
    ],
  },
  {
    name: 'court',
    words: 'court trial judge jury verdict charges prosecutors lawyers appeal sentence evidence fraud hearing defendant witness'.split(' '),
    headlines: ['{S} goes on trial over {F} fraud', 'Jury hears {F} evidence against {S}', '{S} cleared in {F} case', 'Judge jails {S} over {F} scheme'],
    sentences: [
      'The trial of {P} over the {F} fraud opened in {L} on {D}.',
      'Prosecutors said {P} had moved {N} million through the {F} accounts.',
      'Judge {P2} told the jury to ignore reports about the {F} case.',
      'Lawyers for {P} said their client would appeal any verdict.',
      'A witness described meetings in {L} where the {F} payments were agreed.',
      'The {W} in {C} is expected to last {N} weeks.',
    ],
  },
  {
    name: 'football',
    words: 'match goal striker coach league cup season fans penalty stadium transfer squad injury draw victory'.split(' '),
    headlines: ['{F} beat rivals to reach cup final', '{S} scores twice as {F} win', '{F} coach {S} under pressure', '{S} injury blow for {F}'],
    sentences: [
      '{P} scored twice as {F} beat their rivals {N}-{N2} in {L} on {D}.',
      '{F} coach {P2} praised the fans who travelled to the stadium.',
      'The win lifts {F} to {N} points, top of the league in {C}.',
      '{P} limped off with an injury and may miss the cup final.',
      '{P2} said the {F} squad would rest players before the next match.',
      'Supporters of {F} filled the streets of {L} after the final whistle.',
    ],
  },
  {
    name: 'tech',
    words: 'phone launch software users chip devices market sales screen battery version network update security data'.split(' '),
    headlines: ['{F} unveils new phone in {L}', '{S} defends {F} data policy', '{F} recalls devices over battery fault', 'Sales of {F} chip beat forecasts'],
    sentences: [
      '{F} showed its new phone to reporters in {L} on {D}.',
      'Chief executive {P} said the device would go on sale for {N} dollars.',
      'Analysts expect {F} to sell {N} million units in the first year.',
      'Regulators in {C} asked {F} how it stored the data of its users.',
      '{P2} said a software update would fix the battery fault in the {F} devices.',
      'Shares in {F} rose {N}% after the launch.',
    ],
  },
  {
    name: 'flood',
    words: 'flood rain river evacuated homes rescue storm water levels warning roads damage villages boats emergency'.split(' '),
    headlines: ['Floods force thousands from homes in {L}', 'River {F} bursts its banks', 'Storm brings flooding to {C}', '{S} visits flood-hit {L}'],
    sentences: [
      'Heavy rain sent the {F} river over its banks near {L} on {D}.',
      'About {N},000 people were evacuated from villages along the {F}.',
      '{R} {P} said the army would send boats to reach stranded families.',
      'Forecasters in {C} warned of more rain and rising water levels.',
      '{P2} visited {L} and promised money to repair roads and homes.',
      '{O} said clean water was the most urgent need in {C}.',
    ],
  },
];

const generic = [
  'Officials said more details would be released later in the week.',
  'The news was reported widely in local media.',
  'Analysts said the coming days would be decisive.',
  'Critics said the government had been slow to respond.',
  'It was not immediately clear how long the situation would last.',
  'Reporters were kept away from the scene for several hours.',
];

/**
 * Paraphrase: per article, common words take one of their synonyms and sentences get a connective
 * or an attribution, so two reports of one event share facts and names, not sentences.
 */
const synonyms: string[][] = [
  ['said', 'told reporters', 'stated', 'announced', 'confirmed'],
  ['warned', 'cautioned', 'said'],
  ['urged', 'called on', 'pressed'],
  ['workers', 'employees', 'staff'],
  ['talks', 'negotiations', 'discussions'],
  ['people', 'residents', 'citizens'],
  ['would', 'will', 'could'],
  ['after', 'following', 'soon after'],
  ['expected', 'likely', 'set'],
  ['rose', 'climbed', 'jumped'],
  ['fall', 'drop', 'come down'],
  ['beat', 'defeated', 'overcame'],
  ['new', 'latest', 'fresh'],
  ['more', 'further', 'additional'],
  ['families', 'households', 'families'],
  ['million', 'million', 'mn'],
  ['reporters', 'journalists', 'the press'],
  ['began', 'opened', 'started'],
  ['opened', 'began', 'got under way'],
  ['promised', 'pledged', 'vowed'],
  ['welcomed', 'praised', 'hailed'],
  ['demanded', 'called for', 'insisted on'],
  ['the highest', 'the largest', 'the biggest'],
  ['struck', 'hit', 'shook'],
  ['sent', 'dispatched', 'despatched'],
  ['described', 'recounted', 'detailed'],
];
const commonStarts = new Set('The Workers Union Managers Voters Early Observers Turnout An Rescue Aftershocks Engineers Negotiators Exporters Farmers Prosecutors Lawyers A Analysts Regulators Shares Heavy About Forecasters Supporters Chief'.split(' '));
const connectives = ['', '', '', 'Meanwhile, ', 'Separately, ', 'However, ', 'Earlier, ', 'Later, ', 'At the same time, ', 'In a statement, '];
const attributions = ['', '', '', ', officials said', ', according to local media', ', witnesses said', ', a source said', ', sources close to the matter said'];

function paraphrase(rng: Rng, sentence: string): string {
  let out = sentence;
  for (const group of synonyms) {
    const word = group[0]!;
    out = out.replace(new RegExp(`\\b${word}\\b`, 'g'), () => rng.pick(group));
  }
  const connective = rng.pick(connectives);
  // Lower-cased after a connective unless the sentence starts with a name.
  const start = out.split(' ')[0]!;
  if (connective) out = connective + (commonStarts.has(start) ? start.toLowerCase() + out.slice(start.length) : out);
  const attribution = rng.pick(attributions);
  if (attribution && out.endsWith('.') && !/["”]$/.test(out.slice(0, -1))) out = `${out.slice(0, -1)}${attribution}.`;
  return out;
}

const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const onsets = ['b', 'br', 'd', 'f', 'g', 'gr', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'tr', 'v', 'z'];
const vowels = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou'];
const codas = ['', 'n', 'r', 's', 'l', 'm', 'nt', 'ck', 'rd'];

function pseudoName(rng: Rng): string {
  let word = '';
  for (let s = rng.int(2, 3); s > 0; s--) word += rng.pick(onsets) + rng.pick(vowels);
  word += rng.pick(codas);
  return word.charAt(0).toUpperCase() + word.slice(1);
}

interface Cast {
  topic: Topic;
  people: { name: string; surname: string; role: string }[];
  countries: string[];
  organization: string;
  place: string;
  facts: string[];
  start: number;
  span: number;
}

function castFor(rng: Rng, start: number, span: number, topic = rng.pick(topics)): Cast {
  const people = Array.from({ length: rng.int(2, 3) }, () => {
    const surname = rng.pick(surnames);
    return { name: `${rng.pick(firstNames)} ${surname}`, surname, role: rng.pick(roles) };
  });
  return {
    topic,
    people,
    countries: [rng.pick(countries), rng.pick(countries)],
    organization: rng.pick(organizations),
    place: pseudoName(rng),
    facts: Array.from({ length: 3 }, () => pseudoName(rng)),
    start,
    span,
  };
}

function fill(rng: Rng, template: string, cast: Cast): string {
  const [p1, p2] = rng.shuffle([...cast.people]);
  return template
    .replaceAll('{P2}', p2!.name)
    .replaceAll('{S2}', p2!.surname)
    .replaceAll('{C2}', cast.countries[1]!)
    .replaceAll('{N2}', String(rng.int(1, 9)))
    .replaceAll('{P}', p1!.name)
    .replaceAll('{S}', p1!.surname)
    .replaceAll('{R}', p1!.role.charAt(0).toUpperCase() + p1!.role.slice(1))
    .replaceAll('{C}', cast.countries[0]!)
    .replaceAll('{O}', cast.organization)
    .replaceAll('{L}', cast.place)
    .replaceAll('{D}', rng.pick(days))
    .replaceAll('{N}', String(rng.int(2, 90)))
    .replaceAll('{W}', rng.pick(cast.topic.words))
    .replace(/\{F\}/g, () => rng.pick(cast.facts));
}

function writeArticle(rng: Rng, cast: Cast): { title: string; body: string } {
  const title = fill(rng, rng.pick(cast.topic.headlines), cast);
  const sentences = rng.shuffle([...cast.topic.sentences]).slice(0, rng.int(4, 6)).map((s) => paraphrase(rng, fill(rng, s, cast)));
  if (rng.chance(0.6)) sentences.splice(rng.int(1, sentences.length), 0, rng.pick(generic));
  const paragraphs: string[] = [];
  for (let i = 0; i < sentences.length; i += 2) paragraphs.push(sentences.slice(i, i + 2).join(' '));
  return { title, body: paragraphs.join('\n\n') };
}

/** A syndicated copy: the body under another headline, sometimes updated, trimmed or lightly edited. */
function copyOf(rng: Rng, original: { title: string; body: string }, cast: Cast): { title: string; body: string } {
  let paragraphs = original.body.split('\n\n');
  const change = rng.next();
  if (change < 0.3) paragraphs = [...paragraphs, fill(rng, rng.pick(cast.topic.sentences), cast) + ' ' + rng.pick(generic)];
  else if (change < 0.45 && paragraphs.length > 2) paragraphs = paragraphs.slice(0, -1);
  else if (change < 0.6) paragraphs = paragraphs.map((p) => p.replace(/\bsaid\b/, 'told reporters').replace(/\bon (\w+day)\b/, 'on $1 morning'));
  let title = fill(rng, rng.pick(cast.topic.headlines), cast);
  if (title === original.title) title = `${title} - latest`;
  return { title, body: paragraphs.join('\n\n') };
}

export function generateStoryStream(options: StreamOptions = defaultStreamOptions): StreamArticle[] {
  const rng = new Rng(options.seed, 0x5707);
  const dayMs = 86_400_000;
  const origin = Date.parse('2024-01-01T00:00:00Z');
  const drafts: (Omit<StreamArticle, 'url' | 'duplicateOf'> & { copyOf: number | null; key: number })[] = [];
  const casts: Cast[] = [];
  for (let e = 0; e < options.events + options.noise; e++) {
    const noise = e >= options.events;
    casts.push(castFor(rng, origin + rng.next() * options.days * dayMs, noise ? 0 : rng.next() * 4 * dayMs));
  }
  casts.forEach((cast, event) => {
    const count = event >= options.events ? 1 : rng.int(2, options.maxArticles);
    for (let a = 0; a < count; a++) {
      const time = cast.start + rng.next() * cast.span;
      const written = writeArticle(rng, cast);
      const key = drafts.length;
      drafts.push({ ...written, source: rng.pick(sources), publishedAt: new Date(time).toISOString(), event, copyOf: null, key });
      if (rng.chance(options.copyRate)) {
        for (let c = rng.int(1, 2); c > 0; c--) {
          const copy = copyOf(rng, written, cast);
          drafts.push({ ...copy, source: rng.pick(sources), publishedAt: new Date(time + rng.next() * 6 * 3_600_000).toISOString(), event, copyOf: key, key: drafts.length });
        }
      }
    }
  });
  // In time order, as a feed delivers them.
  const ordered = [...drafts].sort((a, b) => a.publishedAt.localeCompare(b.publishedAt) || a.key - b.key);
  const position = new Map(ordered.map((d, i) => [d.key, i]));
  return ordered.map((d, i) => ({
    title: d.title,
    body: d.body,
    url: `https://stream.newsgraph.example/${options.seed}/${d.key}`,
    source: d.source,
    publishedAt: d.publishedAt,
    event: d.event,
    duplicateOf: d.copyOf === null ? i : position.get(d.copyOf)!,
  }));
}
