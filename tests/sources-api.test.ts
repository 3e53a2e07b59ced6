// The admin API for sources through the real Yoga app: the admin scope, typed errors for bad
// input, and health as the poller leaves it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/auth/api-keys.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { graphqlClient } from './helpers/graphql.ts';

let test: TestDatabase;
let execute: ReturnType<typeof graphqlClient>;
let admin: Record<string, string>;
let reader: Record<string, string>;

beforeEach(async () => {
  test = await createTestDatabase({ seed: false });
  execute = graphqlClient(test.db);
  admin = { authorization: `Bearer ${(await createApiKey(test.db, { name: 'ops', scopes: ['admin', 'read'] })).key}` };
  reader = { authorization: `Bearer ${(await createApiKey(test.db, { name: 'reader', scopes: ['read'] })).key}` };
});
afterEach(() => test.close());

const addSource = /* GraphQL */ `
  mutation ($url: String!, $kind: SourceKind!, $name: String!, $language: String, $pollEvery: Int) {
    addSource(url: $url, kind: $kind, name: $name, language: $language, pollEvery: $pollEvery) {
      id url kind name language pollEvery enabled disabledReason lastFetchedAt lastStatus lastError articlesFound pendingEntries consecutiveFailures nextPollAt
    }
  }`;

describe('sources admin API', () => {
  it('adds, lists, updates and removes a source', async () => {
    const added = await execute(addSource, { url: 'https://news.example/feed.xml#top', kind: 'FEED', name: 'Example', pollEvery: 600 }, admin);
    expect(added.errors).toBeUndefined();
    const source = added.data.addSource;
    expect(source).toMatchObject({
      url: 'https://news.example/feed.xml',
      kind: 'FEED',
      name: 'Example',
      language: null,
      pollEvery: 600,
      enabled: true,
      lastFetchedAt: null,
      articlesFound: 0,
      pendingEntries: 0,
      consecutiveFailures: 0,
    });
    const listed = await execute('{ sources { id name } }', {}, admin);
    expect(listed.data.sources).toEqual([{ id: source.id, name: 'Example' }]);

    const updated = await execute(
      'mutation ($id: ID!) { updateSource(id: $id, name: "Renamed", language: "de", enabled: false) { name language enabled disabledReason } }',
      { id: source.id },
      admin,
    );
    expect(updated.data.updateSource).toEqual({ name: 'Renamed', language: 'de', enabled: false, disabledReason: 'disabled by an operator' });
    const enabled = await execute('mutation ($id: ID!) { updateSource(id: $id, enabled: true, language: "") { enabled disabledReason language } }', { id: source.id }, admin);
    expect(enabled.data.updateSource).toEqual({ enabled: true, disabledReason: null, language: null });

    const removed = await execute('mutation ($id: ID!) { removeSource(id: $id) { name } }', { id: source.id }, admin);
    expect(removed.data.removeSource).toEqual({ name: 'Renamed' });
    expect((await execute('{ sources { id } }', {}, admin)).data.sources).toEqual([]);
    const again = await execute('mutation ($id: ID!) { removeSource(id: $id) { name } }', { id: source.id }, admin);
    expect(again.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_FOUND' });
  });

  it('needs the admin scope', async () => {
    const anonymous = await execute('{ sources { id } }');
    expect(anonymous.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    const forbidden = await execute(addSource, { url: 'https://news.example/a', kind: 'PAGE', name: 'A' }, reader);
    expect(forbidden.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', scope: 'admin' });
    expect((await execute('{ sources { id } }', {}, admin)).data.sources).toEqual([]);
  });

  it('rejects bad input with BAD_USER_INPUT naming the argument, and a second source with the same url', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ url: 'not a url', kind: 'FEED', name: 'x' }, 'url'],
      [{ url: 'file:///etc/passwd', kind: 'FEED', name: 'x' }, 'url'],
      [{ url: 'https://a.example/', kind: 'FEED', name: '  ' }, 'name'],
      [{ url: 'https://a.example/', kind: 'FEED', name: 'x', language: 'English!' }, 'language'],
      [{ url: 'https://a.example/', kind: 'FEED', name: 'x', pollEvery: 5 }, 'pollEvery'],
    ];
    for (const [variables, argument] of cases) {
      const result = await execute(addSource, variables, admin);
      expect(result.errors![0]!.extensions, JSON.stringify(variables)).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
    await execute(addSource, { url: 'https://a.example/feed', kind: 'FEED', name: 'A' }, admin);
    const duplicate = await execute(addSource, { url: 'https://a.example/feed', kind: 'FEED', name: 'B' }, admin);
    expect(duplicate.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'url', reason: 'DUPLICATE' });
    const badId = await execute('mutation { removeSource(id: "QXJ0aWNsZTox") { id } }', {}, admin);
    expect(badId.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'id' });
    expect((await execute('{ sources { name } }', {}, admin)).data.sources).toEqual([{ name: 'A' }]);
  });
});
