import { describe, expect, it } from 'vitest';
import { cleanText } from '../src/ingest/clean.ts';
import { applyContextCues, coordinatedLabels, countiesOutsideSport, isCommonAcronym, isDocumentName, isPronounContraction, longerNameOfHead, peopleBySurname, worksAfterArticle, worksByCredits, worksBySequelNumber, extractMentions, harmonizeLabels, joinTouchingNames, splitHyphenatedOrganizations, personAfterRole, placesOutsideSport, placesOverOrganizations, type Extraction } from '../src/ingest/extract.ts';
import { afterPersonRole, constituencies, firmsAfterPluralRoles, hyphenatedOnward, joinTouchingOrganizations, inCapitalsRun, namesOverPluralPossessive, newspapersByLastWord, organizationCue, playersOfLineUps, unsupportedOrganizations, worksByTitleShape } from '../src/ingest/extract.ts';
import { dropSinglesWithoutEvidence, eponymousIllness, namesWithPersonCues, firstNameShortForm, listOfNames, listsAfterLineUps, personCue, thingsAfterThe, untaggedPlayers } from '../src/ingest/extract.ts';
import { honorificSpansArePeople, initialBeforeSurname, namesOfPlaces, organizationsAfterNoun, oneWordNonPerson, peopleInTitles, pluralTitleLists, splitPeopleAtAnd, trimRoleWords, worksBeforeRoles, worksInLists, worksNamedWithAnd } from '../src/ingest/extract.ts';
import { tokenize } from '../src/ingest/tokens.ts';
import { countryCode } from '../src/db/countries.ts';
import { staticGazetteer } from '../src/ingest/static-gazetteer.ts';
import { sentenceIndexAt, splitSentences } from '../src/ingest/sentences.ts';

const countries = staticGazetteer();
const run = (text: string) => extractMentions(text, countries);
const surfaces = (x: Extraction, kind?: string) => x.mentions.filter((m) => !kind || m.kind === kind).map((m) => m.surface);
const codes = (x: Extraction) => x.mentions.filter((m) => m.kind === 'country').map((m) => countryCode(m.slug));
const people = (x: Extraction) => x.entities.filter((e) => e.kind === 'person').map((e) => e.name);
const slugsOf = (x: Extraction, kind: string) => x.mentions.filter((m) => m.kind === kind).map((m) => m.slug);

function expectConsistent(x: Extraction) {
  for (const m of x.mentions) {
    expect(m.surface).toBe(x.text.slice(m.start, m.end));
    const s = x.sentences[m.sentence]!;
    expect(s.start <= m.start && m.end <= s.end).toBe(true);
  }
}

describe('cleanText', () => {
  it('normalises quotes and whitespace but keeps lines', () => {
    expect(cleanText('  Kim’s  “deal”\u00a0here \r\n\r\n\r\nHeading line\t \nNext.')).toBe('Kim\'s "deal" here\n\nHeading line\nNext.');
  });
  it('drops link lines', () => {
    const raw = 'First paragraph.\nRead More: Why Has Russia Expelled Six British Diplomats?\nALSO READ: x\nREAD MORE\nRelated: other story\nRelated stories\nSecond paragraph.';
    expect(cleanText(raw)).toBe('First paragraph.\nSecond paragraph.');
  });
  it('keeps ordinary lines that merely start with those words', () => {
    expect(cleanText('Related parties met on Friday.\nMore than 20 died.')).toBe('Related parties met on Friday.\nMore than 20 died.');
  });
});

describe('splitSentences', () => {
  const split = (t: string) => splitSentences(t).map((s) => t.slice(s.start, s.end));
  it('does not split after titles, initials or U.S.', () => {
    expect(split('Mr. Putin met Dr. Kim in St. Petersburg. The U.S. Army said George W. Bush agreed. Then it ended.')).toEqual([
      'Mr. Putin met Dr. Kim in St. Petersburg.',
      'The U.S. Army said George W. Bush agreed.',
      'Then it ended.',
    ]);
  });
  it('splits after U.S. when a sentence opener follows', () => {
    expect(split('Missiles could reach the U.S. The Kremlin denied it.')).toEqual(['Missiles could reach the U.S.', 'The Kremlin denied it.']);
  });
  it('treats every line, such as a heading, as its own sentence', () => {
    expect(split('First one. Second one?\nA Heading Without Punctuation\n"Quoted!" he said.')).toEqual([
      'First one.',
      'Second one?',
      'A Heading Without Punctuation',
      '"Quoted!" he said.',
    ]);
  });
  it('finds the sentence of an offset', () => {
    const t = 'One two. Three four.';
    const s = splitSentences(t);
    expect(sentenceIndexAt(s, 0)).toBe(0);
    expect(sentenceIndexAt(s, t.indexOf('Three'))).toBe(1);
    expect(sentenceIndexAt(s, t.indexOf(' Three'))).toBe(-1);
  });
});

describe('countries', () => {
  it('prefers the longest match', () => {
    const x = run('North Korea and South Korea met. South Korea’s envoy spoke; the Korean Peninsula is tense.');
    expect(surfaces(x, 'country')).toEqual(['North Korea', 'South Korea', 'South Korea']);
    expect(codes(x)).toEqual(['KP', 'KR', 'KR']);
    expectConsistent(x);
  });
  it('reads codes only as capitals and never common words', () => {
    expect(codes(run('Let us go to the US and the USA. The U.S. agreed.'))).toEqual(['US', 'US', 'US']);
    expect(codes(run('Come IN and sit. IT IS ME. AND NOR CAN WE.'))).toEqual([]);
    expect(codes(run('It was a US-led effort, backed by RUS and GBR.'))).toEqual(['US', 'RU', 'GB']);
  });
  it('links demonyms, capitals and curated metonyms', () => {
    expect(codes(run('The Kremlin said Russian troops and Moscow officials met North Korean envoys in Pyongyang.'))).toEqual([
      'RU',
      'RU',
      'RU',
      'KP',
      'KP',
    ]);
    expect(codes(run('British, French and Israeli officials met in Washington.'))).toEqual(['GB', 'FR', 'IL', 'US']);
  });
  it('does not take places that contain a country name for the country', () => {
    expect(codes(run('Trade from Latin America to New Mexico and the South China Sea grew.'))).toEqual([]);
  });
  it('does not link an ambiguous alias blindly', () => {
    // "Congolese" names both Congos; the article names neither
    expect(codes(run('Congolese troops crossed the border.'))).toEqual([]);
    // ...but resolves once the article names one of them
    expect(codes(run('Congolese troops crossed into the Republic of the Congo.'))).toEqual(['CG', 'CG']);
  });
  it('lets a person name win over a capital: George Washington', () => {
    const x = run('George Washington crossed the river. Washington later denied it.');
    expect(people(x)).toEqual(['George Washington']);
    expect(surfaces(x, 'person')[0]).toBe('George Washington');
  });
  it('keeps offsets on the cleaned text', () => {
    const x = run('  Read More: skip this\n“Russia’s” view,  said   Ukraine.');
    expect(x.text).toBe('"Russia\'s" view, said Ukraine.');
    expect(surfaces(x)).toEqual(['Russia', 'Ukraine']);
    expectConsistent(x);
  });
});

describe('people', () => {
  it('strips titles and possessives', () => {
    const x = run("President Vladimir Putin spoke. Prime Minister Fumio Kishida's aide and Dr. Jane Smith’s team listened.");
    expect(people(x)).toEqual(['Vladimir Putin', 'Fumio Kishida', 'Jane Smith']);
    expect(surfaces(x, 'person')).toEqual(['Vladimir Putin', 'Fumio Kishida', 'Jane Smith']);
    expectConsistent(x);
  });
  it('resolves short forms and titled short forms to the full name', () => {
    const x = run("Russian President Vladimir Putin arrived. Putin said little. Later Mr. Putin's aides spoke, and President Putin left.");
    expect(slugsOf(x, 'person')).toEqual(['vladimir-putin', 'vladimir-putin', 'vladimir-putin', 'vladimir-putin']);
    expect(x.entities.find((e) => e.slug === 'vladimir-putin')!.aliases).toEqual([{ text: 'Putin', type: 'short' }]);
    expect(codes(x)).toEqual(['RU']);
  });
  it('keeps Kim Jong Il apart from Kim Jong Un', () => {
    const x = run('Kim Jong Un met envoys. Mr. Kim smiled. His father Kim Jong Il ruled before him. Kim later left.');
    expect(people(x).sort()).toEqual(['Kim Jong Il', 'Kim Jong Un']);
    // the short form goes to the person named most often so far (Kim Jong Un: 2 vs 1)
    expect(slugsOf(x, 'person')).toEqual(['kim-jong-un', 'kim-jong-un', 'kim-jong-il', 'kim-jong-un']);
  });
  it('makes a titled surname a person when no full name is known', () => {
    const x = run('Mr. Smith declined to comment.');
    expect(x.entities).toEqual([{ kind: 'person', slug: 'smith', name: 'Smith', aliases: [] }]);
  });
  it('takes news agencies and blocs for organisations', () => {
    const x = run('Reuters and Xinhua reported, citing RIA and Bloomberg, that NATO and the UN objected.');
    expect(people(x)).toEqual([]);
    expect(x.entities.filter((e) => e.kind === 'organization').map((e) => e.name)).toEqual([
      'Reuters',
      'Xinhua',
      'RIA Novosti',
      'Bloomberg',
      'NATO',
      'United Nations',
    ]);
  });
  it('makes no person from a heading line', () => {
    const x = run('Why Western Sanctions Fail Again\nRussia finding ways around Western sanctions\nThe talks went on.');
    expect(people(x)).toEqual([]);
  });
});

