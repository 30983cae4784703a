/**
 * The route reflector as a daemon: `ReflectorCore` (pure: events in, actions out) driven by a
 * `BgpSpeaker` (sockets and the FSM). The daemon turns session events into core events, feeds them in
 * batches (one `handleBatch` per event-loop turn, so a burst of UPDATEs is decided and encoded once),
 * and carries out the core's actions: bytes to peers through per-peer backpressure queues, session
 * resets, RFC 4724 timers, logs.
 *
 *   BgpSession events ──► queue ──(setImmediate)──► ReflectorCore.handleBatch ──► actions
 *        ▲                                                                          │
 *        └──────── PeerRuntime.send / automaticStop / TimerTable ◄───────────────────┘
 *
 * Live reconfiguration (`reconfigure`): sessions are added and removed without a restart, unchanged
 * sessions are not touched (their routes move into a new core, see `core-handover.ts`).
 *
 * One peer's failure stays that peer's. An exception in its session (decoding, the FSM, the handlers
 * below) resets that session in `BgpSession`; one in the core while it applies the peer's event resets
 * it in `ReflectorCore.handleBatch`; one while carrying out an action for it resets it here. Each is a
 * Cease 6/0 (RFC 4271 §6.7, no subcode fits a fault of ours) and an error line in the log; the other
 * sessions and the process carry on.
 */
import type { Socket } from 'node:net';
import { CeaseSubcode, RouteRefreshSubtype, familyKey } from '../../bgp/codec/messages.js';
import type { DownReason } from '../../bgp/fsm/down-reason.js';
import type { PeerConfig as SpeakerPeerConfig } from '../../bgp/speaker/peer-config.js';
import { BgpSpeaker } from '../../bgp/speaker/speaker.js';
import type { BgpSession } from '../../bgp/speaker/session.js';
import { refuseConnection } from '../../bgp/transport/listener.js';
import type { ConnectionOptions } from '../../bgp/transport/connection.js';
import { SPEAKER_TIMER, type ReflectorAction } from '../actions.js';
import { DEFAULT_SELECTION_DEFERRAL_SECONDS } from '../config.js';
import { endOfRibFamily } from '../end-of-rib.js';
import type { ReflectorEvent } from '../events.js';
import { ReflectorCore } from '../reflector-core.js';
import { afiOf } from '../family.js';
import { errorText } from '../error-text.js';
import { reflectorCapabilities } from './capabilities.js';
import { handOver, peersWithNewPolicy, type CarriedPeer } from './core-handover.js';
import type { DaemonConfig, SessionSettings } from './daemon-config.js';
import { JsonLog } from './json-log.js';
import { PeerRuntime } from './peer-runtime.js';
import { isEmptyPlan, planPeers, type PeerPlan } from './peer-plan.js';
import { TimerTable } from './timer-table.js';

export interface DaemonOptions {
  /** Where to accept BGP connections; without a host, every address of both families (IPv4 alone on a host without IPv6). */
  readonly listen?: { readonly host?: string; readonly port?: number };
  readonly log?: JsonLog;
  /** Transport limits per connection (queue bytes, messages per tick). */
  readonly connection?: ConnectionOptions;
  /**
   * This run follows a graceful restart (RFC 4724 §4.1): OPENs carry the R bit and route selection
   * waits for the peers' End-of-RIB, at most `selectionDeferralSeconds`.
   */
  readonly restarting?: boolean;
  readonly selectionDeferralSeconds?: number;
  /** How many refused sources the table keeps (default `REFUSED_SOURCES_KEPT`). */
  readonly refusedSourcesKept?: number;
}

/**
 * How many refused sources the table keeps by default: a scan from many addresses must not grow it
 * without end; the least recently refused goes first.
 */
export const REFUSED_SOURCES_KEPT = 256;

/** Connections refused because no session is configured for their source (Cease 6/5, RFC 4486). */
export interface RefusedSource {
  readonly address: string;
  count: number;
  last: number;
}

