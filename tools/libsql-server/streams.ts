// Hrana streams: a connection kept across HTTP requests through a baton (interactive transactions),
// parked between requests and closed (rolled back) when idle for too long.
import { randomBytes } from 'node:crypto';
import { closeConn, type Conn, type ConnectionPool } from './connections.ts';
import { HttpError } from './protocol.ts';

export interface Stream {
  id: number;
  conn: Conn;
  sqls: Map<number, string>;
  timer: NodeJS.Timeout | undefined;
  closed: boolean;
}

export class Streams {
  /** Parked streams by their current baton. */
  readonly #parked = new Map<string, Stream>();
  /** Streams a request is working on right now. */
  readonly active = new Set<Stream>();
  #nextStreamId = 1;

  constructor(
    readonly pool: ConnectionPool,
    readonly idleMs: number,
  ) {}

  close(s: Stream): void {
    if (s.closed) return;
    s.closed = true;
    if (s.timer) clearTimeout(s.timer);
    s.sqls.clear();
    this.pool.release(s.conn);
  }

  /** Parks a stream between requests and hands out a fresh baton for it. */
  park(s: Stream): string | null {
    if (s.closed || this.pool.closing) {
      this.close(s);
      return null;
    }
    const baton = `${s.id}.${randomBytes(18).toString('base64url')}`;
    this.#parked.set(baton, s);
    s.timer = setTimeout(() => {
      this.#parked.delete(baton);
      this.close(s);
    }, this.idleMs);
    s.timer.unref();
    return baton;
  }

  /** The stream a baton names, or a new one for no baton. */
  take(baton: unknown): Stream {
    if (baton === undefined || baton === null) {
      return { id: this.#nextStreamId++, conn: this.pool.acquire(), sqls: new Map(), timer: undefined, closed: false };
    }
    if (typeof baton !== 'string') throw new HttpError(400, '"baton" must be a string or null', 'HRANA_PROTO_ERROR');
    const s = this.#parked.get(baton);
    if (!s) throw new HttpError(400, 'The stream has expired or the baton is invalid', 'STREAM_EXPIRED');
    this.#parked.delete(baton);
    if (s.timer) clearTimeout(s.timer);
    s.timer = undefined;
    return s;
  }

  /** Gives the stream a fresh connection (its own was poisoned), or closes it if none opens. */
  replaceConn(s: Stream): void {
    closeConn(s.conn);
    try {
      s.conn = this.pool.acquire();
    } catch {
      this.close(s);
    }
  }

  closeParked(): void {
    for (const s of this.#parked.values()) this.close(s);
    this.#parked.clear();
  }
}
