// graphql-http's serverAudits (by the GraphQL-over-HTTP spec's authors) against the Worker in
// workerd, as tests/server.test.ts runs them against the Node server. Requests carry a key on the
// largest rate-limit tier so the audits measure compliance, not the anonymous quota.
import { exports } from 'cloudflare:workers';
import { serverAudits } from 'graphql-http';
import { describe, expect, inject, it } from 'vitest';

const fetchWorker = (input: RequestInfo | URL, init?: RequestInit) => {
  const request = new Request(input, init);
  request.headers.set('authorization', `Bearer ${inject('auditKey')}`);
  return exports.default.fetch(request);
};

describe('GraphQL-over-HTTP compliance of the Worker (graphql-http serverAudits)', () => {
  for (const audit of serverAudits({ url: 'http://newsgraph.test/graphql', fetchFn: fetchWorker })) {
    it(audit.name, async () => {
      const result = await audit.fn();
      if (audit.name.startsWith('MUST') || audit.name.startsWith('SHOULD')) {
        expect(result.status, 'reason' in result ? String(result.reason) : '').toBe('ok');
      }
    });
  }
});