describe('label consistency and context cues', () => {
  type Label = 'PER' | 'ORG' | 'LOC' | 'MISC';
  /** Spans over tokenize(text), given as [label, first word, word count, confidence]. */
  const spansOf = (text: string, specs: [Label, string, number, number][]) => {
    const tokens = tokenize(text);
    const from = new Map<string, number>();
    const spans = specs.map(([label, word, n, confidence]) => {
      const i0 = tokens.findIndex((t, k) => t.text === word && k >= (from.get(word) ?? 0));
      from.set(word, i0 + 1);
      return { label, i0, i1: i0 + n, confidence };
    });
    return { tokens, spans };
  };
  it('gives every span of one name the label with the most summed confidence when one is PER', () => {
    const { tokens, spans } = spansOf('Fiat cut jobs. Fiat cars sold. Later Fiat said no.', [
      ['ORG', 'Fiat', 1, 0.9],
      ['PER', 'Fiat', 1, 0.5],
      ['ORG', 'Fiat', 1, 0.3],
    ]);
    harmonizeLabels(spans, tokens);
    expect(spans.map((s) => s.label)).toEqual(['ORG', 'ORG', 'ORG']);
  });
  it('makes a first name or initials before a surname the article calls PER a person', () => {
    const { tokens, spans } = spansOf('JK Rowling wrote it. Rowling said so. Rowling left. Jack Daniels Inc grew. Daniels rose.', [
      ['ORG', 'JK', 2, 0.7],
      ['PER', 'Rowling', 1, 0.5],
      ['PER', 'Rowling', 1, 0.6],
      ['ORG', 'Jack', 3, 0.9],
      ['PER', 'Daniels', 1, 0.4],
    ]);
    harmonizeLabels(spans, tokens);
    expect(spans.map((s) => s.label)).toEqual(['PER', 'PER', 'PER', 'ORG', 'PER']);
  });
  it('leaves LOC and ORG of one name alone (the city and the club)', () => {
    const { tokens, spans } = spansOf('Leeds won. Fans in Leeds cheered.', [
      ['ORG', 'Leeds', 1, 0.9],
      ['LOC', 'Leeds', 1, 0.5],
    ]);
    harmonizeLabels(spans, tokens);
    expect(spans.map((s) => s.label)).toEqual(['ORG', 'LOC']);
  });
  it('makes a known place a place where its LOC spans outweigh its ORG spans, not an unknown name', () => {
    const { tokens, spans } = spansOf('Hollywood cheered. Hollywood said no. Acme won. Acme rose.', [
      ['LOC', 'Hollywood', 1, 0.9],
      ['ORG', 'Hollywood', 1, 0.7],
      ['LOC', 'Acme', 1, 0.9],
      ['ORG', 'Acme', 1, 0.7],
    ]);
    placesOverOrganizations(spans, tokens);
    expect(spans.map((s) => s.label)).toEqual(['LOC', 'LOC', 'LOC', 'ORG']);
    // the club's ORG votes win: left alone
    const club = spansOf('Leeds won. Leeds lost. Fans in Leeds cheered.', [
      ['ORG', 'Leeds', 1, 0.9],
      ['ORG', 'Leeds', 1, 0.8],
      ['LOC', 'Leeds', 1, 0.5],
    ]);
    placesOverOrganizations(club.spans, club.tokens);
    expect(club.spans.map((s) => s.label)).toEqual(['ORG', 'ORG', 'LOC']);
  });
  it('makes a name right after a lower-case role the person, not a firm or a market leader', () => {
    const { tokens, spans } = spansOf(
      'Liberal Democrat deputy leader Menzies Campbell spoke. Its director Matrix Asset Advisors said so. The market leader Nokia Mobile grew. Leader Menzies Campbell left.',
      [
        ['ORG', 'Menzies', 2, 0.75],
        ['ORG', 'Matrix', 3, 0.8],
        ['ORG', 'Nokia', 2, 0.8],
        ['ORG', 'Menzies', 2, 0.75],
      ],
    );
    personAfterRole(spans, tokens);
    expect(spans.map((s) => s.label)).toEqual(['PER', 'ORG', 'ORG', 'ORG']);
  });
  it('makes a doubted person beside a confident organisation in a list an organisation, not the reverse', () => {
    const { tokens, spans } = spansOf('Sony and Nintendo rose, as did Reveta Bowers and Hard Candy.', [
      ['ORG', 'Sony', 1, 0.9],
      ['PER', 'Nintendo', 1, 0.4],
      ['PER', 'Reveta', 2, 0.9],
      ['ORG', 'Hard', 2, 0.3],
    ]);
    coordinatedLabels(spans, tokens);
    expect(spans.map((s) => s.label)).toEqual(['ORG', 'ORG', 'PER', 'ORG']);
  });
  it('splits a hyphenated ORG span when the article names each side alone as an organisation', () => {
    const { tokens, spans } = spansOf('Fiat rose. GM fell. The Fiat-GM alliance ended. Coca-Cola grew.', [
      ['ORG', 'Fiat', 1, 0.9],
      ['ORG', 'GM', 1, 0.8],
      ['ORG', 'Fiat', 3, 0.6],
      ['ORG', 'Coca', 3, 0.9],
    ]);
    splitHyphenatedOrganizations(spans, tokens);
    expect(spans.map((s) => tokens.slice(s.i0, s.i1).map((t) => t.text).join(''))).toEqual(['Fiat', 'GM', 'Fiat', 'GM', 'Coca-Cola']);
  });
  it('reads a known place tagged ORG as the place outside sports reports, the club in them', () => {
    const business = spansOf("Fiat's shares on the Milan stock exchange rose.", [['ORG', 'Milan', 1, 0.7]]);
    placesOutsideSport(business.spans, business.tokens);
    expect(business.spans.map((s) => s.label)).toEqual(['LOC']);
    const sport = spansOf('Leeds beat Milan in the league match. The striker scored twice.', [
      ['ORG', 'Leeds', 1, 0.9],
      ['ORG', 'Milan', 1, 0.7],
    ]);
    placesOutsideSport(sport.spans, sport.tokens);
    expect(sport.spans.map((s) => s.label)).toEqual(['ORG', 'ORG']);
    // a name that is no known place keeps its ORG anywhere
    const firm = spansOf('Shares in Acme rose.', [['ORG', 'Acme', 1, 0.6]]);
    placesOutsideSport(firm.spans, firm.tokens);
    expect(firm.spans.map((s) => s.label)).toEqual(['ORG']);
  });
  it('lets a confident minority win over several unsure votes, and leaves ties alone', () => {
    const a = spansOf('Fiat rose. Fiat fell. Fiat said.', [
      ['PER', 'Fiat', 1, 0.3],
      ['PER', 'Fiat', 1, 0.3],
      ['ORG', 'Fiat', 1, 0.9],
    ]);
    harmonizeLabels(a.spans, a.tokens);
    expect(a.spans.map((s) => s.label)).toEqual(['ORG', 'ORG', 'ORG']);
    const weak = spansOf('Fiat rose. Fiat fell.', [
      ['PER', 'Fiat', 1, 0.6],
      ['ORG', 'Fiat', 1, 0.4],
    ]);
    // a one-word person never named in full votes at half weight
    harmonizeLabels(weak.spans, weak.tokens);
    expect(weak.spans.map((s) => s.label)).toEqual(['ORG', 'ORG']);
    // a weak one-word PER (half of 1.0) against LOC 0.5: a tie, each keeps its label
    const b = spansOf('Jordan won. Jordan lost.', [
      ['PER', 'Jordan', 1, 1],
      ['LOC', 'Jordan', 1, 0.5],
    ]);
    harmonizeLabels(b.spans, b.tokens);
    expect(b.spans.map((s) => s.label)).toEqual(['PER', 'LOC']);
  });

  it('counts a full name as a vote for its surname alone being that person', () => {
    const a = spansOf('Kenenisa Bekele ran. Bekele won. Bekele said. Bekele left.', [
      ['PER', 'Kenenisa', 2, 0.42],
      ['PER', 'Bekele', 1, 0.66],
      ['ORG', 'Bekele', 1, 0.31],
      ['ORG', 'Bekele', 1, 0.64],
    ]);
    harmonizeLabels(a.spans, a.tokens);
    expect(a.spans.map((s) => s.label)).toEqual(['PER', 'PER', 'PER', 'PER']);
  });

  it('keeps a name with a middle initial whole when the tagger splits it around the initial', () => {
    const names = (t: string) => run(t).mentions.map((m) => `${m.kind}:${m.surface}`);
    expect(names('The film starred George C Scott as the general.')).toEqual(['person:George C Scott']);
    expect(names('President George W Bush met Tony Blair.')).toEqual(['person:George W Bush', 'person:Tony Blair']);
  });

  it('reads a list of initials and surnames as a line-up whatever the labels, across particles', () => {
    const { mentions } = run('H Ruiz, KP Owusu, CA del Bosco, D dal Pino, T Okafor, M Lindqvist.');
    expect(mentions.filter((m) => m.kind === 'organization')).toEqual([]);
    const people = mentions.filter((m) => m.kind === 'person').map((m) => m.surface);
    expect(people).toEqual(expect.arrayContaining(['KP Owusu', 'CA del Bosco', 'T Okafor', 'M Lindqvist']));
    // the clubs in brackets are no players
    const squad = run('J Okoro (Bath), T Lind (Wasps), R Haas (Leicester), M Duval (Bath), P Novak (Gloucester).').mentions;
    const players = squad.filter((m) => m.kind === 'person').map((m) => m.surface);
    expect(players).toEqual(expect.arrayContaining(['J Okoro', 'M Duval']));
    expect(players.filter((p) => ['Bath', 'Wasps', 'Leicester', 'Gloucester'].includes(p))).toEqual([]);
  });
  it('reads a name after a work noun or whole in quotes as a work', () => {
    const { tokens, spans } = spansOf("He starred in the film Ray and the hit show Little Britain. 'Doom' sold well. Polls show Blair ahead.", [
      ['PER', 'Ray', 1, 0.8],
      ['ORG', 'Little', 2, 0.8],
      ['ORG', 'Doom', 1, 0.8],
      ['PER', 'Blair', 1, 0.8],
    ]);
    applyContextCues(spans, tokens);
    expect(spans.map((s) => s.label)).toEqual(['MISC', 'MISC', 'MISC', 'PER']);
  });
  it('reads a name in a company frame as an organisation', () => {
    const { tokens, spans } = spansOf("Shares in Fiat fell. Sony's chief executive spoke. Said Fiat chief executive Sergio Marchionne. Its rival Nintendo agreed. Marconi plc grew. Former Blackburn and Fulham boss Roy Hodgson spoke. Blair's chief of staff left.", [
      ['PER', 'Fiat', 1, 0.6],
      ['PER', 'Sony', 1, 0.6],
      ['PER', 'Fiat', 1, 0.6],
      ['PER', 'Nintendo', 1, 0.6],
      ['PER', 'Marconi', 1, 0.6],
      ['PER', 'Blackburn', 1, 0.6],
      ['PER', 'Roy', 2, 0.9],
      ['PER', 'Blair', 1, 0.6],
    ]);
    applyContextCues(spans, tokens);
    expect(spans.map((s) => s.label)).toEqual(['ORG', 'ORG', 'ORG', 'ORG', 'ORG', 'ORG', 'PER', 'PER']);
  });
  it('carries a work noun\'s cue to the name\'s other spans, past the title\'s own "The", not after the verb "play"', () => {
    const { tokens, spans } = spansOf('The comedy Sideways won. Later Sideways led. The movie The Aviator sold. He will play Roger Federer.', [
      ['ORG', 'Sideways', 1, 0.8],
      ['ORG', 'Sideways', 1, 0.9],
      ['ORG', 'Aviator', 1, 0.8],
      ['PER', 'Roger', 2, 0.9],
    ]);
    applyContextCues(spans, tokens);
    expect(spans.map((s) => s.label)).toEqual(['MISC', 'MISC', 'MISC', 'PER']);
  });
  it('joins an ORG piece touching a MISC or LOC span into the longer name, not a maker before its product or a club before a nationality', () => {
    const text = 'The Bank of England met. The Norwich Union Grand Prix began. Sony PlayStation sold. The Tampa Bay Buccaneers American football team won. BBC Radio Wales said so. Sales at Sony rose.';
    const { tokens, spans } = spansOf(text, [
      ['ORG', 'Bank', 2, 0.7],
      ['LOC', 'England', 1, 0.9],
      ['ORG', 'Norwich', 2, 0.9],
      ['MISC', 'Grand', 2, 0.9],
      ['ORG', 'Sony', 1, 0.9],
      ['MISC', 'PlayStation', 1, 0.9],
      ['ORG', 'Tampa', 3, 0.5],
      ['MISC', 'American', 1, 0.5],
      ['ORG', 'BBC', 2, 0.9],
      ['LOC', 'Wales', 1, 0.8],
      ['ORG', 'Sony', 1, 0.9],
    ]);
    const sentOf = tokens.map((t) => sentenceIndexAt(splitSentences(text), t.start));
    joinTouchingNames(spans, tokens, sentOf, () => false, (w) => countries.isCountryWord(w));
    expect(spans.map((s) => `${s.label}:${tokens.slice(s.i0, s.i1).map((t) => t.text).join(' ')}`)).toEqual([
      'ORG:Bank of England',
      'MISC:Norwich Union Grand Prix',
      'ORG:Sony',
      'MISC:PlayStation',
      'ORG:Tampa Bay Buccaneers',
      'MISC:American',
      'ORG:BBC Radio',
      'LOC:Wales',
      'ORG:Sony',
    ]);
    // through the whole pipeline: the event's sponsor is no organisation, the bank is whole
    expect(run('Bekele will run at the Norwich Union Grand Prix in Birmingham.').entities.filter((e) => e.kind === 'organization')).toEqual([]);
  });
  it('reads a name after a band or firm noun, or before a band member\'s role, as an organisation in every span, not people in a duo', () => {
    const text = 'The rock band Franz Ferdinand won. Franz Ferdinand toured. Kaiser Chiefs frontman Ricky Wilson sang. Comedy duo Matt Lucas and David Walliams spoke.';
    const { tokens, spans } = spansOf(text, [
      ['PER', 'Franz', 2, 0.9],
      ['PER', 'Franz', 2, 1],
      ['PER', 'Kaiser', 2, 0.6],
      ['PER', 'Ricky', 2, 1],
      ['PER', 'Matt', 2, 1],
      ['PER', 'David', 2, 1],
    ]);
    applyContextCues(spans, tokens);
    expect(spans.map((s) => s.label)).toEqual(['ORG', 'ORG', 'ORG', 'PER', 'PER', 'PER']);
  });
  it('reads a name after a publication noun, or a PER or MISC name before one, as the publication, not a country or a place', () => {
    const text = 'Scottish magazine The List said so. The Guardian newspaper agreed. The US magazine printed it. A Hollywood paper ran it. He told the journal Nature, Dr Ray said.';
    const { tokens, spans } = spansOf(text, [
      ['MISC', 'Scottish', 1, 0.9],
      ['MISC', 'List', 1, 0.4],
      ['MISC', 'Guardian', 1, 0.6],
      ['LOC', 'US', 1, 0.9],
      ['LOC', 'Hollywood', 1, 0.8],
      ['PER', 'Nature', 4, 0.5],
    ]);
    applyContextCues(spans, tokens, (w) => countries.isCountryWord(w));
    expect(spans.map((s) => s.label)).toEqual(['MISC', 'ORG', 'ORG', 'LOC', 'LOC', 'PER']);
  });
  it('reads a one-word PER after "a" or "an" as a thing, not a person', () => {
    const { tokens, spans } = spansOf('She won an Oscar in March. He met a Muslim cleric. Oscar Wilde wrote it. Mr Blair agreed.', [
      ['PER', 'Oscar', 1, 0.5],
      ['PER', 'Muslim', 1, 0.5],
      ['PER', 'Oscar', 2, 0.9],
      ['PER', 'Blair', 1, 0.9],
    ]);
    applyContextCues(spans, tokens);
    expect(spans.map((s) => s.label)).toEqual(['MISC', 'MISC', 'PER', 'PER']);
  });
  it('reads a one-word name between "the" and a player\'s role as the club, not a country or a device', () => {
    const { tokens, spans } = spansOf('The Wasps wing scored. Said the Sale player. The England wing ran. The Icelandic captain spoke. The MP3 player sold.', [
      ['MISC', 'Wasps', 1, 0.28],
      ['LOC', 'Sale', 1, 0.52],
      ['LOC', 'England', 1, 0.99],
      ['MISC', 'Icelandic', 1, 0.9],
      ['MISC', 'MP3', 1, 0.5],
    ]);
    applyContextCues(spans, tokens, (w) => countries.isCountryWord(w));
    expect(spans.map((s) => s.label)).toEqual(['ORG', 'ORG', 'LOC', 'MISC', 'MISC']);
    expect(spans[0]!.confidence).toBe(0.5);
  });
  it('reads an organisation listed between two places as a place', () => {
    const { tokens, spans } = spansOf('Prices rose in Wales, Yorkshire and the North West. Leeds, Chelsea and Everton won.', [
      ['LOC', 'Wales', 1, 0.9],
      ['ORG', 'Yorkshire', 1, 0.9],
      ['LOC', 'North', 2, 0.9],
      ['ORG', 'Leeds', 1, 0.9],
      ['ORG', 'Chelsea', 1, 0.9],
      ['ORG', 'Everton', 1, 0.9],
    ]);
    coordinatedLabels(spans, tokens);
    expect(spans.map((s) => s.label)).toEqual(['LOC', 'LOC', 'LOC', 'ORG', 'ORG', 'ORG']);
  });
  it('links a curated organisation whichever of its listed cases the text uses ("Uefa", "UEFA")', () => {
    const orgs = (t: string) => run(t).mentions.filter((m) => m.kind === 'organization').map((m) => `${m.surface}=${m.slug}`);
    expect(orgs("He joined Uefa's technical committee.")).toEqual(['Uefa=uefa']);
    expect(orgs('He joined the UEFA committee and spoke to Fifa.')).toEqual(['UEFA=uefa', 'Fifa=fifa']);
  });
  it('extends a span that stops short of a known organisation\'s name ("Channel | 4", "Radio | 4")', () => {
    const orgs = (t: string) => run(t).mentions.filter((m) => m.kind === 'organization').map((m) => `${m.surface}=${m.slug}`);
    expect(orgs("He was nominated to leave the Channel 4 show by fellow housemates.")).toEqual(['Channel 4=channel-4']);
    expect(orgs("Michael Cawley told Radio 4's Today programme that fares would rise.")).toEqual(['Radio 4=bbc']);
  });
  it('takes no pronoun, job abbreviation, faith or competition alone for an organisation or person', () => {
    const x = run('Everyone agreed. Everything changed when the DJ left the station.');
    expect(x.entities).toEqual([]);
    // nor followers of a faith, a kind of people like a nationality
    expect(run('Muslims and Hindus marched. Muslim leaders said so.').entities).toEqual([]);
    // nor a competition named after its sponsor
    expect(run('Leicester lead the Zurich Premiership after the weekend.').entities.map((e) => e.name)).not.toContain('Zurich Premiership');
  });
});

