/**
 * One BGP session to a configured peer: the glue between the pure FSM (`../fsm`), the codec and the
 * transport. Sockets and timers become FSM events; FSM actions become writes, closes and timers.
 *
 * A session owns up to two connections ("legs") at once, because RFC 4271 §6.8 lets a second
 * connection to the same peer exist until the peer's OPEN tells which one to keep: the primary leg
 * is the session users see; a secondary leg is an incoming connection that arrived while the
 * primary was already past Active. When an OPEN arrives and both legs exist, `resolveCollision`
 * decides which leg is dumped with Cease 6/7, or (RFC 4724 §4.2) whether a restarting peer's new
 * connection silently replaces an Established one.
 *
 * No exception leaves a session's event handling. Every way in (socket data and events, timers, the
 * owner's start and stop) runs guarded, and listeners that return a rejected promise are caught too
 * (`captureRejections`): a throw in the codec, the FSM or a listener ends this session alone, with
 * Cease 6/0 (see `failInternally`), and is reported as `internalError`. Other sessions, and the
 * process, carry on.
 */
import { EventEmitter, captureRejectionSymbol } from 'node:events';
import type { Socket } from 'node:net';
import {
  DEFAULT_CODEC_CONTEXT,
  NotificationCode,
  OpenMessageErrorSubcode,
  familyKey,
} from '../codec/messages.js';
import type {
  CodecContext,
  NotificationMessage,
  OpenMessage,
  RouteRefreshMessage,
  UpdateMessage,
} from '../codec/messages.js';
import { decodeMessage, encodeMessage } from '../codec/message-codec.js';
import type { CodecError } from '../codec/errors.js';
import type { FsmAction, NegotiatedSession } from '../fsm/actions.js';
import { resolveCollision } from '../fsm/collision.js';
import type { FsmConfig } from '../fsm/config.js';
import { describeDownReason, type DownReason } from '../fsm/down-reason.js';
import type { ConnectionLoss, FsmEvent } from '../fsm/events.js';
import type { FsmTimer, SessionState } from '../fsm/state.js';
import { initialSession, transition, type FsmSession } from '../fsm/transition.js';
import { activeOpen, unansweredSignedConnectText, type PendingConnection } from '../transport/active-open.js';
import { BgpConnection } from '../transport/connection.js';
import { refuseConnection } from '../transport/listener.js';
import { TimerSet } from '../transport/timer-set.js';
import { negotiateContext, type NegotiatedContext } from './negotiated-context.js';
import { buildOpen, peerFsmConfig, type PeerConfig } from './peer-config.js';

export interface StateChange {
  readonly from: SessionState;
  readonly to: SessionState;
  /** BIRD's wording of why, when the change was caused by an error or a stop. */
  readonly reason?: string;
  readonly at: number;
}

export interface ReceivedUpdateInfo {
  /** RFC 7606 §2: every NLRI of this UPDATE must be handled as withdrawn. */
  readonly treatAsWithdraw: boolean;
  /** The message as received (header included). */
  readonly raw: Uint8Array;
}

/** What the session hands out on reaching Established: the FSM's timers and the capabilities agreed. */
export interface EstablishedSession extends NegotiatedSession {
  readonly context: NegotiatedContext;
}

export interface SessionEvents {
  state: [change: StateChange];
  established: [established: EstablishedSession];
  down: [reason: string, detail: DownReason];
  update: [update: UpdateMessage, info: ReceivedUpdateInfo];
  routeRefresh: [refresh: RouteRefreshMessage];
  /** The write queue has room again after `sendUpdate` returned false. */
  drain: [];
  /** An exception escaped this session's work or a listener; the session was reset (Cease 6/0). */
  internalError: [error: unknown];
  /**
   * A TCP-MD5 signed active open got no answer before ConnectRetry began the next: most likely the
   * keys differ (the FSM sees no failure, RFC 4271 §8.2.2 Connect simply retries).
   */
  signedConnectUnanswered: [text: string];
}

