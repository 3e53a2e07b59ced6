import { countryGazetteerEntries } from '../db/countries.ts';
import { Gazetteer } from './gazetteer.ts';
import { organizationGazetteerEntries } from './organizations.ts';

/**
 * The gazetteer ingest links against (see loadGazetteer), built from the seeds instead of the
 * database: for tests and evaluation scripts. Node only (it reads world-countries).
 */
export function staticGazetteer(): Gazetteer {
  return Gazetteer.fromEntries([...countryGazetteerEntries(), ...organizationGazetteerEntries()]);
}