describe('unsure tagger spans', () => {
  // these sentences were chosen for the committed model's confidence (see the numbers per case)
  it('never takes an unsure multi-word name without a first name for a person', () => {
    // The model retrained after the country alias changes reads it as an unsure ORG (0.32), so it
    // is dropped rather than turned from PER into an organisation; either way it is no person.
    const x = run('Electronic Arts was named top publisher of the year, taking the crown from Nintendo.');
    expect(people(x)).toEqual([]);
  });
  it('keeps a confident one as a person (PER 0.85)', () => {
    expect(people(run('Wadham Kenning was named top publisher of the year.'))).toEqual(['Wadham Kenning']);
  });
  it('drops an organisation the tagger barely believes in (ORG 0.28)', () => {
    expect(run('The minister said it would bring in a huge number of extremely bad Bills.').entities).toEqual([]);
  });
  it('takes no acronym in the plural for an organisation', () => {
    const x = run('Stern and two other New York DJs were fined. Online training helped people rewrite CVs and learn skills.');
    expect(x.entities.filter((e) => e.kind === 'organization')).toEqual([]);
  });
  it('splits two known company words joined by "and" and keeps both despite the joined span\'s doubt (ORG 0.12)', () => {
    const x = run('GM is struggling with its own loss-making European marques Opel and Saab. The relationship soured further.');
    expect(x.entities.filter((e) => e.kind === 'organization').map((e) => e.name)).toEqual(['General Motors', 'Opel', 'Saab']);
  });
});

