import robotsParser from 'robots-parser';
import { decodeBody, FetchFailure, type Fetched } from './fetch.ts';

/** The product token robots.txt groups are matched against (the User-Agent's first word). */
export const robotsAgent = 'newsgraph';

type Rules = { isAllowed(url: string, ua?: string): boolean | undefined } | 'allow-all' | 'disallow-all';

/**
 * robots.txt per origin, fetched once per run (or per `ttlMs` in a long-running poller), read by
 * robots-parser. As RFC 9309 says: 4xx means no rules; a server error or no answer means stay
 * away for now.
 */
export class RobotsCache {
  private readonly origins = new Map<string, { rules: Promise<Rules>; at: number }>();

  constructor(
    private readonly get: (url: string) => Promise<Fetched>,
    private readonly ttlMs = 3600_000,
  ) {}

  /** Null when allowed; otherwise why not. */
  async refusal(url: string): Promise<string | null> {
    const { origin } = new URL(url);
    let entry = this.origins.get(origin);
    if (!entry || Date.now() - entry.at > this.ttlMs) {
      entry = { rules: this.load(origin), at: Date.now() };
      this.origins.set(origin, entry);
    }
    const rules = await entry.rules;
    if (rules === 'allow-all') return null;
    if (rules === 'disallow-all') return `robots.txt of ${origin} could not be read, so pages there are not fetched for now`;
    return rules.isAllowed(url, robotsAgent) === false ? `robots.txt of ${origin} disallows it` : null;
  }

  private async load(origin: string): Promise<Rules> {
    const robotsUrl = `${origin}/robots.txt`;
    try {
      const fetched = await this.get(robotsUrl);
      return robotsParser(robotsUrl, decodeBody(fetched));
    } catch (error) {
      if (error instanceof FetchFailure && error.status !== null && error.status >= 400 && error.status < 500) return 'allow-all';
      return 'disallow-all';
    }
  }
}
