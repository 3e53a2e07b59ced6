// What the workerd project's globalSetup (libsql-global-setup.ts) provides to its tests through
// `inject()`. A declaration file of its own so tsconfig.worker.json can include it without the
// setup's Node imports.
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** http:// URL of the local libSQL server over the seeded test database. */
    libsqlUrl: string;
    /** A key with the ingest and read scopes in that database. */
    ingestKey: string;
    /** A key with the ingest scope only. */
    ingestOnlyKey: string;
    /** A key with the read scope and a limit of 10 requests a minute (the RATE_LIMIT_10 tier). */
    readKey: string;
    /** A key with the read scope on the largest tier (6,000 a minute), for the compliance audits. */
    auditKey: string;
    /** A key with the admin and read scopes (sources: queries need read too). */
    adminKey: string;
    /** The ingest Worker's bundle (ingest-worker-global-setup.ts), the API Worker's INGEST service. */
    ingestWorkerScript: string;
    /** http:// URL of the loopback feed fixture server (feed-global-setup.ts). */
    feedServerUrl: string;
    /** The article the Worker ingests, and the entities Node's extractor finds in it ("kind:name", sorted). */
    parityArticle: { title: string; url: string; body: string };
    nodeEntities: string[];
  }
}
