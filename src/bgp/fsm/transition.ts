/**
 * The BGP session FSM of RFC 4271 §8.2.2 as a pure function: `(session, event) → { session, actions }`.
 *
 * One `switch` on the state, then on the event, mirroring the RFC's per-state text. Timers and
 * sockets stay with the host: the FSM asks for them through actions and learns about them through
 * events. Choices where the RFC leaves room, each marked "Deviation" or "Choice" below:
 * - No DelayOpen, no CollisionDetectEstablishedState (the host runs RFC 4271 §6.8 / RFC 4724 §4.2
 *   collision handling and feeds `OpenCollisionDump`), no per-connection acceptance hooks.
 * - A refused outgoing connection leaves the session in Active until ConnectRetry fires, as BIRD
 *   and GoBGP do, instead of RFC 4271's Idle.
 * - A received NOTIFICATION is never answered (RFC 4271 §6.4; RFC 6608 §4 removes the FSM error
 *   the §8.2.2 OpenSent text would otherwise send).
 * - After an error the FSM restarts itself once the IdleHold back-off (§8.1.1) is over, like BIRD's
 *   `error wait time`; an operator's ManualStop is final.
 */
import {
  CeaseSubcode,
  FsmErrorSubcode,
  NotificationCode,
  OpenMessageErrorSubcode,
  type NotificationMessage,
} from '../codec/messages.js';
import type { FsmAction, NegotiatedSession } from './actions.js';
import type { FsmConfig } from './config.js';
import type { DownReason } from './down-reason.js';
import type { FsmEvent } from './events.js';
import { peerAsOf, validateOpen } from './open-validation.js';
import type { SessionState } from './state.js';
import { idleHoldSeconds, jitter, keepaliveInterval, negotiateHoldTime, sendHoldSeconds } from './timers.js';

/** The FSM's memory between events (RFC 4271 §8 session attributes). */
export interface FsmSession {
  readonly state: SessionState;
  /** §8: consecutive failures; reset by ManualStop and by reaching Established. */
  readonly connectRetryCounter: number;
  /** Started with a PassiveTcpEstablishment event: wait in Active, do not connect. */
  readonly passiveStart: boolean;
  /** Set by ManualStop: no automatic restart until the next start event. */
  readonly stopped: boolean;
  /** RFC 5492 §3: the peer answered our OPEN with 2/4, so the next OPEN carries no capabilities. */
  readonly offerCapabilities: boolean;
  /** What the OPENs agreed, from OpenConfirm on. */
  readonly negotiated?: NegotiatedSession;
}

export interface FsmResult {
  readonly session: FsmSession;
  readonly actions: readonly FsmAction[];
  /** Set when this transition took the session down to Idle from a started state. */
  readonly reason?: DownReason;
}

export function initialSession(): FsmSession {
  return {
    state: 'Idle',
    connectRetryCounter: 0,
    passiveStart: false,
    stopped: true,
    offerCapabilities: true,
  };
}

function notification(code: number, subcode = 0, data: Uint8Array = new Uint8Array(0)): NotificationMessage {
  return { type: 'notification', code, subcode, data };
}

const SHUTDOWN_COMMUNICATION_MAX = 255;

/** RFC 9003 §2: a 1-octet length then at most 255 octets of UTF-8, cut at a character boundary. */
function shutdownCommunication(text: string | undefined): Uint8Array {
  if (text === undefined || text === '') return new Uint8Array(0);
  let bytes = new TextEncoder().encode(text);
  if (bytes.length > SHUTDOWN_COMMUNICATION_MAX) {
    let end = SHUTDOWN_COMMUNICATION_MAX;
    // Step back over UTF-8 continuation bytes (10xxxxxx) so no character is split.
    while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
    bytes = bytes.subarray(0, end);
  }
  const data = new Uint8Array(bytes.length + 1);
  data[0] = bytes.length;
  data.set(bytes, 1);
  return data;
}