interface Leg {
  fsm: FsmSession;
  readonly config: FsmConfig;
  readonly timers: TimerSet<FsmTimer>;
  connection?: BgpConnection;
  pending?: PendingConnection;
  initiatedLocally: boolean;
  context: CodecContext;
  /** Set when the peer's OPEN is accepted; `context` is its codec part. */
  negotiated?: NegotiatedContext;
  sentOpen?: OpenMessage;
  sendHold: number;
  finalMessage?: Uint8Array;
  discarded: boolean;
  /** Accepted while the primary was already Established (RFC 4724 §4.2: maybe a restarted peer). */
  openedAfterEstablished: boolean;
}

const KEEPALIVE = encodeMessage({ type: 'keepalive' }, DEFAULT_CODEC_CONTEXT);

/**
 * Cease with subcode 0 for our own failures. RFC 4271 §6.7 lets a speaker close a connection with
 * Cease when none of the fatal errors of §6 applies; RFC 4486 defines no subcode for an internal
 * failure, and §4.5 uses 0 (Unspecific) when no subcode fits. The peer's message errors keep the codes
 * the codec gives them (RFC 7606): a bug of ours must not read as the peer's malformed message.
 */
const INTERNAL_ERROR_CEASE_SUBCODE = 0;

/** The FSM's timers of a connected session (IdleHold, the automatic restart, is not among them). */
const SESSION_TIMERS = ['ConnectRetry', 'Hold', 'Keepalive'] as const;

export class BgpSession extends EventEmitter<SessionEvents> {
  readonly name: string;
  readonly config: PeerConfig;
  private readonly fsmConfig: FsmConfig;
  private primary: Leg;
  private secondary: Leg | undefined;
  private reportedState: SessionState = 'Idle';
  private lastReason: string | undefined;
  private established: EstablishedSession | undefined;
  private closeWaiters: (() => void)[] = [];
  /** Connections we closed whose sockets have not finished closing (NOTIFICATION still flushing). */
  private readonly closing = new Set<BgpConnection>();
  /** The raw bytes of the UPDATE being dispatched, handed out with the decoded message. */
  private pendingRaw: Uint8Array | undefined;

  constructor(config: PeerConfig) {
    // A listener's rejected promise comes to `[captureRejectionSymbol]` instead of going unhandled.
    super({ captureRejections: true });
    this.config = config;
    this.name = config.name ?? `peer ${config.peerAddress}`;
    this.fsmConfig = peerFsmConfig(config);
    this.primary = this.newLeg(this.fsmConfig);
  }

  /** The state of the session as RFC 4271 §8.2.2 names it. */
  get state(): SessionState {
    return this.primary.fsm.state;
  }

  /** What the OPENs agreed while Established. */
  get negotiated(): EstablishedSession | undefined {
    return this.established;
  }

  /** The codec context for UPDATEs to this peer (encode once per distinct context, send to many). */
  get codecContext(): CodecContext {
    return this.primary.context;
  }

  /** BIRD's wording of the last error (`show protocols` "Last error"). */
  get lastError(): string | undefined {
    return this.lastReason;
  }

  /** Bytes waiting for the peer to read. */
  get pendingBytes(): number {
    return this.primary.connection?.pendingBytes ?? 0;
  }

  /** The local and remote endpoints of the current connection. */
  get endpoints(): { local: string; localPort: number; remote: string; remotePort: number } | undefined {
    const connection = this.primary.connection;
    if (connection === undefined) return undefined;
    return {
      local: connection.localAddress,
      localPort: connection.localPort,
      remote: connection.remoteAddress,
      remotePort: connection.remotePort,
    };
  }

