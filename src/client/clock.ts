/**
 * The client's own clock: it stands apart from the server, so it does not share the
 * server's clock module. Any object with `nowMs()` fits, the server's ManualClock included.
 */
export interface ClientClock {
  /** Milliseconds since the UNIX epoch. */
  nowMs(): number;
}

export const systemClock: ClientClock = { nowMs: () => Date.now() };
