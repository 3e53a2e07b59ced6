/**
 * Non-country places, written by hand from general knowledge (continents, regions, seas and
 * large cities; not derived from any corpus). Two uses: places that contain a country alias
 * must out-match it by length ("Latin America" is not the US, "South China Sea" not China),
 * and a place is never taken for a person. They are not linked as entities; the evaluation
 * counts them as LOC.
 */
export const worldPlaces: string[] = `
Latin America|North America|South America|Central America|Americas|New Mexico|New England|New South Wales|New Guinea|West Virginia|
South China Sea|East China Sea|Korean Peninsula|English Channel|Indian Ocean|Persian Gulf|Gulf of Mexico|Arabian Sea|Irish Sea|
Middle East|Near East|Far East|West Bank|Gaza Strip|Gaza|Golan Heights|Sinai|Kurdistan|Iraqi Kurdistan|Balkans|Caucasus|Baltic|Baltics|
Scandinavia|Siberia|Crimea|Chechnya|Dagestan|Donbas|Donbass|Kashmir|Tibet|Xinjiang|Punjab|Bengal|Sahara|Sahel|Darfur|Horn of Africa|
Europe|Asia|Africa|Oceania|Antarctica|Arctic|Eurasia|Asia Pacific|Asia-Pacific|Southeast Asia|South Asia|Central Asia|East Asia|
West Africa|East Africa|North Africa|Southern Africa|Sub-Saharan Africa|Western Europe|Eastern Europe|Central Europe|
Atlantic|Pacific|Mediterranean|Black Sea|Caspian Sea|Red Sea|North Sea|Baltic Sea|Dead Sea|Strait of Hormuz|Suez Canal|Panama Canal|
Nile|Danube|Rhine|Volga|Amazon|Yangtze|Mekong|Euphrates|Tigris|Ganges|Mississippi|Alps|Himalayas|Andes|Urals|
New York|New York City|Los Angeles|San Francisco|Chicago|Boston|Houston|Dallas|Miami|Atlanta|Seattle|Detroit|Philadelphia|
Las Vegas|New Orleans|San Diego|Denver|Phoenix|Pittsburgh|Cleveland|Minneapolis|St. Louis|Baltimore|Manhattan|Brooklyn|Silicon Valley|
Wall Street|Hollywood|California|Texas|Florida|Ohio|Illinois|Michigan|Pennsylvania|Virginia|Massachusetts|New Jersey|Arizona|Nevada|
Alaska|Hawaii|Oregon|Colorado|Kentucky|Tennessee|Louisiana|Alabama|Mississippi|Missouri|Iowa|Kansas|Nebraska|Oklahoma|Arkansas|
Wisconsin|Minnesota|Indiana|Connecticut|Maryland|Utah|Idaho|Montana|Wyoming|Vermont|Maine|New Hampshire|Rhode Island|Delaware|
North Carolina|South Carolina|North Dakota|South Dakota|
Toronto|Montreal|Vancouver|Quebec|Ontario|Alberta|British Columbia|Calgary|Sydney|Melbourne|Brisbane|Perth|Adelaide|Auckland|
Manchester|Liverpool|Birmingham|Glasgow|Edinburgh|Belfast|Cardiff|Leeds|Bristol|Oxford|Cambridge|Sheffield|Newcastle|Nottingham|
Hamburg|Munich|Frankfurt|Cologne|Stuttgart|Dusseldorf|Düsseldorf|Dresden|Leipzig|Bonn|Bavaria|Milan|Naples|Turin|Florence|Venice|
Genoa|Palermo|Sicily|Sardinia|Barcelona|Valencia|Seville|Bilbao|Catalonia|Andalusia|Basque Country|Lyon|Marseille|Nice|Toulouse|
Bordeaux|Strasbourg|Corsica|Geneva|Zurich|Basel|Lausanne|Davos|Rotterdam|The Hague|Antwerp|Ghent|Porto|Gothenburg|Bergen|
Krakow|Gdansk|St. Petersburg|Saint Petersburg|Novosibirsk|Vladivostok|Yekaterinburg|Kharkiv|Kharkov|Odesa|Odessa|Lviv|Donetsk|Luhansk|
Mariupol|Sevastopol|Kursk|Belgorod|Istanbul|Izmir|Aleppo|Homs|Mosul|Basra|Kirkuk|Fallujah|Benghazi|Misrata|Tel Aviv|Haifa|
Mecca|Medina|Jeddah|Dubai|Sharjah|Kandahar|Herat|Karachi|Lahore|Peshawar|Mumbai|Bombay|Kolkata|Calcutta|Chennai|Madras|
Bangalore|Bengaluru|Hyderabad|Ahmedabad|Shanghai|Guangzhou|Shenzhen|Chongqing|Tianjin|Wuhan|Chengdu|Hong Kong|Macau|Macao|Osaka|
Kyoto|Yokohama|Nagoya|Okinawa|Hiroshima|Busan|Incheon|Ho Chi Minh City|Saigon|Phuket|Bali|Surabaya|Mindanao|Cebu|Johannesburg|
Durban|Lagos|Kano|Mombasa|Casablanca|Marrakesh|Alexandria|Giza|Goma|Timbuktu|Zanzibar|Sao Paulo|São Paulo|Rio de Janeiro|Rio|
Yugoslavia|Czechoslovakia|East Germany|West Germany|Midwest|Salvador|Recife|Guadalajara|Monterrey|Tijuana|Medellin|Medellín|Cali|Valparaiso|Cordoba|Córdoba|Rosario
`
  .split('|')
  .map((s) => s.trim())
  .filter(Boolean);