describe('organisation precision (branch org7)', () => {
  const orgs = (x: Extraction) => x.entities.filter((e) => e.kind === 'organization').map((e) => e.name);
  it('takes no acronym of a thing for an organisation, nor a country code before one', () => {
    expect(isCommonAcronym(['ID'])).toBe(true);
    expect(isCommonAcronym(['R&B'])).toBe(true);
    expect(isCommonAcronym(['US', 'TV'])).toBe(true);
    expect(isCommonAcronym(['IBM'])).toBe(false);
    expect(isCommonAcronym(['US', 'Senate'])).toBe(false);
    const x = run('Ministers pressed ahead with plans for ID cards. Sales of SMS messages rose. IBM said sales of USB keys grew.');
    expect(orgs(x)).toEqual(['IBM']);
  });
  it('reads an English county tagged ORG as the place outside sport, the club in sports reports', () => {
    const tokens = tokenize('Unemployment fell in Yorkshire and in Kent, the figures showed.');
    const at = (w: string) => tokens.findIndex((t) => t.text === w);
    const spans = [
      { label: 'ORG' as const, i0: at('Yorkshire'), i1: at('Yorkshire') + 1, confidence: 0.9 },
      { label: 'ORG' as const, i0: at('Kent'), i1: at('Kent') + 1, confidence: 0.6 },
    ];
    countiesOutsideSport(spans, tokens);
    expect(spans.map((s) => s.label)).toEqual(['LOC', 'LOC']);
    const sport = tokenize('Yorkshire won the match by six wickets; the bowler took four.');
    const club = [{ label: 'ORG' as const, i0: 0, i1: 1, confidence: 0.9 }];
    countiesOutsideSport(club, sport);
    expect(club[0]!.label).toBe('ORG');
    // a name that merely contains a county is left alone
    const firm = tokenize('Profits at Yorkshire Water fell, the firm said.');
    const water = [{ label: 'ORG' as const, i0: 2, i1: 4, confidence: 0.9 }];
    countiesOutsideSport(water, firm);
    expect(water[0]!.label).toBe('ORG');
  });
  it('reads a name in a film credit as a work, and names listed beside it or after a person\'s possessive too', () => {
    const text = "Hilary Swank was nominated for Million Dollar Baby. Eastwood's Gran Torino, Sideways and The Aviator rose. Acme Films said so.";
    const tokens = tokenize(text);
    const at = (w: string) => tokens.findIndex((t) => t.text === w);
    const span = (label: 'PER' | 'ORG' | 'MISC', w: string, n: number, confidence = 0.8) => ({ label, i0: at(w), i1: at(w) + n, confidence });
    const spans = [span('PER', 'Hilary', 2), span('ORG', 'Million', 3), span('PER', 'Eastwood', 1), span('ORG', 'Gran', 2), span('ORG', 'Sideways', 1), span('MISC', 'Aviator', 1), span('ORG', 'Acme', 2)];
    worksByCredits(spans, tokens);
    expect(spans.map((s) => s.label)).toEqual(['PER', 'MISC', 'PER', 'MISC', 'MISC', 'MISC', 'ORG']);
    // an ORG in apposition to a work noun is the work; a clause's subject after one is not
    const game = tokenize('It went to the Nintendo title, Zelda Legends. It is a video game, Sony told them.');
    const titles = [
      { label: 'ORG' as const, i0: game.findIndex((t) => t.text === 'Zelda'), i1: game.findIndex((t) => t.text === 'Zelda') + 2, confidence: 0.8 },
      { label: 'ORG' as const, i0: game.findIndex((t) => t.text === 'Sony'), i1: game.findIndex((t) => t.text === 'Sony') + 1, confidence: 0.8 },
    ];
    worksByCredits(titles, game);
    expect(titles.map((s) => s.label)).toEqual(['MISC', 'ORG']);
    // in a match report "for" names the club
    const sport = tokenize('Henry scored for Arsenal in the league match; the striker hit two goals.');
    const club = [{ label: 'PER' as const, i0: 0, i1: 1, confidence: 0.9 }, { label: 'ORG' as const, i0: 3, i1: 4, confidence: 0.9 }];
    worksByCredits(club, sport);
    expect(club.map((s) => s.label)).toEqual(['PER', 'ORG']);
  });
  it('makes a two-word ORG name a person where the article calls its last word alone a person, not a firm', () => {
    const text = 'Beaten finalist Lleyton Hewitt said so. Hewitt lost. Lleyton will rest. Goldman Sachs rose. Sachs spoke. Since Blinkx began, Blinkx grew.';
    const tokens = tokenize(text);
    const at = (w: string) => tokens.findIndex((t) => t.text === w);
    const span = (label: 'PER' | 'ORG', i0: number, n: number, confidence: number) => ({ label, i0, i1: i0 + n, confidence });
    const spans = [
      span('ORG', at('Lleyton'), 2, 0.56),
      span('PER', tokens.findLastIndex((t) => t.text === 'Hewitt'), 1, 0.95),
      span('ORG', tokens.findLastIndex((t) => t.text === 'Lleyton'), 1, 0.9),
      span('ORG', at('Goldman'), 2, 0.6),
      span('PER', tokens.findLastIndex((t) => t.text === 'Sachs'), 1, 0.9),
      span('ORG', at('Since'), 2, 0.4),
      span('PER', tokens.findLastIndex((t) => t.text === 'Blinkx'), 1, 0.9),
    ];
    peopleBySurname(spans, tokens);
    expect(spans.map((s) => s.label)).toEqual(['PER', 'PER', 'MISC', 'ORG', 'PER', 'ORG', 'PER']);
  });
  it('reads a name after a capitalised "A" inside a sentence as a title, in every span of it', () => {
    const tokens = tokenize('It remade the movie A Little Princess. Little Princess sold well. A Bank rose.');
    const at = (w: string, from = 0) => tokens.findIndex((t, k) => k >= from && t.text === w);
    const spans = [
      { label: 'ORG' as const, i0: at('Little'), i1: at('Little') + 2, confidence: 0.8 },
      { label: 'ORG' as const, i0: at('Little', at('Little') + 1), i1: at('Little', at('Little') + 1) + 2, confidence: 0.8 },
      { label: 'ORG' as const, i0: at('Bank'), i1: at('Bank') + 1, confidence: 0.8 },
    ];
    worksAfterArticle(spans, tokens);
    expect(spans.map((s) => s.label)).toEqual(['MISC', 'MISC', 'ORG']);
  });
  it('takes no law, treaty, hemisphere or pronoun contraction for an organisation, but keeps a treaty organisation', () => {
    expect(isDocumentName(['Freedom', 'of', 'Information', 'Act'])).toBe(true);
    expect(isDocumentName(['Northern', 'Hemisphere'])).toBe(true);
    expect(isDocumentName(['North', 'Atlantic', 'Treaty', 'Organisation'])).toBe(false);
    expect(isDocumentName(['Freedom', 'of', 'Information'], 'Act')).toBe(true);
    expect(isDocumentName(['Labour'], 'act')).toBe(false);
    expect(isPronounContraction("I'm")).toBe(true);
    expect(isPronounContraction('IBM')).toBe(false);
    const x = run('The BBC programme Go Digital asked about it. Requests under the Freedom of Information Act rose, Reuters said.');
    expect(orgs(x)).toEqual(['BBC', 'Reuters']);
  });
  it('reads a name before a sequel number as a work, not in match reports nor a channel', () => {
    const text = 'It was followed by Halo 2 and Doom 3, while Halo sold well. He spoke on BBC Radio 4 and Fathers 4 Justice protested.';
    const tokens = tokenize(text);
    const at = (w: string) => tokens.findIndex((t) => t.text === w);
    const span = (w: string, n: number) => ({ label: 'ORG' as const, i0: at(w), i1: at(w) + n, confidence: 0.8 });
    const halo2 = tokens.findLastIndex((t) => t.text === 'Halo');
    const spans = [span('Halo', 1), span('Doom', 1), { label: 'ORG' as const, i0: halo2, i1: halo2 + 1, confidence: 0.8 }, span('BBC', 2), span('Fathers', 1)];
    worksBySequelNumber(spans, tokens);
    expect(spans.map((s) => s.label)).toEqual(['MISC', 'MISC', 'MISC', 'ORG', 'ORG']);
    const report = tokenize('Leeds 2 Chelsea 1: the striker scored twice in the league match.');
    const teams = [{ label: 'ORG' as const, i0: 0, i1: 1, confidence: 0.9 }];
    worksBySequelNumber(teams, report);
    expect(teams[0]!.label).toBe('ORG');
  });
  it('reads "the Bank" as the one longer organisation of the article that starts with it', () => {
    const text = 'The Bank of England held rates. The Department of Trade and Industry agreed, and the Bank said so. Google and Ask Jeeves rose; the Google deal and the Lord spoke.';
    const tokens = tokenize(text);
    const at = (w: string, from = 0) => tokens.findIndex((t, k) => k >= from && t.text === w);
    const spans = [
      { label: 'ORG' as const, i0: at('Bank'), i1: at('Bank') + 3, confidence: 0.9 },
      { label: 'ORG' as const, i0: at('Department'), i1: at('Department') + 5, confidence: 0.9 },
      { label: 'ORG' as const, i0: at('Google'), i1: at('Google') + 4, confidence: 0.5 },
    ];
    expect(longerNameOfHead(at('Bank', at('Bank') + 1), spans, tokens)).toEqual({ i0: at('Bank'), i1: at('Bank') + 3 });
    // two names joined by "and" are no one name; a title is no head
    expect(longerNameOfHead(at('Google', at('Google') + 1), spans, tokens)).toBeUndefined();
    expect(longerNameOfHead(at('Lord'), spans, tokens)).toBeUndefined();
    // the article's one longer name is linked: "the Bank" is the Bank of England
    const x = run('The Bank of England held rates at 4.75%. Analysts said the Bank would wait.');
    expect(x.mentions.filter((m) => m.kind === 'organization').map((m) => m.surface)).toEqual(['Bank of England', 'Bank']);
    expect(orgs(x)).toEqual(['Bank of England']);
  });
  it('takes no award, election or Budget for an organisation', () => {
    const x = run('She won a Golden Globe last year. The General Election is expected in May, Reuters said. The Budget will follow.');
    expect(orgs(x)).toEqual(['Reuters']);
  });
});

