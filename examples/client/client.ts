// A typed newsgraph client: gql.tada types each document from the schema, urql sends it, and
// @urql/exchange-persisted speaks the server's automatic persisted queries (APQ).
import { Client, fetchExchange } from '@urql/core';
import { persistedExchange } from '@urql/exchange-persisted';
import { graphql, type ResultOf, type VariablesOf } from './graphql.ts';

export interface NewsClientOptions {
  /** Automatic persisted queries: send the query's SHA-256 first and the text only when the server does not know it yet. Default true. */
  persisted?: boolean;
  /** A fetch to use instead of the global one (to add headers, or to watch the requests). */
  fetch?: typeof fetch;
}

/** A client for the API at `url`, e.g. http://localhost:4000/graphql. */
export function createNewsClient(url: string, options: NewsClientOptions = {}): Client {
  return new Client({
    url,
    fetch: options.fetch,
    // No document cache: every call asks the server (which has its own response cache).
    requestPolicy: 'network-only',
    // Persisted queries go out as GET requests (cacheable by HTTP caches), within the URL limit.
    exchanges: options.persisted === false ? [fetchExchange] : [persistedExchange(), fetchExchange],
  });
}

/** The headline query: articles mentioning some countries and matching a text query. */
export const ArticlesQuery = graphql(`
  query Articles($countries: [String!], $text: String, $first: Int) {
    articles(where: { countries: $countries, text: $text }, first: $first) {
      totalCount
      edges {
        score
        node {
          id
          title
          publishedAt
          snippet(highlight: { open: "[", close: "]" })
          countries { code name }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

/** Search in plain words, with how the server understood the question. */
export const SearchQuery = graphql(`
  query Search($query: String!, $first: Int) {
    search(query: $query, first: $first) {
      interpretation {
        description
        text
        terms
        entities {
          words
          kind
          role
          entity { name }
        }
      }
      totalCount
      edges {
        node {
          score
          snippet
          article { id title }
          matchedEntities { name }
        }
      }
    }
  }
`);

export type Articles = NonNullable<ResultOf<typeof ArticlesQuery>['articles']>;
export type Search = NonNullable<ResultOf<typeof SearchQuery>['search']>;

/** `articles(where: { countries, text })`, e.g. North Korea and "sanctions". */
export async function findArticles(client: Client, variables: VariablesOf<typeof ArticlesQuery>): Promise<Articles | null> {
  const data = await client.query(ArticlesQuery, variables).toPromise();
  if (data.error) throw data.error;
  return data.data?.articles ?? null;
}

/** `search(query)`: hits and the interpretation, e.g. "articles mentioning North Korea and sanctions". */
export async function search(client: Client, variables: VariablesOf<typeof SearchQuery>): Promise<Search | null> {
  const data = await client.query(SearchQuery, variables).toPromise();
  if (data.error) throw data.error;
  return data.data?.search ?? null;
}