export class ReflectorDaemon {
  #config: DaemonConfig;
  #core: ReflectorCore;
  readonly #speaker: BgpSpeaker;
  readonly #peers = new Map<string, PeerRuntime>();
  readonly #log: JsonLog;
  readonly #timers: TimerTable;
  readonly #options: DaemonOptions;
  readonly #refused = new Map<string, RefusedSource>();
  #queue: ReflectorEvent[] = [];
  #scheduled = false;
  #stopping = false;
  /** This run followed a graceful restart (RFC 4724 §4.1). */
  readonly restartedGracefully: boolean;
  readonly startedAt = Date.now();
  /** Core batches run and events fed, for metrics. */
  readonly stats = { batches: 0, events: 0, reconfigurations: 0, lastBatchMs: 0 };

  constructor(config: DaemonConfig, options: DaemonOptions = {}) {
    this.#config = config;
    this.#options = options;
    this.#log = options.log ?? new JsonLog();
    this.restartedGracefully = options.restarting ?? false;
    this.#core = new ReflectorCore(
      this.restartedGracefully
        ? {
            ...config.reflector,
            selectionDeferralSeconds: options.selectionDeferralSeconds ?? DEFAULT_SELECTION_DEFERRAL_SECONDS,
          }
        : config.reflector,
    );
    this.#timers = new TimerTable((peer, timer) => this.#enqueue({ type: 'timer-expired', peer, timer }));
    this.#speaker = new BgpSpeaker({
      // No host: both families, so IPv6 peers added by a later intent are accepted too.
      listen: {
        ...(options.listen?.host !== undefined ? { host: options.listen.host } : {}),
        port: options.listen?.port ?? 179,
      },
      onUnknownPeer: (socket, address) => this.#refuse(socket, address),
    });
  }

  get config(): DaemonConfig {
    return this.#config;
  }

  get core(): ReflectorCore {
    return this.#core;
  }

  /** The bound BGP port. */
  get port(): number | undefined {
    return this.#speaker.port;
  }

  /**
   * Restarting gracefully and still deferring route selection (RFC 4724 §4.1): our OPENs carry the
   * R bit until the deferred selection has run.
   */
  get restarting(): boolean {
    return this.#core.deferring;
  }

  /** The longest Restart Time offered to a peer: how long peers keep our routes after we leave. */
  get restartTimeSeconds(): number {
    return Math.max(0, ...this.#config.sessions.map((session) => session.gracefulRestartSeconds));
  }

  get refusedSources(): RefusedSource[] {
    return [...this.#refused.values()];
  }

  peers(): PeerRuntime[] {
    return [...this.#peers.values()];
  }

  peer(address: string): PeerRuntime | undefined {
    return this.#peers.get(address);
  }

  async start(): Promise<void> {
    await this.#speaker.listen();
    for (const line of this.#config.unsupported) this.#log.warn('not supported', { detail: line });
    for (const settings of this.#config.sessions) this.#addSession(settings);
    this.#execute(this.#core.startActions());
    this.#log.info('reflector started', {
      node: this.#config.nodeName,
      port: this.port,
      peers: this.#config.sessions.length,
      ...(this.restarting ? { gracefulRestart: 'restarting: route selection deferred' } : {}),
    });
  }

  /** Cease 6/2 to every peer (RFC 4486 Administrative Shutdown), then stop listening. */
  async stop(message?: string): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#log.info('reflector stopping', { peers: this.#peers.size });
    this.#timers.stopAll();
    for (const runtime of this.#peers.values()) runtime.cancelRestart();
    await this.#speaker.close(message);
    this.#log.info('reflector stopped');
  }

  /** Ask peers (all, or the one at `address`) to send their routes again (RFC 2918). Returns how many were asked. */
  requestRefresh(address?: string): number {
    let asked = 0;
    for (const runtime of this.#peers.values()) {
      if (address !== undefined && runtime.settings.address !== address && runtime.settings.name !== address)
        continue;
      if (runtime.session.sendRouteRefresh(afiOf(runtime.settings.family), 1)) {
        runtime.counters.routeRefreshSent++;
        asked++;
      }
    }
    return asked;
  }

  /** Apply a new configuration without restarting; returns what changed. */
  async reconfigure(next: DaemonConfig): Promise<PeerPlan> {
    const plan = planPeers(this.#config, next);
    const newPolicies = peersWithNewPolicy(this.#config.reflector, next.reflector);
    if (isEmptyPlan(plan) && !plan.identityChanged && newPolicies.size === 0) {
      this.#config = next;
      return plan;
    }
    this.stats.reconfigurations++;
    // Everything up to the new core runs without yielding: no session event can slip in between.
    this.#flush();
    // The new core replays what the old one holds, and drops what that replay would send: a deferred
    // selection must run in the old core first, or its advertisements would be lost (RFC 4724 §4.1).
    if (this.#core.deferring)
      this.#execute(
        this.#core.handle({ type: 'timer-expired', peer: SPEAKER_TIMER, timer: 'selection-deferral' }),
      );
    const leaving = [...plan.removed, ...plan.changed.map((change) => change.before)];
    const closing: Promise<unknown>[] = [];
    const downs: ReflectorEvent[] = [];
    for (const settings of leaving) {
      const runtime = this.#peers.get(settings.address);
      if (runtime === undefined) continue;
      runtime.session.removeAllListeners();
      runtime.cancelRestart();
      this.#peers.delete(settings.address);
      downs.push({
        type: 'peer-down',
        peer: settings.address,
        reason: { kind: 'manual', text: 'Peer de-configured' },
      });
      // A peer that was restarting has no session in the core: ending its restart drops its stale routes.
      downs.push({ type: 'timer-expired', peer: settings.address, timer: 'restart' });
      const changed = plan.changed.some((change) => change.before.address === settings.address);
      closing.push(this.#closeSession(runtime.session, changed));
    }
    // Their routes leave through the old core, whose update groups know what every peer was sent.
    this.#execute(this.#core.handleBatch(downs));

    const carried: CarriedPeer[] = [];
    for (const settings of plan.unchanged) {
      const runtime = this.#peers.get(settings.address);
      if (runtime?.negotiated === undefined) continue;
      carried.push({
        address: settings.address,
        negotiated: runtime.negotiated,
        up: runtime.established && this.#core.isUp(settings.address),
        endOfRibReceived: runtime.endOfRibReceived,
      });
    }
    this.#timers.stopAll();
    const handover = handOver(this.#core, this.#config.reflector, next.reflector, carried);
    this.#core = handover.core;
    this.#config = next;
    this.#execute(handover.actions);
    for (const settings of [...plan.added, ...plan.changed.map((change) => change.after)])
      this.#addSession(settings);
    this.#log.info('reconfigured', {
      added: plan.added.map((s) => s.name),
      removed: plan.removed.map((s) => s.name),
      changed: plan.changed.map((c) => c.after.name),
      unchanged: plan.unchanged.length,
      newExportPolicy: newPolicies.size,
      renumberedPaths: handover.renumbered,
    });
    await Promise.all(closing);
    return plan;
  }

  // -------------------------------------------------------------------------------------------------

  #speakerConfig(settings: SessionSettings): SpeakerPeerConfig {
    // Read at every OPEN the session sends, so the R bit goes once the deferred selection has run.
    const restarting = (): boolean => this.restarting;
    return {
      name: settings.name,
      peerAddress: settings.address,
      peerPort: settings.port,
      ...(settings.localAddress !== undefined ? { localAddress: settings.localAddress } : {}),
      security: {
        ...(settings.md5Key !== undefined ? { md5Key: settings.md5Key } : {}),
        ...(settings.ttlSecurityHops !== undefined ? { ttlSecurityHops: settings.ttlSecurityHops } : {}),
      },
      localAs: settings.localAs,
      peerAs: settings.peerAs,
      routerId: this.#config.reflector.routerId,
      get capabilities() {
        return reflectorCapabilities(settings, restarting());
      },
      passive: settings.passive,
      holdTime: settings.holdTime,
      ...(settings.keepaliveTime !== undefined ? { keepaliveTime: settings.keepaliveTime } : {}),
      connectRetryTime: settings.connectRetryTime,
      // The FSM's own back-off refuses the peer's connections while it waits (RFC 4271 §8.2.2 Idle);
      // the daemon restarts sessions itself instead (see #scheduleRestart).
      idleHoldTime: 0,
      ...(this.#options.connection !== undefined ? { connection: this.#options.connection } : {}),
    };
  }

  #addSession(settings: SessionSettings): void {
    const config = this.#speakerConfig(settings);
    const session = this.#speaker.addPeer(config, { start: false });
    const runtime = new PeerRuntime(settings, session);
    this.#peers.set(settings.address, runtime);
    this.#wire(runtime);
    session.start();
  }

  #wire(runtime: PeerRuntime): void {
    const { session, settings } = runtime;
    const address = settings.address;
    const log = this.#log.child({ peer: settings.name, address });
    session.on('internalError', (error) => {
      log.error('internal error: session reset with Cease 6/0', { error: errorText(error) });
    });
    session.on('signedConnectUnanswered', (text) => {
      runtime.lastError = text;
      log.warn('signed connection unanswered', { error: text });
    });
    session.on('state', (change) => {
      runtime.state = change.to;
      runtime.since = change.at;
      if (change.reason !== undefined) runtime.lastError = change.reason;
      log.debug('state', { from: change.from, to: change.to, reason: change.reason });
      if (change.to === 'Idle') this.#scheduleRestart(runtime);
    });
    session.on('established', (negotiated) => {
      runtime.resetQueue();
      runtime.negotiated = negotiated.context;
      runtime.holdTime = negotiated.holdTime;
      runtime.keepaliveTime = negotiated.keepaliveTime;
      runtime.endOfRibReceived.clear();
      runtime.counters.establishedTransitions++;
      runtime.lastError = '';
      log.info('session established', { holdTime: negotiated.holdTime, peerBgpId: negotiated.peerBgpId });
      this.#enqueue({ type: 'peer-up', peer: address, negotiated: negotiated.context });
    });
    session.on('down', (text: string, reason: DownReason) => {
      runtime.resetQueue();
      runtime.lastError = text;
      log.info('session down', { reason: text });
      this.#enqueue({ type: 'peer-down', peer: address, reason });
    });
    session.on('update', (update, info) => {
      runtime.counters.updatesReceived++;
      const endOfRib = endOfRibFamily(update);
      if (endOfRib !== undefined) runtime.endOfRibReceived.add(endOfRib);
      this.#enqueue({ type: 'update', peer: address, update, treatAsWithdraw: info.treatAsWithdraw });
      if (info.treatAsWithdraw) log.warn('malformed UPDATE handled as withdraw (RFC 7606)');
    });
    session.on('routeRefresh', (refresh) => {
      if (refresh.subtype === RouteRefreshSubtype.BeginOfRouteRefresh)
        runtime.counters.beginRefreshReceived++;
      else if (refresh.subtype === RouteRefreshSubtype.EndOfRouteRefresh)
        runtime.counters.endRefreshReceived++;
      else runtime.counters.routeRefreshReceived++;
      log.debug('route refresh', { family: familyKey(refresh.afi, refresh.safi), subtype: refresh.subtype });
      this.#enqueue({ type: 'route-refresh', peer: address, refresh });
    });
  }

  /**
   * A session that fell to Idle starts again after a short, jittered pause (Calico's `error wait time`
   * starts at 5 s; this stays shorter so that the peer's next attempt finds us in Connect or Active,
   * where its connection is accepted, rather than in Idle, where it is refused with 6/5). Two speakers
   * that collided on a simultaneous open thus fall out of step instead of colliding again.
   */
  #scheduleRestart(runtime: PeerRuntime): void {
    if (this.#stopping || runtime.restartTimer !== undefined) return;
    const delayMs = runtime.settings.restartDelaySeconds * 1000 * (1 + Math.random());
    runtime.restartTimer = setTimeout(() => {
      runtime.restartTimer = undefined;
      if (this.#stopping || this.#peers.get(runtime.settings.address) !== runtime) return;
      if (runtime.session.state === 'Idle') runtime.session.start();
    }, delayMs);
  }

  /**
   * Ends a session that is removed or changed. Both steps start synchronously, so the address is free
   * for a changed session's successor at once: the FSM drops to Idle (sending Cease 6/6, RFC 4486
   * "Other Configuration Change", for a change) and the speaker forgets the peer (6/3 for a removal).
   */
  #closeSession(session: BgpSession, changed: boolean): Promise<unknown> {
    const stopping =
      changed && session.state !== 'Idle'
        ? session.automaticStop(CeaseSubcode.OtherConfigurationChange)
        : Promise.resolve();
    return Promise.all([stopping, this.#speaker.removePeer(session.config.peerAddress)]);
  }

  #refuse(socket: Socket, address: string): void {
    const entry = this.#refused.get(address) ?? { address, count: 0, last: 0 };
    entry.count++;
    entry.last = Date.now();
    // Re-inserted, so the map's order is the order of last refusal and its first key the oldest.
    this.#refused.delete(address);
    this.#refused.set(address, entry);
    if (this.#refused.size > (this.#options.refusedSourcesKept ?? REFUSED_SOURCES_KEPT)) {
      const oldest = this.#refused.keys().next().value;
      if (oldest !== undefined) this.#refused.delete(oldest);
    }
    this.#log.warn('connection refused: no session configured for this address', { address });
    refuseConnection(socket);
  }

  #enqueue(event: ReflectorEvent): void {
    if (this.#stopping) return;
    this.#queue.push(event);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#scheduled = false;
    if (this.#queue.length === 0) return;
    const events = this.#queue;
    this.#queue = [];
    const started = performance.now();
    let actions: ReflectorAction[];
    try {
      actions = this.#core.handleBatch(events);
    } catch (error) {
      this.#batchFailed(events, error);
      return;
    }
    this.stats.batches++;
    this.stats.events += events.length;
    this.#execute(actions);
    this.stats.lastBatchMs = performance.now() - started;
  }

  /**
   * The core threw outside the per-event work it isolates itself (deciding, or encoding for the update
   * groups: work shared by every peer), so no single event is to blame and what the batch would have
   * sent is lost. The sessions whose events were in the batch are reset with Cease 6/0: their routes
   * leave through the next batches, and their next sessions start from a full table. Peers with no
   * event in the batch keep their sessions.
   */
  #batchFailed(events: readonly ReflectorEvent[], error: unknown): void {
    const peers = new Set(events.map((event) => event.peer).filter((peer) => peer !== SPEAKER_TIMER));
    this.#log.error('internal error in the routing core: resetting the sessions of its batch', {
      error: errorText(error),
      peers: [...peers].map((address) => this.#peers.get(address)?.settings.name ?? address),
    });
    for (const address of peers) this.#resetForInternalError(address);
  }

  /** Cease 6/0 to a peer we failed (see `BgpSession`'s `INTERNAL_ERROR_CEASE_SUBCODE` for the choice). */
  #resetForInternalError(address: string): void {
    void this.#peers.get(address)?.session.automaticStop(0);
  }

  /** Carry out the core's actions; one that throws costs only the peer it was for. */
  #execute(actions: readonly ReflectorAction[]): void {
    for (const action of actions) {
      const peers = action.type === 'send' ? action.peers : [action.peer ?? SPEAKER_TIMER];
      for (const peer of peers) {
        try {
          this.#perform(action, peer);
        } catch (error) {
          const runtime = this.#peers.get(peer);
          this.#log.error(`internal error carrying out ${action.type}`, {
            ...(runtime !== undefined ? { peer: runtime.settings.name, address: peer } : {}),
            error: errorText(error),
          });
          if (runtime !== undefined) this.#resetForInternalError(peer);
        }
      }
    }
  }

  /** One action, for one of its peers (a send goes to each of its peers in turn). */
  #perform(action: ReflectorAction, peer: string): void {
    switch (action.type) {
      case 'send':
        this.#peers.get(peer)?.send(action.messages);
        return;
      case 'reset-session': {
        const runtime = this.#peers.get(peer);
        const fields = {
          peer: runtime?.settings.name ?? peer,
          code: action.notification.code,
          subcode: action.notification.subcode,
        };
        if (action.internalError !== undefined)
          this.#log.error('internal error: resetting session', { ...fields, error: action.internalError });
        else this.#log.warn('resetting session', fields);
        void runtime?.session.automaticStop(action.notification.subcode, action.notification.data);
        return;
      }
      case 'start-timer':
        this.#timers.start(peer, action.timer, action.seconds);
        return;
      case 'stop-timer':
        this.#timers.stop(peer, action.timer);
        return;
      case 'log':
        this.#log.info(action.text, action.peer !== undefined ? { address: action.peer } : {});
        return;
    }
  }
}
