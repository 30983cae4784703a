/**
 * The restarting speaker of graceful restart (RFC 4724 §4.1): after our own restart, route selection
 * waits for the peers' End-of-RIB, so that clients are not sent a partial Loc-RIB first and the
 * difference afterwards. The Selection_Deferral_Timer bounds the wait for a peer that never finishes.
 */
import type { FamilyKey } from '../bgp/codec/messages.js';
import type { NegotiatedContext } from '../bgp/speaker/negotiated-context.js';
import { SPEAKER_TIMER, type ReflectorAction } from './actions.js';

/** What the wait needs to know of one configured peer's session. */
export interface DeferredPeer {
  readonly negotiated: Pick<NegotiatedContext, 'gracefulRestart'>;
  readonly families: readonly FamilyKey[];
  readonly endOfRibReceived: ReadonlySet<FamilyKey>;
}

export class SelectionDeferral {
  readonly #seconds: number | undefined;
  #deferring: boolean;

  /** `seconds`: the Selection_Deferral_Timer when we have just restarted, undefined on a cold start. */
  constructor(seconds: number | undefined) {
    this.#seconds = seconds;
    this.#deferring = seconds !== undefined;
  }

  /** Route selection is deferred: best paths are known, nothing is advertised yet. */
  get deferring(): boolean {
    return this.#deferring;
  }

  /** The Selection_Deferral_Timer, started before the first event. */
  startActions(): ReflectorAction[] {
    if (!this.#deferring || this.#seconds === undefined) return [];
    return [
      { type: 'start-timer', peer: SPEAKER_TIMER, timer: 'selection-deferral', seconds: this.#seconds },
    ];
  }

  /**
   * Every configured peer has finished its initial update. Peers without the capability and peers
   * that are restarting themselves (R bit) are not waited for: they would be waiting for ours. A
   * configured peer that is not up yet (undefined) is waited for, until the timer.
   */
  static everyPeerDone(peers: Iterable<DeferredPeer | undefined>): boolean {
    for (const peer of peers) {
      if (peer === undefined) return false;
      const promise = peer.negotiated.gracefulRestart;
      if (promise === undefined || promise.restarting) continue;
      for (const family of peer.families) if (!peer.endOfRibReceived.has(family)) return false;
    }
    return true;
  }

  /** The wait is over: the timer stops, and the host may now advertise. */
  end(why: string, actions: ReflectorAction[]): void {
    this.#deferring = false;
    actions.push({ type: 'stop-timer', peer: SPEAKER_TIMER, timer: 'selection-deferral' });
    actions.push({ type: 'log', text: `route selection deferral ended: ${why}` });
  }
}
