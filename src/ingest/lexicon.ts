/**
 * Small word lists for linking the tagger's spans: titles, surname-first names, sentence openers,
 * months. Generic English/news vocabulary written by hand; no corpus list is copied.
 */

const set = (s: string) => new Set(s.trim().split(/\s+/));

/** Capitalised titles before a name; not part of the name ("President Vladimir Putin"). */
export const titleWords = set(`
  mr mrs ms miss mx dr prof professor sir dame lord lady madam mme mlle messrs
  president vice prime minister secretary chancellor premier king queen prince princess emperor empress sheikh sheik emir pope cardinal archbishop bishop rev reverend father imam rabbi ayatollah
  gen general lt lieutenant col colonel maj major capt captain cmdr commander adm admiral sgt sergeant cpl corporal brig brigadier marshal field
  gov governor sen senator rep representative congressman congresswoman assemblyman mayor judge justice justices judges ambassador envoy consul
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

/** Surnames that come first: "Kim" is the short form of "Kim Jong Un". */
export const surnameFirst = set(`
  kim lee park choi jung kang cho yoon jang lim han shin moon
  xi li wang zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin luo gao liang song zheng deng jiang mao wen
  nguyen tran le pham hun
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

/** Months and weekdays: never a person's short form on their own ("held on 5 May"). */
export const monthsAndDays = set(`
  january february march april may june july august september october november december
  monday tuesday wednesday thursday friday saturday sunday
`);