/** The FSM error subcode for an unexpected event in a state (RFC 6608 §3). */
function fsmErrorFor(state: SessionState): NotificationMessage {
  const subcode =
    state === 'OpenSent'
      ? FsmErrorSubcode.UnexpectedMessageInOpenSent
      : state === 'OpenConfirm'
        ? FsmErrorSubcode.UnexpectedMessageInOpenConfirm
        : state === 'Established'
          ? FsmErrorSubcode.UnexpectedMessageInEstablished
          : FsmErrorSubcode.Unspecified;
  return notification(NotificationCode.FsmError, subcode);
}

function connectRetry(config: FsmConfig): FsmAction {
  return {
    type: 'startTimer',
    timer: 'ConnectRetry',
    seconds: jitter(config.connectRetryTime, config.random),
  };
}

/** Actions shared by every transition into OpenSent (§8.2.2 Connect/Active, on TCP established). */
function enterOpenSent(session: FsmSession, config: FsmConfig): FsmResult {
  return {
    session: { ...session, state: 'OpenSent', negotiated: undefined },
    actions: [
      { type: 'stopTimer', timer: 'ConnectRetry' },
      { type: 'sendOpen', withCapabilities: session.offerCapabilities },
      // §8.2.2: "sets the HoldTimer to a large value"; §10 suggests 4 minutes.
      { type: 'startTimer', timer: 'Hold', seconds: config.openHoldTime },
      { type: 'setSendHoldTime', seconds: sendHoldSeconds(config.openHoldTime, config) },
    ],
  };
}

/**
 * Every path to Idle from a started state: stop the timers, optionally send a NOTIFICATION, drop the
 * connection, count the failure, and schedule the automatic restart (§8.1.1 IdleHoldTimer).
 */
function toIdle(
  session: FsmSession,
  config: FsmConfig,
  reason: DownReason,
  options: { send?: NotificationMessage; countFailure: boolean; manual?: boolean },
): FsmResult {
  const actions: FsmAction[] = [];
  if (options.send !== undefined) actions.push({ type: 'sendNotification', notification: options.send });
  if (session.state === 'Established') actions.push({ type: 'sessionDown', reason });
  if (session.state !== 'Idle') actions.push({ type: 'dropConnection' });
  for (const timer of ['ConnectRetry', 'Hold', 'Keepalive'] as const)
    actions.push({ type: 'stopTimer', timer });
  actions.push({ type: 'setSendHoldTime', seconds: 0 });
  const counter = options.manual
    ? 0
    : options.countFailure
      ? session.connectRetryCounter + 1
      : session.connectRetryCounter;
  const stopped = options.manual === true || config.idleHoldTime === 0;
  if (!stopped) {
    actions.push({
      type: 'startTimer',
      timer: 'IdleHold',
      seconds: idleHoldSeconds(Math.max(counter, 1), config),
    });
  }
  return {
    session: { ...session, state: 'Idle', connectRetryCounter: counter, stopped, negotiated: undefined },
    actions,
    reason,
  };
}

/** Close after sending a NOTIFICATION we chose (every local error path). */
function failWith(session: FsmSession, config: FsmConfig, sent: NotificationMessage): FsmResult {
  return toIdle(
    session,
    config,
    { kind: 'notification-sent', notification: sent },
    { send: sent, countFailure: true },
  );
}

/** Start from Idle (§8.2.2 Idle, events 1, 3, 4, 5 and the IdleHold restart). */
function start(session: FsmSession, config: FsmConfig, passive: boolean, manual: boolean): FsmResult {
  const base: FsmSession = {
    ...session,
    stopped: false,
    passiveStart: passive,
    connectRetryCounter: manual ? 0 : session.connectRetryCounter,
    offerCapabilities: manual ? true : session.offerCapabilities,
  };
  const actions: FsmAction[] = [{ type: 'stopTimer', timer: 'IdleHold' }];
  if (passive || config.passive) {
    // Choice: a passive-only peer (BIRD `passive on`) never connects, so ConnectRetry is not run.
    if (!config.passive) actions.push(connectRetry(config));
    return { session: { ...base, state: 'Active' }, actions };
  }
  actions.push(connectRetry(config), { type: 'connect' });
  return { session: { ...base, state: 'Connect' }, actions };
}