describe('organisations by document-level evidence (branch org8)', () => {
  const orgs = (x: Extraction) => x.entities.filter((e) => e.kind === 'organization').map((e) => e.name);
  const sentencesOf = (tokens: ReturnType<typeof tokenize>, text: string) => {
    const sentences = splitSentences(text);
    return tokens.map((t) => sentenceIndexAt(sentences, t.start));
  };
  it('reads the cues that make a name an organisation wherever it stands', () => {
    const cue = (text: string, word: string) => {
      const tokens = tokenize(text);
      const i = tokens.findIndex((t) => t.text === word);
      return organizationCue(tokens, i, i + 1);
    };
    expect(cue('The filtering firm Ciphertrust said so.', 'Ciphertrust')).toBe(true);
    expect(cue('Former Blackburn boss Roy Hodgson spoke.', 'Blackburn')).toBe(true);
    expect(cue('A Citadel spokesman declined to comment.', 'Citadel')).toBe(true);
    expect(cue('said the Sale player.', 'Sale')).toBe(true);
    expect(cue('presented by Little Britain star Matt Lucas.', 'Little')).toBe(false);
    expect(cue('after an Achilles tendon injury.', 'Achilles')).toBe(false);
  });
  it('drops a one-word ORG name cut from a longer name unless the article supports it', () => {
    const text = 'He had an Achilles tendon injury. Filtering firm Brightmail grew. Brightmail Inc sold. Macrovision Corp rose, and Macrovision Ltd fell. The IBM Deal and DaimlerChrysler Trucks went ahead. Manchester United won and United Stars celebrated. Later Arsenal won. Lord Voldemort grew. Nor Voldemort.';
    const tokens = tokenize(text);
    const sentences = splitSentences(text);
    const sentOf = tokens.map((t) => sentenceIndexAt(sentences, t.start));
    const at = (w: string, from = 0) => tokens.findIndex((t, k) => k >= from && t.text === w);
    const one = (i: number, confidence: number) => ({ label: 'ORG' as const, i0: i, i1: i + 1, confidence });
    const spans = [
      one(at('Achilles'), 0.39),
      one(tokens.findLastIndex((t) => t.text === 'Brightmail'), 0.4),
      one(at('Macrovision'), 0.4),
      one(tokens.findLastIndex((t) => t.text === 'Macrovision'), 0.4),
      one(at('IBM'), 0.4),
      one(at('DaimlerChrysler'), 0.44),
      { label: 'ORG' as const, i0: at('Manchester'), i1: at('Manchester') + 2, confidence: 0.99 },
      one(tokens.findLastIndex((t) => t.text === 'United'), 0.5),
      one(at('Arsenal'), 0.5),
      one(tokens.findLastIndex((t) => t.text === 'Voldemort'), 0.4),
    ];
    unsupportedOrganizations(spans, tokens, sentOf);
    // a fragment with no support: nothing; a cue at another occurrence, two spans, an acronym,
    // camel case, the end of a longer name, a name standing on its own: kept; a name the article
    // writes after an honorific: nothing
    expect(spans.map((s) => s.label)).toEqual(['MISC', 'ORG', 'ORG', 'ORG', 'ORG', 'ORG', 'ORG', 'ORG', 'ORG', 'MISC']);
    // a known organisation is kept too
    const alone = [one(at('Achilles'), 0.39)];
    unsupportedOrganizations(alone, tokens, sentOf, (w) => w === 'Achilles');
    expect(alone[0]!.label).toBe('ORG');
    // the whole pipeline: "Little" of "Little Britain star" is no organisation
    expect(orgs(run('The prize was presented by Little Britain star Matt Lucas, the BBC said.'))).toEqual(['BBC']);
    // a person's possessive before a name, or a report's title after its own, cuts nothing
    const more = 'Aragones spoke to Henry\'s Arsenal club-mate. Oxfam\'s Paying the Price report was out. It opened at Grauman\'s Chinese Theatre. Rivals included Spain\'s Iberia. The union Unison Dave Prentis spoke.';
    const t2 = tokenize(more);
    const s2 = splitSentences(more);
    const o2 = t2.map((t) => sentenceIndexAt(s2, t.start));
    const at2 = (w: string) => t2.findIndex((t) => t.text === w);
    const spans2 = [{ label: 'PER' as const, i0: at2('Henry'), i1: at2('Henry') + 1, confidence: 0.9 }, one(at2('Arsenal'), 0.51), one(at2('Oxfam'), 0.38), one(at2('Grauman'), 0.5), { label: 'LOC' as const, i0: at2('Spain'), i1: at2('Spain') + 1, confidence: 0.9 }, one(at2('Iberia'), 0.49), one(at2('Unison'), 0.58)];
    unsupportedOrganizations(spans2, t2, o2);
    expect(spans2.map((s) => s.label)).toEqual(['PER', 'ORG', 'ORG', 'MISC', 'LOC', 'ORG', 'ORG']);
  });
  it('reads a name a line-up lists as that player wherever it stands alone, and a name over a plural possessive whole', () => {
    const text = 'Phillips, Amankwaah, Coles, Hill, Fortune, Murray. Hill. A Hazell (Gloucester), D Bell (Bath). Gloucester won. The Writers\' Guild was striking.';
    const tokens = tokenize(text);
    const sentences = splitSentences(text);
    const sentOf = tokens.map((t) => sentenceIndexAt(sentences, t.start));
    const roster = new Set([0]);
    const idx = (w: string) => tokens.map((t, k) => (t.text === w ? k : -1)).filter((k) => k >= 0);
    const one = (label: 'PER' | 'ORG' | 'LOC', i: number) => ({ label, i0: i, i1: i + 1, confidence: 0.5 });
    const spans = [...['Phillips', 'Amankwaah', 'Coles', 'Hill', 'Fortune', 'Murray'].map((w) => one('PER', idx(w)[0]!)), one('ORG', idx('Hill')[1]!), one('ORG', idx('Gloucester')[0]!), one('ORG', idx('Gloucester')[1]!)];
    playersOfLineUps(spans, tokens, sentOf, roster);
    expect(spans.slice(6).map((s) => s.label)).toEqual(['PER', 'ORG', 'ORG']);
    const guild = [one('ORG', idx('Writers')[0]!)];
    namesOverPluralPossessive(guild, tokens, sentOf);
    expect(text.slice(tokens[guild[0]!.i0]!.start, tokens[guild[0]!.i1 - 1]!.end)).toBe("Writers' Guild");
    // a band's work is no part of the band's name
    const album = tokenize("Oasis' Definitely Maybe sold.");
    const band = [one('ORG', 0)];
    namesOverPluralPossessive(band, album, album.map(() => 0));
    expect(band[0]!.i1).toBe(1);
  });
  it('reads constituencies after "MP for" or before "MP" as places, and a name ending in a roman numeral as a model', () => {
    const text = 'The former Conservative MP for Kensington and Chelsea died. Tony Lloyd, the Manchester Central MP, spoke. The Labour MP agreed. It upgrades the MDA III.';
    const tokens = tokenize(text);
    const at = (w: string) => tokens.findIndex((t) => t.text === w);
    const span = (label: 'PER' | 'ORG', w: string, n: number) => ({ label, i0: at(w), i1: at(w) + n, confidence: 0.5 });
    const spans = [span('ORG', 'Kensington', 1), span('PER', 'Chelsea', 1), span('ORG', 'Manchester', 3), span('ORG', 'Labour', 2)];
    constituencies(spans, tokens);
    expect(spans.map((s) => `${s.label} ${tokens.slice(s.i0, s.i1).map((t) => t.text).join(' ')}`)).toEqual(['LOC Kensington', 'LOC Chelsea', 'LOC Manchester Central', 'ORG Labour MP']);
    const model = [span('ORG', 'MDA', 2)];
    worksByTitleShape(model, tokens, tokens.map(() => 0));
    expect(model[0]!.label).toBe('MISC');
    // a band's hyphenated letter, a club before "game", a name after a plural noun stay
    const other = tokenize('Liberty-X sang before the Arsenal and Manchester United game, for their phones Symbian said.');
    const o = (w: string, n: number) => ({ label: 'ORG' as const, i0: other.findIndex((t) => t.text === w), i1: other.findIndex((t) => t.text === w) + n, confidence: 0.5 });
    const kept = [o('Liberty', 3), o('Manchester', 2), o('Symbian', 1)];
    worksByTitleShape(kept, other, other.map(() => 0));
    expect(kept.map((s) => s.label)).toEqual(['ORG', 'ORG', 'ORG']);
  });
  it('joins touching ORG spans, and reads a name after a plural agent noun as a firm', () => {
    const text = 'The tie with AC Milan is next. Later producers Morgan Creek shelved it, said analysts Screen Digest. The drama stars Stellan Skarsgard. With singers Madonna, Sir Elton John and Usher.';
    const tokens = tokenize(text);
    const sentences = splitSentences(text);
    const sentOf = tokens.map((t) => sentenceIndexAt(sentences, t.start));
    const at = (w: string) => tokens.findIndex((t) => t.text === w);
    const span = (label: 'PER' | 'ORG', w: string, n: number, confidence = 0.9) => ({ label, i0: at(w), i1: at(w) + n, confidence });
    const clubs = [span('ORG', 'AC', 1), span('ORG', 'Milan', 1, 0.52)];
    joinTouchingOrganizations(clubs, sentOf);
    expect(clubs).toEqual([{ label: 'ORG', i0: at('AC'), i1: at('AC') + 2, confidence: 0.9 }]);
    const names = [span('PER', 'Morgan', 2), span('PER', 'Screen', 2, 0.26), span('PER', 'Stellan', 2), span('PER', 'Madonna', 1), span('PER', 'Elton', 2)];
    firmsAfterPluralRoles(names, tokens);
    expect(names.map((s) => s.label)).toEqual(['ORG', 'ORG', 'PER', 'PER', 'PER']);
    expect(names[1]!.confidence).toBe(0.5);
  });
  it('drops a head word shared by several of the article\'s names, and the acronym of an event', () => {
    const x = run('The House of Lords and the House of Commons met. "I want somebody to look after that House," she said. The Consumer Electronics Show opened; CES drew crowds, Reuters said.');
    expect(orgs(x).sort()).toEqual(['House of Commons', 'House of Lords', 'Reuters']);
    // a name used alone more often than each longer name is its own
    const y = run('Sony sold the Sony Walkman and the Sony Net Minidisc. Sony said sales rose.');
    expect(orgs(y)).toContain('Sony');
  });
  it('reads subtitles, titles with function words and names before product nouns as works, and keeps the maker', () => {
    const text = 'Winners included Grand Theft Auto: San Andreas. He told BBC1\'s Breakfast With Frost so. Reporters Without Borders said so. The Finding Nemo video game sold. The Microsoft Mobile phone sold. The Bank of England said: Lloyds TSB rose. Users of the operating system Linux and its RipGuard technology. Sony horror film Grudge sold.';
    const tokens = tokenize(text);
    const sentOf = sentencesOf(tokens, text);
    const at = (w: string) => tokens.findIndex((t) => t.text === w);
    const span = (w: string, n: number) => ({ label: 'ORG' as const, i0: at(w), i1: at(w) + n, confidence: 0.8 });
    const spans = [span('San', 2), span('Breakfast', 3), span('Reporters', 3), span('Finding', 2), span('Microsoft', 2), span('Bank', 3), span('Lloyds', 2), span('Linux', 1), span('RipGuard', 1), span('Sony', 1)];
    worksByTitleShape(spans, tokens, sentOf);
    expect(spans.map((s) => s.label)).toEqual(['MISC', 'MISC', 'ORG', 'MISC', 'ORG', 'ORG', 'ORG', 'MISC', 'MISC', 'ORG']);
    // "Microsoft Mobile phone": the maker alone
    expect(spans[4]!.i1 - spans[4]!.i0).toBe(1);
  });
  it('finds newspapers the tagger took for works', () => {
    const text = 'A spokeswoman told the Financial Times on Monday. The Grudge sold well.';
    const tokens = tokenize(text);
    const sentOf = sentencesOf(tokens, text);
    const at = (w: string) => tokens.findIndex((t) => t.text === w);
    const spans = [{ label: 'MISC' as const, i0: at('Financial'), i1: at('Financial') + 2, confidence: 0.58 }, { label: 'MISC' as const, i0: at('Grudge'), i1: at('Grudge') + 1, confidence: 0.2 }];
    newspapersByLastWord(spans, tokens);
    expect(spans.map((s) => `${s.label} ${tokens.slice(s.i0, s.i1).map((t) => t.text).join(' ')}`)).toEqual(['ORG Financial Times', 'MISC Grudge']);
  });
  it('reads no acronym in a heading in capitals, nor a name glued by a hyphen to another', () => {
    const text = 'He won in 1953. THE STARS WHO LEFT EMPTY-HANDED While many films won, the WHO said so.';
    const tokens = tokenize(text);
    const sentOf = sentencesOf(tokens, text);
    expect(inCapitalsRun(tokens, sentOf, tokens.findIndex((t) => t.text === 'WHO'))).toBe(true);
    expect(inCapitalsRun(tokens, sentOf, tokens.findLastIndex((t) => t.text === 'WHO'))).toBe(false);
    const fedex = tokenize('A Fed-Ex refund processor and the Fed - rates');
    expect(hyphenatedOnward(fedex, 2)).toBe(true);
    expect(hyphenatedOnward(fedex, fedex.findLastIndex((t) => t.text === 'Fed') + 1)).toBe(false);
    expect(orgs(run('A "Fed-Ex refund processor" was offered, the firm said.'))).toEqual([]);
  });
  it('takes no bill, motor show or subtitle for an organisation, and keeps "chief executive" names people', () => {
    expect(isDocumentName(['Disability', 'Bill'])).toBe(true);
    expect(isDocumentName(['Bill', 'Gates'])).toBe(false);
    const x = run('Ford unveiled the Fusion at the International Motor Show in Detroit. "We will grow," said chief executive Finian O\'Sullivan.');
    expect(orgs(x)).not.toContain('International Motor Show');
    expect(orgs(x)).not.toContain("Finian O'Sullivan");
    expect(afterPersonRole(tokenize('said chief executive Finian'), 3)).toBe(true);
    expect(afterPersonRole(tokenize('market leader Nokia'), 2)).toBe(false);
  });
  it('keeps a maker apart from its one product-named longer name when the article uses it alone more', () => {
    const x = run('Google Video has indexed programmes. Google said it would grow. Google added captions, and Google shares rose.');
    expect(orgs(x)).toContain('Google');
    const y = run('Manchester United won again. United celebrated, and Manchester United fans sang.');
    expect(orgs(y)).toEqual(['Manchester United']);
  });
});