  /** ManualStart (RFC 4271 §8.1.2 event 1), or event 4 for passive peers. */
  start(): void {
    const primary = this.primary;
    this.guard(primary, () =>
      this.dispatch(primary, {
        type: this.config.passive ? 'ManualStart_with_PassiveTcpEstablishment' : 'ManualStart',
      }),
    );
  }

  /**
   * ManualStop (event 2): Cease 6/2 Administrative Shutdown with an optional RFC 9003 message.
   * Resolves once the connection is closed.
   */
  async stop(shutdownMessage?: string): Promise<void> {
    const closing = this.waitForClose();
    const secondary = this.secondary;
    if (secondary !== undefined) {
      this.guard(secondary, () => this.dispatch(secondary, { type: 'ManualStop' }));
      this.discard(secondary);
    }
    const primary = this.primary;
    this.guard(primary, () =>
      this.dispatch(primary, {
        type: 'ManualStop',
        ...(shutdownMessage !== undefined ? { shutdownMessage } : {}),
      }),
    );
    await closing;
  }

  /**
   * AutomaticStop (event 8) with a Cease subcode, e.g. 6/3 Peer De-configured or 6/1 prefix limit
   * (whose data, RFC 4486 §4, is the AFI, SAFI and the limit). The session restarts after the
   * back-off unless idle hold is 0.
   */
  async automaticStop(ceaseSubcode: number, data?: Uint8Array): Promise<void> {
    const closing = this.waitForClose();
    const primary = this.primary;
    this.guard(primary, () =>
      this.dispatch(primary, {
        type: 'AutomaticStop',
        ceaseSubcode,
        ...(data !== undefined ? { data } : {}),
      }),
    );
    await closing;
  }

  /**
   * Send an UPDATE (a message, or bytes already encoded for this session's codec context).
   * Returns false when the session is not Established or the write queue is full; after a full
   * queue, `drain` says when to continue.
   */
  sendUpdate(update: UpdateMessage | Uint8Array): boolean {
    const connection = this.primary.connection;
    if (this.state !== 'Established' || connection === undefined) return false;
    const bytes = update instanceof Uint8Array ? update : encodeMessage(update, this.primary.context);
    return connection.trySend(bytes);
  }

