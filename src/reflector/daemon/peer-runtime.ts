/**
 * What the daemon keeps per configured session beyond the routing core: the speaker's session, the
 * context its OPENs negotiated (the core and a live reconfiguration need it), BIRD-style status (state,
 * since when, last error), counters for the API and metrics, and a write queue that respects socket
 * backpressure (requirements §3: `socket.write()` queues without limit otherwise).
 */
import type { FamilyKey, OpenMessage } from '../../bgp/codec/messages.js';
import type { NegotiatedContext } from '../../bgp/speaker/negotiated-context.js';
import type { BgpSession } from '../../bgp/speaker/session.js';
import type { SessionState } from '../../bgp/fsm/state.js';
import type { SessionSettings } from './daemon-config.js';

export interface PeerCounters {
  updatesReceived: number;
  updatesSent: number;
  /** Messages handed to the socket (UPDATEs, End-of-RIB, BoRR/EoRR). */
  messagesSent: number;
  routeRefreshReceived: number;
  beginRefreshReceived: number;
  endRefreshReceived: number;
  routeRefreshSent: number;
  establishedTransitions: number;
  /** Messages waiting for the socket to drain. */
  queuedMessages: number;
}

export class PeerRuntime {
  state: SessionState = 'Idle';
  /** When the state last changed (BIRD's `since`), ms since the epoch. */
  since = Date.now();
  lastError = '';
  /** What the current (or, when restarting, last) session's OPENs agreed. */
  negotiated: NegotiatedContext | undefined;
  holdTime = 0;
  keepaliveTime = 0;
  readonly endOfRibReceived = new Set<FamilyKey>();
  /** Pending restart after the session fell to Idle. */
  restartTimer: NodeJS.Timeout | undefined;
  readonly counters: PeerCounters = {
    updatesReceived: 0,
    updatesSent: 0,
    messagesSent: 0,
    routeRefreshReceived: 0,
    beginRefreshReceived: 0,
    endRefreshReceived: 0,
    routeRefreshSent: 0,
    establishedTransitions: 0,
    queuedMessages: 0,
  };
  readonly #queue: Uint8Array[] = [];
  #head = 0;

  constructor(
    readonly settings: SessionSettings,
    readonly session: BgpSession,
  ) {
    session.on('drain', () => this.#pump());
  }

  get localOpen(): OpenMessage | undefined {
    return this.negotiated?.localOpen;
  }

  get remoteOpen(): OpenMessage | undefined {
    return this.negotiated?.peerOpen;
  }

  get established(): boolean {
    return this.state === 'Established';
  }

  /** Write in order; what the socket refuses waits for `drain`. */
  send(messages: readonly Uint8Array[]): void {
    for (const message of messages) {
      // UPDATE is message type 2 (RFC 4271 §4.1): byte 18 of the header.
      if (message[18] === 2) this.counters.updatesSent++;
      this.counters.messagesSent++;
      this.#queue.push(message);
    }
    this.#pump();
  }

  cancelRestart(): void {
    if (this.restartTimer !== undefined) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
  }

  /** A new or lost session: nothing queued belongs to it. */
  resetQueue(): void {
    this.#queue.length = 0;
    this.#head = 0;
    this.counters.queuedMessages = 0;
  }

  #pump(): void {
    while (this.#head < this.#queue.length) {
      if (!this.session.sendUpdate(this.#queue[this.#head] as Uint8Array)) break;
      this.#head++;
    }
    if (this.#head === this.#queue.length) {
      this.#queue.length = 0;
      this.#head = 0;
    } else if (this.state !== 'Established') {
      this.resetQueue();
    }
    this.counters.queuedMessages = this.#queue.length - this.#head;
  }
}
