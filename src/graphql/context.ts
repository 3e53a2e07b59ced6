import type { Database } from '../db/database.ts';

/** Per-request state shared by resolvers. */
export interface Context {
  db: Database;
  /** FTS5 highlights of the current request's text matches, by article id (see Article.snippet). */
  matchSnippets: Map<number, string>;
}

export function createContext(db: Database): Context {
  return { db, matchSnippets: new Map() };
}