function negotiate(config: FsmConfig, open: Parameters<typeof validateOpen>[0]): NegotiatedSession {
  const holdTime = negotiateHoldTime(config.holdTime, open.holdTime);
  return {
    holdTime,
    keepaliveTime: keepaliveInterval(holdTime, config),
    peerAs: peerAsOf(open),
    peerBgpId: open.bgpId >>> 0,
    peerOpen: open,
    internal: config.peerAs === config.localAs,
  };
}

function idle(session: FsmSession, event: FsmEvent, config: FsmConfig): FsmResult {
  switch (event.type) {
    case 'ManualStart':
      return start(session, config, false, true);
    case 'AutomaticStart':
      return start(session, config, false, false);
    case 'ManualStart_with_PassiveTcpEstablishment':
      return start(session, config, true, true);
    case 'AutomaticStart_with_PassiveTcpEstablishment':
      return start(session, config, true, false);
    case 'IdleHoldTimer_Expires':
      // §8.1.1: the back-off is over; restart the way the session was last started.
      return session.stopped ? { session, actions: [] } : start(session, config, session.passiveStart, false);
    case 'ManualStop':
      // §8.2.2 Idle: ManualStop is ignored, but it also cancels a pending automatic restart.
      return {
        session: { ...session, stopped: true, connectRetryCounter: 0 },
        actions: [{ type: 'stopTimer', timer: 'IdleHold' }],
      };
    case 'TcpConnectionConfirmed':
    case 'Tcp_CR_Acked':
      // §8.2.2 Idle: "refuses all incoming BGP connections".
      return { session, actions: [{ type: 'dropConnection' }] };
    default:
      // §8.2.2 Idle: any other event does not change the state.
      return { session, actions: [] };
  }
}

function connectOrActive(session: FsmSession, event: FsmEvent, config: FsmConfig): FsmResult {
  switch (event.type) {
    case 'ManualStart':
    case 'AutomaticStart':
    case 'ManualStart_with_PassiveTcpEstablishment':
    case 'AutomaticStart_with_PassiveTcpEstablishment':
      // §8.2.2 Connect/Active: start events are ignored.
      return { session, actions: [] };
    case 'ManualStop':
      return toIdle(
        session,
        config,
        { kind: 'manual', text: 'Administrative shutdown' },
        {
          countFailure: false,
          manual: true,
        },
      );
    case 'ConnectRetryTimer_Expires':
      if (config.passive) return { session, actions: [] };
      // §8.2.2 Connect: drop the attempt and try again; Active: initiate a connection, go to Connect.
      return {
        session: { ...session, state: 'Connect' },
        actions: [
          ...(session.state === 'Connect' ? [{ type: 'dropConnection' } as const] : []),
          connectRetry(config),
          { type: 'connect' },
        ],
      };
    case 'Tcp_CR_Acked':
    case 'TcpConnectionConfirmed':
      return enterOpenSent(session, config);
    case 'TcpConnectionFails':
      if (session.state === 'Active') return { session, actions: [] };
      // Deviation (see the module comment): wait in Active for ConnectRetry, still accepting.
      return {
        session: { ...session, state: 'Active' },
        actions: [connectRetry(config)],
        reason: event.loss,
      };
    case 'IdleHoldTimer_Expires':
      return { session, actions: [] };
    case 'AutomaticStop':
      return toIdle(session, config, { kind: 'misc', text: 'Automatic shutdown' }, { countFailure: true });
    default:
      // §8.2.2 Connect/Active: any other event (a message without a connection, a stray timer).
      return toIdle(
        session,
        config,
        { kind: 'misc', text: `Unexpected ${event.type}` },
        { countFailure: true },
      );
  }
}