  /** `sendUpdate`, waiting for room in the write queue. Resolves false if the session went down. */
  async sendUpdateAsync(update: UpdateMessage | Uint8Array): Promise<boolean> {
    const bytes = update instanceof Uint8Array ? update : encodeMessage(update, this.primary.context);
    for (;;) {
      if (this.state !== 'Established') return false;
      if (this.sendUpdate(bytes)) return true;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.off('drain', done);
          this.off('down', done);
          resolve();
        };
        this.on('drain', done);
        this.on('down', done);
      });
    }
  }

  /**
   * Send ROUTE-REFRESH (RFC 2918 §3; subtype 1/2 BoRR/EoRR per RFC 7313 §3). RFC 2918 §4: only
   * to a peer that advertised the capability (enhanced refresh for subtypes 1 and 2).
   */
  sendRouteRefresh(afi: number, safi: number, subtype = 0): boolean {
    const connection = this.primary.connection;
    const context = this.established?.context;
    if (this.state !== 'Established' || connection === undefined || context === undefined) return false;
    if (!(subtype === 0 ? context.peerRouteRefresh : context.peerEnhancedRouteRefresh)) return false;
    connection.send(encodeMessage({ type: 'route-refresh', afi, safi, subtype }, this.primary.context));
    return true;
  }

  /** Resolves when the session reaches `state`; rejects after `timeoutMs`. */
  waitForState(state: SessionState, timeoutMs: number): Promise<void> {
    if (this.state === state) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onState = (change: StateChange): void => {
        if (change.to !== state) return;
        clearTimeout(timer);
        this.off('state', onState);
        resolve();
      };
      const timer = setTimeout(() => {
        this.off('state', onState);
        reject(
          new Error(
            `${this.name}: not ${state} after ${timeoutMs} ms (state ${this.state}, last error ${this.lastReason ?? 'none'})`,
          ),
        );
      }, timeoutMs);
      this.on('state', onState);
    });
  }

  /** A connection from the peer's address (routed here by the listener). */
  acceptIncoming(socket: Socket): void {
    const primary = this.primary;
    switch (primary.fsm.state) {
      case 'Idle':
        // RFC 4271 §8.2.2 Idle: refuse incoming connections (Cease 6/5, RFC 4486).
        refuseConnection(socket);
        return;
      case 'Active':
        // §8.2.2 Active: the peer's connection becomes the session's.
        this.guard(primary, () => {
          this.attach(primary, socket, false);
          this.dispatch(primary, { type: 'TcpConnectionConfirmed' });
        });
        return;
      default: {
        // Connect (our own attempt in flight) or later: keep both connections until an OPEN tells
        // which one survives (§6.8). Cancelling our attempt instead would race with the peer
        // cancelling its own, and both would lose.
        if (this.secondary !== undefined) this.discard(this.secondary);
        const leg = this.newLeg({ ...this.fsmConfig, passive: true, idleHoldTime: 0 });
        leg.openedAfterEstablished = primary.fsm.state === 'Established';
        this.secondary = leg;
        this.guard(leg, () => {
          this.dispatch(leg, { type: 'ManualStart_with_PassiveTcpEstablishment' });
          this.attach(leg, socket, false);
          this.dispatch(leg, { type: 'TcpConnectionConfirmed' });
        });
      }
    }
  }

  private newLeg(config: FsmConfig): Leg {
    const leg: Leg = {
      fsm: initialSession(),
      config,
      timers: new TimerSet<FsmTimer>((timer) =>
        this.guard(leg, () => this.dispatch(leg, { type: `${timer}Timer_Expires` as const })),
      ),
      initiatedLocally: false,
      context: DEFAULT_CODEC_CONTEXT,
      sendHold: 0,
      discarded: false,
      openedAfterEstablished: false,
    };
    return leg;
  }

  private attach(leg: Leg, socket: Socket, initiatedLocally: boolean): void {
    const connection = new BgpConnection(socket, DEFAULT_CODEC_CONTEXT, this.config.connection);
    leg.connection = connection;
    leg.initiatedLocally = initiatedLocally;
    leg.context = DEFAULT_CODEC_CONTEXT;
    leg.negotiated = undefined;
    const current = (): boolean => leg.connection === connection && !leg.discarded;
    connection.attach({
      message: (frame) => {
        if (current()) this.guard(leg, () => this.onFrame(leg, frame));
      },
      headerError: (error: CodecError) => {
        if (current())
          this.guard(leg, () =>
            this.dispatch(leg, { type: 'BGPHeaderErr', notification: notificationOf(error) }),
          );
      },
      closed: (loss: ConnectionLoss) => {
        this.closing.delete(connection);
        if (current()) {
          leg.connection = undefined;
          this.guard(leg, () => this.dispatch(leg, { type: 'TcpConnectionFails', loss }));
        }
        this.checkClosed();
      },
      drain: () => {
        if (current() && leg === this.primary) this.guard(leg, () => this.emit('drain'));
      },
      sendHoldExpired: () => {
        if (current()) this.guard(leg, () => this.dispatch(leg, { type: 'SendHoldTimer_Expires' }));
      },
    });
  }

  private onFrame(leg: Leg, frame: Uint8Array): void {
    const result = decodeMessage(frame, leg.context);
    if (result.action === 'session-reset') {
      const notification = result.notification;
      const type = frame[18];
      const event: FsmEvent =
        notification.code === NotificationCode.MessageHeaderError
          ? { type: 'BGPHeaderErr', notification }
          : type === 1 || notification.code === NotificationCode.OpenMessageError
            ? { type: 'BGPOpenMsgErr', notification }
            : { type: 'UpdateMsgErr', notification };
      this.dispatch(leg, event);
      return;
    }
    const message = result.message;
    switch (message.type) {
      case 'open':
        this.onOpen(leg, message);
        return;
      case 'keepalive':
        this.dispatch(leg, { type: 'KeepAliveMsg' });
        return;
      case 'notification':
        this.dispatch(leg, {
          type:
            message.code === NotificationCode.OpenMessageError &&
            message.subcode === OpenMessageErrorSubcode.UnsupportedVersionNumber
              ? 'NotifMsgVerErr'
              : 'NotifMsg',
          notification: message,
        });
        return;
      case 'update':
        this.pendingRaw = frame;
        try {
          this.dispatch(leg, {
            type: 'UpdateMsg',
            update: message,
            treatAsWithdraw: result.action === 'treat-as-withdraw',
          });
        } finally {
          this.pendingRaw = undefined;
        }
        return;
      case 'route-refresh':
        this.dispatch(leg, { type: 'RouteRefreshMsg', refresh: message });
        return;
    }
  }

  /** RFC 4271 §6.8 / RFC 4724 §4.2 before the OPEN reaches the FSM. */
  private onOpen(leg: Leg, open: OpenMessage): void {
    const other = leg === this.primary ? this.secondary : this.primary;
    if (other === undefined || other.discarded || leg.fsm.state !== 'OpenSent') {
      this.dispatch(leg, { type: 'BGPOpen', open });
      return;
    }
    const outcome = resolveCollision({
      localBgpId: this.fsmConfig.routerId,
      remoteBgpId: open.bgpId,
      existing: { state: other.fsm.state, initiatedLocally: other.initiatedLocally },
      incoming: { state: leg.fsm.state, initiatedLocally: leg.initiatedLocally },
      gracefulRestartNegotiated: other.negotiated?.gracefulRestart?.bothAdvertised ?? false,
      incomingOpenedAfterEstablished: leg.openedAfterEstablished,
    });
    switch (outcome) {
      case 'no-collision':
        this.dispatch(leg, { type: 'BGPOpen', open });
        return;
      case 'dump-incoming':
        this.dispatch(leg, { type: 'OpenCollisionDump' });
        return;
      case 'dump-existing':
        this.dispatch(other, { type: 'OpenCollisionDump' });
        this.dispatch(leg, { type: 'BGPOpen', open });
        return;
      case 'replace-established':
        // RFC 4724 §4.2: the old connection is dead; close it without a NOTIFICATION.
        this.dispatch(other, {
          type: 'TcpConnectionFails',
          loss: { kind: 'misc', text: 'Graceful restart' },
        });
        this.dispatch(leg, { type: 'BGPOpen', open });
        return;
    }
  }

  /** One way into the session's work: whatever it throws ends this leg, and only this leg. */
  private guard(leg: Leg, run: () => void): void {
    try {
      run();
    } catch (error) {
      this.failInternally(leg, error);
    }
  }

  /** A listener's promise rejected (EventEmitter `captureRejections`): the session it listens to pays. */
  override [captureRejectionSymbol](error: Error, ..._event: unknown[]): void {
    this.failInternally(this.primary, error);
  }

  /**
   * An exception escaped the codec, the FSM or a listener (the owner's handler of an UPDATE, say).
   * Nothing says the peer's message was at fault, so the connection ends with Cease 6/0 (see
   * `INTERNAL_ERROR_CEASE_SUBCODE`) through the FSM's AutomaticStop, as any local reset does. Should a
   * listener throw again on the way down, what the stop left undone is finished by hand: the leg ends
   * Idle, its connection closed and its timers stopped, so it neither hangs nor sends again.
   */
  private failInternally(leg: Leg, error: unknown): void {
    this.reportInternalError(error);
    if (leg.discarded) return;
    try {
      if (leg.fsm.state !== 'Idle')
        this.dispatch(leg, { type: 'AutomaticStop', ceaseSubcode: INTERNAL_ERROR_CEASE_SUBCODE });
    } catch (again) {
      this.reportInternalError(again);
    }
    if (leg.fsm.state !== 'Idle') leg.fsm = { ...leg.fsm, state: 'Idle', negotiated: undefined };
    for (const timer of SESSION_TIMERS) leg.timers.stop(timer);
    leg.pending?.cancel();
    leg.pending = undefined;
    const connection = leg.connection;
    leg.connection = undefined;
    if (connection !== undefined) {
      const cease = {
        type: 'notification',
        code: NotificationCode.Cease,
        subcode: INTERNAL_ERROR_CEASE_SUBCODE,
        data: new Uint8Array(0),
      } as const;
      this.closeConnection(connection, leg.finalMessage ?? encodeMessage(cease, leg.context));
    }
    leg.finalMessage = undefined;
    try {
      this.afterTransition(leg, undefined);
    } catch (again) {
      this.reportInternalError(again);
    }
  }

  private reportInternalError(error: unknown): void {
    try {
      this.emit('internalError', error);
    } catch {
      // The reporter failed too; the reset it would have reported goes ahead regardless.
    }
  }

  private dispatch(leg: Leg, event: FsmEvent): void {
    if (leg.discarded) return;
    if (event.type === 'ConnectRetryTimer_Expires' && leg.pending !== undefined && leg === this.primary)
      this.noteUnansweredConnect();
    const result = transition(leg.fsm, event, leg.config);
    leg.fsm = result.session;
    for (const action of result.actions) this.execute(leg, action);
    if (result.reason !== undefined && leg === this.primary)
      this.lastReason = describeDownReason(result.reason);
    this.afterTransition(leg, result.reason);
  }

  private afterTransition(leg: Leg, reason: DownReason | undefined): void {
    if (leg === this.secondary && leg.fsm.state === 'Idle') {
      this.discard(leg);
      this.secondary = undefined;
      return;
    }
    if (leg === this.primary) {
      this.report(reason);
      const secondary = this.secondary;
      const primaryHasNoConnection = leg.fsm.state === 'Idle' || leg.fsm.state === 'Active';
      if (primaryHasNoConnection && secondary !== undefined && !secondary.discarded) {
        // The surviving connection becomes the session (RFC 4271 §6.8).
        this.discard(leg);
        this.primary = secondary;
        this.secondary = undefined;
        this.report(undefined);
      }
    }
  }

  private report(reason: DownReason | undefined): void {
    const to = this.primary.fsm.state;
    if (to === this.reportedState) return;
    const change: StateChange = {
      from: this.reportedState,
      to,
      ...(reason !== undefined ? { reason: describeDownReason(reason) } : {}),
      at: Date.now(),
    };
    this.reportedState = to;
    this.emit('state', change);
  }

  private discard(leg: Leg): void {
    leg.timers.stopAll();
    leg.pending?.cancel();
    leg.pending = undefined;
    const connection = leg.connection;
    leg.connection = undefined;
    if (connection !== undefined) this.closeConnection(connection, leg.finalMessage);
    leg.finalMessage = undefined;
    leg.discarded = true;
  }

  private execute(leg: Leg, action: FsmAction): void {
    switch (action.type) {
      case 'connect':
        this.connect(leg);
        return;
      case 'dropConnection': {
        leg.pending?.cancel();
        leg.pending = undefined;
        const connection = leg.connection;
        leg.connection = undefined;
        if (connection !== undefined) this.closeConnection(connection, leg.finalMessage);
        leg.finalMessage = undefined;
        return;
      }
      case 'sendOpen': {
        const open = buildOpen(this.config, action.withCapabilities);
        leg.sentOpen = open;
        leg.connection?.send(encodeMessage(open, DEFAULT_CODEC_CONTEXT));
        return;
      }
      case 'sendKeepalive':
        leg.connection?.send(KEEPALIVE);
        return;
      case 'sendNotification':
        // Written by the `dropConnection` that follows, ahead of anything still queued.
        leg.finalMessage = encodeMessage(action.notification, leg.context);
        return;
      case 'startTimer':
        leg.timers.start(action.timer, action.seconds);
        return;
      case 'stopTimer':
        leg.timers.stop(action.timer);
        return;
      case 'setSendHoldTime':
        leg.sendHold = action.seconds;
        leg.connection?.setSendHoldTime(action.seconds);
        return;
      case 'openAccepted':
        leg.negotiated = negotiateContext(
          leg.sentOpen ?? buildOpen(this.config, true),
          action.negotiated.peerOpen,
          action.negotiated.internal ? 'internal' : 'external',
        );
        leg.context = leg.negotiated.codec;
        leg.connection?.setContext(leg.context);
        return;
      case 'sessionUp': {
        // The FSM reaches Established only through OpenConfirm, after `openAccepted` on this leg.
        if (leg.negotiated === undefined) throw new Error('Established without an accepted OPEN');
        this.established = { ...action.negotiated, context: leg.negotiated };
        this.emit('established', this.established);
        return;
      }
      case 'sessionDown':
        this.established = undefined;
        this.emit('down', describeDownReason(action.reason), action.reason);
        return;
      case 'deliverUpdate':
        this.emit('update', action.update, {
          treatAsWithdraw: action.treatAsWithdraw,
          raw: this.pendingRaw ?? new Uint8Array(0),
        });
        return;
      case 'deliverRouteRefresh':
        // RFC 2918 §4: a refresh for a family not negotiated is ignored.
        if (leg.negotiated?.families.has(familyKey(action.refresh.afi, action.refresh.safi)))
          this.emit('routeRefresh', action.refresh);
        return;
    }
  }

  /** Our attempt is still unanswered as ConnectRetry starts the next one (§8.2.2 Connect). */
  private noteUnansweredConnect(): void {
    const text = unansweredSignedConnectText(this.config.security);
    if (text === undefined) return;
    this.lastReason = describeDownReason({ kind: 'socket', text });
    this.emit('signedConnectUnanswered', this.lastReason);
  }

  private connect(leg: Leg): void {
    leg.pending?.cancel();
    leg.pending = activeOpen(
      {
        host: this.config.peerAddress,
        port: this.config.peerPort ?? 179,
        ...(this.config.localAddress !== undefined ? { localAddress: this.config.localAddress } : {}),
        ...(this.config.security !== undefined ? { security: this.config.security } : {}),
      },
      (socket) => {
        leg.pending = undefined;
        if (leg.discarded || leg.fsm.state !== 'Connect') {
          socket.destroy();
          return;
        }
        this.guard(leg, () => {
          this.attach(leg, socket, true);
          this.dispatch(leg, { type: 'Tcp_CR_Acked' });
        });
      },
      (loss) => {
        leg.pending = undefined;
        if (!leg.discarded && leg.fsm.state === 'Connect')
          this.guard(leg, () => this.dispatch(leg, { type: 'TcpConnectionFails', loss }));
      },
    );
  }

  private waitForClose(): Promise<void> {
    return new Promise((resolve) => {
      this.closeWaiters.push(resolve);
      queueMicrotask(() => this.checkClosed());
    });
  }

  private closeConnection(connection: BgpConnection, finalMessage: Uint8Array | undefined): void {
    if (connection.isOpen) this.closing.add(connection);
    connection.close(finalMessage);
  }

  private checkClosed(): void {
    if (this.primary.connection !== undefined || this.secondary?.connection !== undefined) return;
    if (this.closing.size > 0) return;
    const waiters = this.closeWaiters;
    this.closeWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

function notificationOf(error: CodecError): NotificationMessage {
  return { type: 'notification', code: error.code, subcode: error.subcode, data: error.data };
}
