/**
 * The receiving speaker of graceful restart (RFC 4724 §4.2, RFC 8538), for one peer. When the peer's
 * session ends, the routes of the families it promised to preserve stay, marked stale, for as long as
 * its Restart Time; when it is back, they stay until its End-of-RIB (or the stale timer) says which
 * it did not advertise again. Forwarding toward a restarting peer thus carries on while it restarts,
 * and clients are not sent a withdrawal followed by the same route again.
 *
 * The routes themselves are the core's; this decides which families keep theirs and runs the two
 * timers, as actions, since the core does no I/O.
 */
import { CeaseSubcode, NotificationCode, type FamilyKey } from '../bgp/codec/messages.js';
import type { DownReason } from '../bgp/fsm/down-reason.js';
import type { NegotiatedGracefulRestart } from '../bgp/speaker/negotiated-context.js';
import type { ReflectorAction, ReflectorTimer } from './actions.js';
import type { StaleRoutes } from './stale-routes.js';

/**
 * Whether the peer's routes are kept as stale after the session ended for `reason`. RFC 4724 §4.2
 * covers the TCP session ending; RFC 8538 §3 adds NOTIFICATIONs when both sides set the N bit,
 * except Cease / Hard Reset. An operator stopping the session is not a restart.
 */
export function keepsRoutesStale(
  promise: NegotiatedGracefulRestart | undefined,
  reason: DownReason,
): boolean {
  if (promise === undefined || promise.restartTimeSeconds === 0) return false;
  switch (reason.kind) {
    case 'socket':
    case 'misc':
      return true;
    case 'notification-sent':
    case 'notification-received': {
      const { code, subcode } = reason.notification;
      const hardReset = code === NotificationCode.Cease && subcode === CeaseSubcode.HardReset;
      return promise.notification && !hardReset;
    }
    case 'manual':
      return false;
  }
}

export class GracefulRestartHelper {
  readonly #peer: string;
  readonly #stale: StaleRoutes;
  readonly #staleRoutesSeconds: number;
  /** The session went down under graceful restart and has not come back: the restart timer runs. */
  #restarting = false;
  /** The peer is back and its End-of-RIB has not arrived: the stale timer runs. */
  #staleTimerRunning = false;

  constructor(peer: string, stale: StaleRoutes, staleRoutesSeconds: number) {
    this.#peer = peer;
    this.#stale = stale;
    this.#staleRoutesSeconds = staleRoutesSeconds;
  }

  /**
   * RFC 4724 §4.2: keep the routes of the families the peer listed, marked stale; routes that were
   * already stale from an earlier restart go now; other families are withdrawn. Without the
   * capability, or for a reason it does not cover, every route goes.
   */
  sessionDown(
    promise: NegotiatedGracefulRestart | undefined,
    reason: DownReason,
    actions: ReflectorAction[],
  ): void {
    if (!keepsRoutesStale(promise, reason) || promise === undefined) {
      this.#stale.withdrawAll();
      this.#stopStaleTimer(actions);
      return;
    }
    for (const family of this.#stale.routeFamilies) {
      this.#stale.sweep(family);
      if (promise.families.has(family)) this.#stale.mark(family);
      else this.#stale.withdraw(family);
    }
    this.#stopStaleTimer(actions);
    if (this.#stale.empty) return;
    this.#restarting = true;
    actions.push({
      type: 'start-timer',
      peer: this.#peer,
      timer: 'restart',
      seconds: promise.restartTimeSeconds,
    });
  }

  /** RFC 4724 §4.2: stale routes of a family stay only if the new OPEN lists it with the F bit set. */
  sessionUp(promise: NegotiatedGracefulRestart | undefined, actions: ReflectorAction[]): void {
    if (!this.#restarting) return;
    this.#restarting = false;
    actions.push({ type: 'stop-timer', peer: this.#peer, timer: 'restart' });
    for (const family of this.#stale.families)
      if (promise?.families.get(family) !== true) this.#stale.sweep(family);
    if (this.#stale.empty) return;
    actions.push({
      type: 'start-timer',
      peer: this.#peer,
      timer: 'stale',
      seconds: this.#staleRoutesSeconds,
    });
    this.#staleTimerRunning = true;
  }

  /** RFC 4724 §4.2: the peer's End-of-RIB ends the wait; its routes still stale were not advertised again. */
  endOfRib(family: FamilyKey, actions: ReflectorAction[]): void {
    if (!this.#stale.has(family)) return;
    this.#stale.sweep(family);
    if (this.#stale.empty) this.#stopStaleTimer(actions);
  }

  /**
   * RFC 4724 §4.2: the peer did not come back in time (restart), or did not finish its initial update
   * in time (stale): its stale routes go.
   */
  timerExpired(timer: ReflectorTimer, actions: ReflectorAction[]): void {
    if (timer === 'restart' && !this.#restarting) return;
    if (timer === 'restart') this.#restarting = false;
    if (timer === 'stale') this.#staleTimerRunning = false;
    const families = this.#stale.families;
    for (const family of families) this.#stale.sweep(family);
    if (families.length > 0)
      actions.push({ type: 'log', peer: this.#peer, text: `${timer} timer expired: stale routes removed` });
  }

  #stopStaleTimer(actions: ReflectorAction[]): void {
    if (!this.#staleTimerRunning) return;
    this.#staleTimerRunning = false;
    actions.push({ type: 'stop-timer', peer: this.#peer, timer: 'stale' });
  }
}