/** Events every connected state handles the same way (§8.2.2 OpenSent, OpenConfirm, Established). */
function connectedCommon(session: FsmSession, event: FsmEvent, config: FsmConfig): FsmResult | undefined {
  switch (event.type) {
    case 'ManualStart':
    case 'AutomaticStart':
    case 'ManualStart_with_PassiveTcpEstablishment':
    case 'AutomaticStart_with_PassiveTcpEstablishment':
    case 'IdleHoldTimer_Expires':
      return { session, actions: [] };
    case 'ManualStop': {
      // RFC 4486 §4: Administrative Shutdown, with an RFC 9003 Shutdown Communication if given.
      const sent = notification(
        NotificationCode.Cease,
        CeaseSubcode.AdministrativeShutdown,
        shutdownCommunication(event.shutdownMessage),
      );
      return toIdle(
        session,
        config,
        { kind: 'manual', text: 'Administrative shutdown' },
        {
          send: sent,
          countFailure: false,
          manual: true,
        },
      );
    }
    case 'AutomaticStop':
      return failWith(session, config, notification(NotificationCode.Cease, event.ceaseSubcode, event.data));
    case 'HoldTimer_Expires':
      // §6.5: Hold Timer Expired.
      return failWith(session, config, notification(NotificationCode.HoldTimerExpired));
    case 'SendHoldTimer_Expires':
      // RFC 9687 §4 (paraphrased): send code 8 if possible, then close; never wait for the peer.
      return failWith(session, config, notification(NotificationCode.SendHoldTimerExpired));
    case 'BGPHeaderErr':
    case 'BGPOpenMsgErr':
    case 'UpdateMsgErr':
      // §6.1–§6.3: the decoder chose the NOTIFICATION.
      return failWith(session, config, event.notification);
    case 'OpenCollisionDump':
      // §6.8: Cease, Connection Collision Resolution (RFC 4486 §4).
      return failWith(
        session,
        config,
        notification(NotificationCode.Cease, CeaseSubcode.ConnectionCollisionResolution),
      );
    case 'NotifMsgVerErr':
      // §8.2.2 OpenSent: a version error does not count as a failure (the peer may retry with another version).
      return toIdle(
        session,
        config,
        { kind: 'notification-received', notification: event.notification },
        {
          countFailure: false,
        },
      );
    case 'NotifMsg': {
      // §6.4: never answer a NOTIFICATION. RFC 5492 §3: 2/4 in answer to our OPEN means the peer
      // does not do capabilities, so the next OPEN goes without them (BIRD does the same).
      const refusedCapabilities =
        session.state === 'OpenSent' &&
        event.notification.code === NotificationCode.OpenMessageError &&
        event.notification.subcode === OpenMessageErrorSubcode.UnsupportedOptionalParameter;
      const result = toIdle(
        session,
        config,
        { kind: 'notification-received', notification: event.notification },
        {
          countFailure: true,
        },
      );
      return refusedCapabilities
        ? { ...result, session: { ...result.session, offerCapabilities: false } }
        : result;
    }
    case 'TcpConnectionFails':
      if (session.state === 'OpenSent') {
        // §8.2.2 OpenSent: close, restart ConnectRetry, and listen in Active.
        return {
          session: { ...session, state: 'Active' },
          actions: [
            { type: 'dropConnection' },
            { type: 'stopTimer', timer: 'Hold' },
            { type: 'setSendHoldTime', seconds: 0 },
            ...(config.passive ? [] : [connectRetry(config)]),
          ],
          reason: event.loss.kind === 'socket' ? { kind: 'socket', text: event.loss.text } : event.loss,
        };
      }
      return toIdle(
        session,
        config,
        event.loss.kind === 'socket' ? { kind: 'socket', text: event.loss.text } : event.loss,
        {
          countFailure: true,
        },
      );
    default:
      return undefined;
  }
}

