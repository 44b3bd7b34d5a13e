import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * The network between the service and the real object store, as a TCP relay the test
 * controls: it can cut every connection once a given number of bytes has gone towards the
 * store (the link failing in the middle of a part) and refuse new ones until restored,
 * hold everything the service sends (a store that stalls) until let go, or hold what the
 * store sends back once a given number of bytes came (a store that stops mid-answer).
 * The store itself is the project's real radosgw; only the wire between is in the test's hands.
 */
export class StoreLink {
  /** Bytes relayed from the service towards the store so far. */
  sent = 0;
  /** Bytes relayed from the store towards the service so far. */
  received = 0;
  private cutAt: number | undefined;
  private answersHeldAt: number | undefined;
  private down = false;
  private held = false;
  private answersHeld = false;
  private readonly pairs = new Set<[Socket, Socket]>();

  private constructor(
    private readonly server: Server,
    readonly endpoint: string,
  ) {}

  /** A relay on a free local port to `target` (the store's endpoint URL). */
  static async open(target: string): Promise<StoreLink> {
    const t = new URL(target);
    const relays: { to?: StoreLink } = {};
    const server = createServer((client) => relays.to?.relay(client, t));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    relays.to = new StoreLink(server, `http://127.0.0.1:${port}`);
    return relays.to;
  }

  private relay(client: Socket, t: URL): void {
    if (this.down) {
      client.destroy();
      return;
    }
    const store = connect(Number(t.port), t.hostname);
    if (this.held) client.pause();
    if (this.answersHeld) store.pause();
    const pair: [Socket, Socket] = [client, store];
    this.pairs.add(pair);
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      store.destroy();
    };
    for (const s of pair) s.on('error', end).on('close', end);
    client.on('data', (d: Buffer) => {
      this.sent += d.length;
      if (!store.write(d)) client.pause();
      if (this.cutAt !== undefined && this.sent >= this.cutAt) this.cut();
    });
    store.on('drain', () => {
      if (!this.held) client.resume();
    });
    store.on('data', (d: Buffer) => {
      this.received += d.length;
      if (!client.write(d)) store.pause();
      if (this.answersHeldAt !== undefined && this.received >= this.answersHeldAt) this.holdAnswers();
    });
    client.on('drain', () => {
      if (!this.answersHeld) store.resume();
    });
  }

  /** Once `bytes` more have gone towards the store, every connection is cut and new ones refused. */
  cutAfter(bytes: number): void {
    this.cutAt = this.sent + bytes;
  }

  /** Cuts every connection now and refuses new ones until {@link restore}. */
  cut(): void {
    this.cutAt = undefined;
    this.down = true;
    for (const [a, b] of this.pairs) {
      a.destroy();
      b.destroy();
    }
    this.pairs.clear();
  }

  /** Nothing more the service sends reaches the store (requests stall, unanswered) until {@link letGo}. */
  hold(): void {
    this.held = true;
    for (const [client] of this.pairs) client.pause();
  }

  /**
   * Once `bytes` more have come back from the store, nothing more it sends reaches the service
   * (a store that stops in the middle of an answer) until {@link letGo}.
   */
  holdAnswersAfter(bytes: number): void {
    this.answersHeldAt = this.received + bytes;
  }

  private holdAnswers(): void {
    this.answersHeldAt = undefined;
    this.answersHeld = true;
    for (const [, store] of this.pairs) store.pause();
  }

  /** What was held goes on, both ways. */
  letGo(): void {
    this.held = false;
    this.answersHeld = false;
    this.answersHeldAt = undefined;
    for (const [client, store] of this.pairs) {
      client.resume();
      store.resume();
    }
  }

  /** Connections are relayed again. */
  restore(): void {
    this.down = false;
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((r) => this.server.close(() => r()));
  }
}
