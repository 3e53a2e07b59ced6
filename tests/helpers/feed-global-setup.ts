// globalSetup of the workerd project: the loopback feed fixture server (feed-server.ts), which
// the Worker's scheduled() poller fetches over real HTTP from inside workerd.
import type { TestProject } from 'vitest/node';
import { startFeedServer } from './feed-server.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startFeedServer({ bigPageBytes: 400_000 });
  project.provide('feedServerUrl', server.url);
  return () => server.close();
}