function openSent(session: FsmSession, event: FsmEvent, config: FsmConfig): FsmResult {
  const common = connectedCommon(session, event, config);
  if (common !== undefined) return common;
  if (event.type === 'BGPOpen') {
    const error = validateOpen(event.open, config);
    if (error !== undefined) return failWith(session, config, error);
    const negotiated = negotiate(config, event.open);
    const actions: FsmAction[] = [
      { type: 'stopTimer', timer: 'ConnectRetry' },
      { type: 'openAccepted', negotiated },
      { type: 'sendKeepalive' },
      { type: 'setSendHoldTime', seconds: sendHoldSeconds(negotiated.holdTime, config) },
    ];
    if (negotiated.holdTime === 0) {
      // §4.2: a zero hold time means no hold timer and no keepalives.
      actions.push({ type: 'stopTimer', timer: 'Hold' }, { type: 'stopTimer', timer: 'Keepalive' });
    } else {
      actions.push(
        { type: 'startTimer', timer: 'Keepalive', seconds: negotiated.keepaliveTime },
        { type: 'startTimer', timer: 'Hold', seconds: negotiated.holdTime },
      );
    }
    return { session: { ...session, state: 'OpenConfirm', negotiated }, actions };
  }
  // §8.2.2 OpenSent, RFC 6608 §3: anything else (timers that should not run, KEEPALIVE, UPDATE,
  // ROUTE-REFRESH before the OPEN) is an FSM error, subcode 1.
  return failWith(session, config, fsmErrorFor('OpenSent'));
}

function keepaliveTick(session: FsmSession): FsmResult {
  const keepalive = session.negotiated?.keepaliveTime ?? 0;
  if (keepalive === 0) return { session, actions: [] };
  return {
    session,
    actions: [{ type: 'sendKeepalive' }, { type: 'startTimer', timer: 'Keepalive', seconds: keepalive }],
  };
}

function restartHold(session: FsmSession): FsmAction[] {
  const hold = session.negotiated?.holdTime ?? 0;
  return hold === 0 ? [] : [{ type: 'startTimer', timer: 'Hold', seconds: hold }];
}

function openConfirm(session: FsmSession, event: FsmEvent, config: FsmConfig): FsmResult {
  const common = connectedCommon(session, event, config);
  if (common !== undefined) return common;
  switch (event.type) {
    case 'KeepaliveTimer_Expires':
      return keepaliveTick(session);
    case 'KeepAliveMsg': {
      // §8.2.2 OpenConfirm: the peer's KEEPALIVE confirms our OPEN.
      const negotiated = session.negotiated;
      if (negotiated === undefined) return failWith(session, config, fsmErrorFor('OpenConfirm'));
      return {
        session: { ...session, state: 'Established', connectRetryCounter: 0, offerCapabilities: true },
        actions: [...restartHold(session), { type: 'sessionUp', negotiated }],
      };
    }
    default:
      // RFC 6608 §3: an OPEN, UPDATE or ROUTE-REFRESH before the KEEPALIVE, or a stray timer.
      return failWith(session, config, fsmErrorFor('OpenConfirm'));
  }
}

function established(session: FsmSession, event: FsmEvent, config: FsmConfig): FsmResult {
  const common = connectedCommon(session, event, config);
  if (common !== undefined) return common;
  switch (event.type) {
    case 'KeepaliveTimer_Expires':
      return keepaliveTick(session);
    case 'KeepAliveMsg':
      return { session, actions: restartHold(session) };
    case 'UpdateMsg':
      return {
        session,
        actions: [
          ...restartHold(session),
          { type: 'deliverUpdate', update: event.update, treatAsWithdraw: event.treatAsWithdraw === true },
        ],
      };
    case 'RouteRefreshMsg':
      // Choice: any message proves the peer alive, so ROUTE-REFRESH also restarts the hold timer (as BIRD does).
      return {
        session,
        actions: [...restartHold(session), { type: 'deliverRouteRefresh', refresh: event.refresh }],
      };
    default:
      // RFC 6608 §3: an OPEN on an Established connection, or a timer that must not run here.
      return failWith(session, config, fsmErrorFor('Established'));
  }
}

/** Apply one event. Pure: the same session, event and config (including `random`) give the same result. */
export function transition(session: FsmSession, event: FsmEvent, config: FsmConfig): FsmResult {
  switch (session.state) {
    case 'Idle':
      return idle(session, event, config);
    case 'Connect':
    case 'Active':
      return connectOrActive(session, event, config);
    case 'OpenSent':
      return openSent(session, event, config);
    case 'OpenConfirm':
      return openConfirm(session, event, config);
    case 'Established':
      return established(session, event, config);
  }
}