describe('people in titles, frames and function words (person precision)', () => {
  const sentencesOf = (text: string) => {
    const tokens = tokenize(text);
    const sentences = splitSentences(text);
    return { tokens, sentOf: tokens.map((t) => sentenceIndexAt(sentences, t.start)) };
  };
  const judge = (text: string, word: string) => {
    const { tokens, sentOf } = sentencesOf(text);
    return oneWordNonPerson(tokens, sentOf, tokens.findIndex((t) => t.text === word));
  };
  it('takes a one-word name in a title, a function word or an award or event alone for no one', () => {
    expect(judge('Also nominated are My Summer of Love and Vera Drake.', 'Summer')).toBe('none');
    expect(judge("It was the poor-rating Who's Your Daddy that failed.", 'Daddy')).toBe('none');
    expect(judge('Films include The Crucible (1997) and others.', 'Crucible')).toBe('none');
    expect(judge('The Santy worm first appeared in December.', 'Santy')).toBe('none');
    expect(judge('That is why God gave us remote controls.', 'God')).toBe('none');
    expect(judge('The film starred Oscar nominee Clive Owen.', 'Oscar')).toBe('none');
    expect(judge('He plays in the foolish State Championship until April.', 'Championship')).toBe('none');
  });
  it('takes a one-word name after an organisation noun, or before a player\'s role and a name, for the organisation', () => {
    expect(judge('Prices rose, said property website Rightmove on Monday.', 'Rightmove')).toBe('organization');
    expect(judge('The side will be led by Munster lock Paul O\'Connell.', 'Munster')).toBe('organization');
    expect(judge('Seagram was bought by market leader Diageo last year.', 'Diageo')).toBe('organization');
  });
  it('takes the first piece of a hyphenated word, or a name before a person\'s role, for no one', () => {
    expect(judge('Blu-ray, backed by 100 firms, has more supporters.', 'Blu')).toBe('none');
    expect(judge('"It is too dear," said Nate Elliott, Jupiter analyst.', 'Jupiter')).toBe('none');
    expect(judge('Mr Blair met Brown - twice.', 'Brown')).toBeUndefined();
  });
  it('leaves a surname alone: after a sentence-opening or quoted function word, after an initial, or "the Clinton administration"', () => {
    expect(judge('But Safin raised his game to sink the Croatian.', 'Safin')).toBeUndefined();
    expect(judge('"If Giamatti was nominated it would be fair," he said.', 'Giamatti')).toBeUndefined();
    expect(judge('L Dallaglio (England), A Rougerie (France), D Traille (France).', 'Rougerie')).toBeUndefined();
    expect(judge('It was filed by the Clinton administration in 1999.', 'Clinton')).toBeUndefined();
    expect(judge('Madrid midfielder Guti told a radio station he was sorry.', 'Guti')).toBeUndefined();
  });
  it('reads a multi-word PER span beside a capitalised function word or before an award noun as a work, and a newspaper name as an organisation', () => {
    type Label = 'PER' | 'ORG' | 'LOC' | 'MISC';
    expect(people(run('It depreciates more slowly than the Mercedes Benz C180 SE, said Ian Hill.'))).toEqual(['Ian Hill']);
    const text = "Girls Aloud's Wake Me Up entered at four. Irons was up for the Golden Kinnaree awards. He told the Financial Times so. Later Financial Times readers agreed. \"If Paul Giamatti was nominated,\" he said. He took over The John Peel Show.";
    const { tokens, sentOf } = sentencesOf(text);
    const at = (word: string, n: number, label: Label = 'PER') => {
      const i0 = tokens.findIndex((t) => t.text === word);
      return { label, i0, i1: i0 + n, confidence: 0.9 };
    };
    const spans = [at('Wake', 3), at('Golden', 2), at('Financial', 2), { ...at('Financial', 2), i0: tokens.findLastIndex((t) => t.text === 'Financial'), i1: tokens.findLastIndex((t) => t.text === 'Financial') + 2, confidence: 0.9 }, at('Paul', 2), at('John', 2)];
    peopleInTitles(spans, tokens, sentOf);
    expect(spans.map((s) => s.label)).toEqual(['MISC', 'MISC', 'ORG', 'ORG', 'PER', 'MISC']);
  });
  it('links neither a song title nor a one-word title piece as a person in a whole article', () => {
    const x = run("Girls Aloud's Wake Me Up entered at number four. Also nominated were My Summer of Love and The Crucible. Singer Joss Stone was 40th.");
    expect(people(x)).toEqual(['Joss Stone']);
  });
  type Label = 'PER' | 'ORG' | 'LOC' | 'MISC';
  /** Spans over the text's tokens, given as [label, first word, word count], the n-th occurrence of the word by order. */
  const spansAt = (text: string, specs: [Label, string, number][]) => {
    const { tokens, sentOf } = sentencesOf(text);
    const from = new Map<string, number>();
    const spans = specs.map(([label, word, n]) => {
      const i0 = tokens.findIndex((t, k) => t.text === word && k >= (from.get(word) ?? 0));
      from.set(word, i0 + 1);
      return { label, i0, i1: i0 + n, confidence: 0.9 };
    });
    return { tokens, sentOf, spans };
  };
  it('reads PER spans listed after a plural work noun and "like", "such as" or "including" as works, up to an ordinary word', () => {
    const { tokens, sentOf, spans } = spansAt(
      'He made films such as Raging Bull, The Crucible (1997) and Michael Collins, starring Liam Neeson. Her hits including Love Train and the 1981 John Lennon cover sold. The show include Tim Healy.',
      [['PER', 'Raging', 2], ['PER', 'Michael', 2], ['PER', 'Liam', 2], ['PER', 'Love', 2], ['PER', 'John', 2], ['PER', 'Tim', 2]],
    );
    worksInLists(spans, tokens, sentOf);
    expect(spans.map((s) => s.label)).toEqual(['MISC', 'MISC', 'PER', 'MISC', 'PER', 'PER']);
    // after "starred in", "roles in", "performance in": works, up to "with"; not the maker before a
    // possessive or a work noun
    const cast = spansAt(
      "She starred in Ocean Eleven with George Clooney. He had roles in Romeo and Juliet, Titanic. Her role in Mike Nichols' Closer won praise. Her performance in Vera Drake, her performance in the Mike Leigh film.",
      [
        ['PER', 'Ocean', 2],
        ['PER', 'George', 2],
        ['PER', 'Titanic', 1],
        ['PER', 'Mike', 2],
        ['PER', 'Vera', 2],
        ['PER', 'Mike', 2],
      ],
    );
    worksInLists(cast.spans, cast.tokens, cast.sentOf);
    expect(cast.spans.map((s) => s.label)).toEqual(['MISC', 'PER', 'MISC', 'PER', 'MISC', 'PER']);
  });
  it('reads a name before "author", "star", "fans" as a work or character in every span, not before "film" or the verb "stars"', () => {
    const { tokens, spans } = spansAt('The Harry Potter author spoke. Harry Potter sold well. The Jude Law film opened. Vince Vaughn stars as a coach.', [
      ['PER', 'Harry', 2],
      ['PER', 'Harry', 2],
      ['PER', 'Jude', 2],
      ['PER', 'Vince', 2],
    ]);
    worksBeforeRoles(spans, tokens);
    expect(spans.map((s) => s.label)).toEqual(['MISC', 'MISC', 'PER', 'PER']);
  });
  it('cuts a person span at "and", and any span at "and" before an honorific, but not at "&"', () => {
    const { tokens, spans } = spansAt('But Lord Justice Rix and Mr Justice Forbes ruled. Shares in Bank Oyens & Van Eeghen fell. Marks and Spencer rose.', [
      ['ORG', 'Lord', 7],
      ['PER', 'Bank', 5],
      ['ORG', 'Marks', 3],
    ]);
    splitPeopleAtAnd(spans, tokens);
    expect(spans.map((s) => `${s.label} ${tokens.slice(s.i0, s.i1).map((t) => t.text).join(' ')}`)).toEqual([
      'PER Lord Justice Rix',
      'PER Mr Justice Forbes',
      'PER Bank Oyens & Van Eeghen',
      'ORG Marks and Spencer',
    ]);
    const x = run('But Lord Justice Rix and Mr Justice Forbes ruled that the law applied.');
    expect(people(x)).toEqual(['Rix', 'Forbes']);
  });
  it('takes a line-up initial left out of the span into the player\'s name, not before a country', () => {
    const { tokens, sentOf, spans } = spansAt('G Thomas; H Luscombe, T Shanklin, M Davies, A Jones; J Smit (S Africa).', [
      ['PER', 'Thomas', 1],
      ['ORG', 'Jones', 1],
      ['LOC', 'Africa', 1],
    ]);
    initialBeforeSurname(spans, tokens, sentOf, (w) => w === 'Africa');
    expect(spans.map((s) => `${s.label} ${tokens.slice(s.i0, s.i1).map((t) => t.text).join(' ')}`)).toEqual(['PER G Thomas', 'PER A Jones', 'LOC Africa']);
    expect(people(run('Wales: G Thomas; H Luscombe, T Shanklin, G Henson; S Jones, D Peel; G Jenkins, M Davies, A Jones; B Cockbain, R Sidoli.'))).toContain('A Jones');
  });
  it('keeps a surname that is also a title word after a first name ("John Major", "Martin Luther King"), not "Tory Lord Campbell"', () => {
    expect(people(run('The death of Martin Luther King saw it postponed. Former prime minister John Major agreed.'))).toEqual(['Martin Luther King', 'John Major']);
    expect(people(run('Tory Lord Campbell of Alloway said it was wrong.'))).not.toContain('Tory Lord Campbell');
    // alone, such a surname is the article's full name, titled a person, after "the" no one
    const x = run('Billie Jean King led the team. King said it was fine. The King said so.');
    expect(x.mentions.filter((m) => m.kind === 'person').map((m) => `${m.surface}=${m.slug}`)).toEqual(['Billie Jean King=billie-jean-king', 'King=billie-jean-king']);
    expect(people(run('Mr Major said no.'))).toEqual(['Major']);
  });
  const shown = (tokens: readonly { text: string }[], spans: { label: string; i0: number; i1: number }[]) =>
    spans.map((s) => `${s.label} ${tokens.slice(s.i0, s.i1).map((t) => t.text).join(' ')}`);
  it('reads a name before "and (the) Word of" as the start of a title, in every span, not two people', () => {
    const { tokens, spans } = spansAt('Fans queued for Harry Potter and the Prisoner of Azkaban. Harry Potter is a wizard. Justin Gatlin and Francis Obikwelu of Portugal ran.', [
      ['PER', 'Harry', 2],
      ['PER', 'Harry', 2],
      ['PER', 'Justin', 2],
    ]);
    worksNamedWithAnd(spans, tokens);
    expect(spans.map((s) => s.label)).toEqual(['MISC', 'MISC', 'PER']);
  });
  it('makes a MISC span opening with an honorific and a name a person, not "Lord of the Rings" or "Dr Who"', () => {
    const { tokens, spans } = spansAt('Lord Kinnock - who led Labour - spoke. The Lord of the Rings won. Dr Who returns.', [
      ['MISC', 'Lord', 6],
      ['MISC', 'Lord', 4],
      ['MISC', 'Dr', 2],
    ]);
    honorificSpansArePeople(spans, tokens);
    expect(spans.map((s) => s.label)).toEqual(['PER', 'MISC', 'MISC']);
    expect(people(run('Lord Kinnock - who led Labour from 1983 until 1992 - was until recently a commissioner.'))).toEqual(['Kinnock']);
  });
  it('cuts an opening role noun and a closing member word off a person span', () => {
    const { tokens, spans } = spansAt('Winger Nitoglia scored. Labour\'s Frank Field MP agreed. Singer Joss Stone sang. Cinematographer John Mathieson won.', [
      ['PER', 'Winger', 2],
      ['PER', 'Frank', 3],
      ['PER', 'Singer', 3],
      ['PER', 'Cinematographer', 3],
    ]);
    trimRoleWords(spans, tokens);
    expect(shown(tokens, spans)).toEqual(['PER Nitoglia', 'PER Frank Field', 'PER Joss Stone', 'PER John Mathieson']);
    // what is left of "Lib Dem MPs" is the party
    expect(run('The government faces opposition from Tory and Lib Dem MPs on the bill.').entities.map((e) => e.kind)).not.toContain('person');
  });
  it('reads a name ending in a building, institution or competition word as no person', () => {
    const { tokens, spans } = spansAt('The Tate Gallery tried. He played in La Liga. Nathan Lane spoke.', [
      ['PER', 'Tate', 2],
      ['PER', 'La', 2],
      ['PER', 'Nathan', 2],
    ]);
    namesOfPlaces(spans, tokens);
    expect(spans.map((s) => s.label)).toEqual(['MISC', 'MISC', 'PER']);
  });
  it('makes every one-word name listed after a plural title a person', () => {
    const { tokens, sentOf, spans } = spansAt('Police urged Lord Justices Clarke and Rix to act. Clarke and Rix are firms.', [
      ['PER', 'Clarke', 1],
      ['MISC', 'Rix', 1],
      ['ORG', 'Clarke', 1],
      ['ORG', 'Rix', 1],
    ]);
    pluralTitleLists(spans, tokens, sentOf);
    expect(spans.map((s) => s.label)).toEqual(['PER', 'PER', 'ORG', 'ORG']);
  });
  it('reads a multi-word name after an organisation noun as the organisation in every span, not after a job that is also a firm\'s word', () => {
    const { tokens, spans } = spansAt('Film studio Lions Gate announced a list. Lions Gate said so. Fellow broadcaster Michael Pointon spoke.', [
      ['PER', 'Lions', 2],
      ['PER', 'Lions', 2],
      ['PER', 'Michael', 2],
    ]);
    organizationsAfterNoun(spans, tokens);
    expect(spans.map((s) => s.label)).toEqual(['ORG', 'ORG', 'PER']);
  });

  // person8: line-ups, first names, things after "the", illnesses
  it('reads a prose sentence of one-word names as no line-up, and finds the players the tagger left out of a real one', () => {
    const prose = extractMentions('Ancic, Wimbledon semi-finalist in 2004, looked set to push Safin all the way when he took the second set but Safin raised his game to sink the Croatian.', countries);
    expect(people(prose)).not.toContain('Wimbledon');
    const lineUp = extractMentions(
      'Phillips, Amankwaah, Coles, Hill, Fortune, Murray (Anyinsah 59), Doherty (Harley 45), Dinning, Bell, Lita (Cotterill 72), Gillespie. Subs Not Used: Orr, Brown.',
      countries,
    );
    expect(people(lineUp)).toEqual(expect.arrayContaining(['Dinning', 'Anyinsah', 'Gillespie', 'Orr', 'Brown']));
    expect(people(lineUp)).not.toContain('Subs');
  });
  it('finds untagged players only between a line-up\'s separators, not in a heading', () => {
    const text = 'Replacements (from): Buckland, Morris, Kay, Gotting, Herve (McKoy 45).';
    const { tokens, sentOf } = sentencesOf(text);
    const players = untaggedPlayers(tokens, sentOf, new Set([0]), new Int32Array(tokens.length).fill(-1)).map((i) => tokens[i]!.text);
    expect(players).toEqual(['Buckland', 'Morris', 'Kay', 'Gotting', 'Herve', 'McKoy']);
    expect(untaggedPlayers(tokens, sentOf, new Set(), new Int32Array(tokens.length).fill(-1))).toEqual([]);
  });
  it('continues a line-up into a list sentence on the same line, not into prose or the next line', () => {
    const text = 'Coles, Hill, Fortune, Bell. Subs Not Used: Orr, Brown. He said so, twice.\nBooked: Hill, Bell.';
    const { tokens, sentOf } = sentencesOf(text);
    const roster = new Set([0]);
    listsAfterLineUps(text, tokens, sentOf, roster);
    expect([...roster].sort()).toEqual([0, 1]);
  });
  it('links a first name alone, after Sir or untitled, to the one person named in full with it', () => {
    const x = extractMentions('Sir Nicholas Scott has died. Sir Nicholas was a minister. Serena Williams won. Serena said so.', countries);
    expect(people(x).sort()).toEqual(['Nicholas Scott', 'Serena Williams']);
    const persons = [{ words: ['John', 'Smith'] }, { words: ['John', 'Brown'] }, { words: ['Ann', 'Lee'] }];
    expect(firstNameShortForm(persons, 'john', undefined)).toBeUndefined();
    expect(firstNameShortForm(persons, 'ann', 'sir')).toBe(persons[2]);
    expect(firstNameShortForm(persons, 'ann', 'mr')).toBeUndefined();
  });
  it('reads a multi-word PER after "the" as a thing, not a modifier, a titled or initialled name, or one whose surname stands alone', () => {
    const { tokens, sentOf, spans } = spansAt(
      'Models include the Ford Mustang and Mercury Montego, the Mike Leigh film and the Bill Clinton administration. The Ford Mustang sold. Blunkett left the David Blunkett affair.',
      [['PER', 'Ford', 2], ['PER', 'Mercury', 2], ['PER', 'Mike', 2], ['PER', 'Bill', 2], ['PER', 'Ford', 2], ['PER', 'Blunkett', 1], ['PER', 'David', 2]],
    );
    thingsAfterThe(spans, tokens, sentOf);
    expect(spans.map((s) => s.label)).toEqual(['MISC', 'MISC', 'PER', 'PER', 'MISC', 'PER', 'PER']);
    const dated = spansAt("He was in 1947's Nicholas Nickleby.", [['PER', 'Nicholas', 2]]);
    thingsAfterThe(dated.spans, dated.tokens, dated.sentOf);
    expect(dated.spans[0]!.label).toBe('MISC');
  });
  it('reads an eponym with a possessive before an illness noun or after a diagnosis as the illness', () => {
    const at = (text: string, word: string) => {
      const { tokens, sentOf } = sentencesOf(text);
      return eponymousIllness(tokens, sentOf, tokens.findIndex((t) => t.text === word));
    };
    expect(at("He had Alzheimer's disease.", 'Alzheimer')).toBe(true);
    expect(at("He died of an illness diagnosed as Alzheimer's.", 'Alzheimer')).toBe(true);
    expect(at("She is suffering from Parkinson's.", 'Parkinson')).toBe(true);
    expect(at("He met Brown's adviser.", 'Brown')).toBe(false);
    expect(people(extractMentions("The MP died after a long illness diagnosed as Alzheimer's.", countries))).toEqual([]);
  });
  it('finds person cues around a one-word name: speech, roles, kin, demonyms, pronouns, a list of people', () => {
    const cue = (text: string, word: string, personAt: (k: number) => boolean = () => false) => {
      const { tokens, sentOf } = sentencesOf(text);
      return personCue(tokens, sentOf, tokens.findIndex((t) => t.text === word), personAt, (w) => countries.isCountryWord(w));
    };
    expect(cue('Eminem said he was happy.', 'Eminem')).toBe('person');
    expect(cue('"I had no clue," said Idowu.', 'Idowu')).toBe('person');
    expect(cue('It is run by his brother Mukesh.', 'Mukesh')).toBe('person');
    expect(cue('The plan was backed by chancellor Schroeder.', 'Schroeder')).toBe('person');
    expect(cue('Brazilian Ronaldo and Beckham played.', 'Ronaldo')).toBe('person');
    expect(cue('The case was filed by the Clinton administration.', 'Clinton')).toBe('person');
    expect(cue('Vioxx was withdrawn. Its sales fell.', 'Vioxx')).toBe('thing');
    expect(cue('Shares in Qantas rose 3%.', 'Qantas')).toBeUndefined();
    const { tokens } = sentencesOf('After beating Amy Winehouse, Jamelia, Natasha Bedingfield won.');
    const full = new Set(['Winehouse', 'Natasha'].map((w) => tokens.findIndex((t) => t.text === w)));
    expect(cue('After beating Amy Winehouse, Jamelia, Natasha Bedingfield won.', 'Jamelia', (k) => full.has(k))).toBe('person');
  });
  it('drops an untitled one-word person with no person cue in the article, keeps one with a cue, and leaves titled and full names alone', () => {
    const { tokens, sentOf } = sentencesOf('Qantas rose 3%. Mr Dixon spoke. Eminem said he was fine. Qantas shares fell.');
    const at = (w: string) => tokens.find((t) => t.text === w)!;
    const found = [
      { kind: 'person', slug: 'qantas', rule: 'per-single', start: at('Qantas').start, end: at('Qantas').end },
      { kind: 'person', slug: 'dixon', rule: 'per-title', start: at('Dixon').start, end: at('Dixon').end },
      { kind: 'person', slug: 'eminem', rule: 'per-single', start: at('Eminem').start, end: at('Eminem').end },
    ];
    dropSinglesWithoutEvidence(found, tokens, sentOf);
    expect(found.map((f) => f.slug)).toEqual(['dixon', 'eminem']);
    expect(people(extractMentions('Sales of Vioxx fell. Vioxx was withdrawn in September.', countries))).toEqual([]);
  });
  it('reads a comma-and-semicolon list with no lower-case word as a list of names', () => {
    const { tokens, sentOf } = sentencesOf('De Marigny; Mi Bergamasco, Canale, Masi, Nitoglia; Orquera, Troncon; Lo Cicero, Ongaro. He said Paris, Rome, Berlin, Oslo, Bonn and Lyon.');
    expect(listOfNames(tokens, sentOf, 0)).toBe(true);
    expect(listOfNames(tokens, sentOf, tokens.findIndex((t) => t.text === 'Paris'))).toBe(false);
  });
  it('keeps a surname that ends a country\'s name after an honorific or in a line-up, not inside another name', () => {
    expect(people(extractMentions('Mr Martin said the plan would work.', countries))).toEqual(['Martin']);
    const lineUp = extractMentions('Phillips, Amankwaah, Coles, Hill, Fortune, Murray (Anyinsah 59), Doherty (Harley 45), Dinning, Bell, Lita (Cotterill 72), Gillespie. Subs Not Used: Martin, Palmer.', countries);
    expect(people(lineUp)).toContain('Martin');
    expect(people(extractMentions('They saw King Kong on Friday.', countries))).not.toContain('Kong');
  });
  it('keeps a doubted full name a person when a cue no organisation has says so, not for a speech verb or a plural role', () => {
    const { tokens, sentOf, spans } = spansAt(
      'Millionaires JP McManus and John Magnier own 29%. Finian Keane, 45, runs it. Screen Digest said so, say industry analysts Screen Digest.',
      [['PER', 'JP', 2], ['PER', 'John', 2], ['PER', 'Finian', 2], ['PER', 'Screen', 2], ['PER', 'Screen', 2]],
    );
    expect([...namesWithPersonCues(spans, tokens, sentOf)].sort()).toEqual(['finian keane', 'jp mcmanus']);
    expect(people(extractMentions('"We continue to investigate further opportunities in this region," said chief executive Finian O\'Sullivan.', countries))).toEqual(["Finian O'Sullivan"]);
  });
  it('ends a person\'s name at a spaced dash, not at a hyphen', () => {
    expect(people(extractMentions('Hollywood producer Graham King - Oscar winner - spoke. Robert Kilroy-Silk left.', countries))).toEqual(['Graham King', 'Robert Kilroy-Silk']);
  });
});
