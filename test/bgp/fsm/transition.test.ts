import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { OpenMessage, UpdateMessage } from '../../../src/bgp/codec/messages.js';
import {
  describeDownReason,
  fsmConfig,
  initialSession,
  transition,
  type FsmAction,
  type FsmConfig,
  type FsmEvent,
  type FsmSession,
} from '../../../src/bgp/fsm/index.js';

const LOCAL_ID = 0x0a000001; // 10.0.0.1
const PEER_ID = 0x0a000002; // 10.0.0.2

function config(overrides: Partial<FsmConfig> = {}): FsmConfig {
  // random() = 0 makes every jittered timer exactly 0.75 of its base, so values are predictable.
  return fsmConfig({ localAs: 65000, peerAs: 65000, routerId: LOCAL_ID }, { random: () => 0, ...overrides });
}

function open(overrides: Partial<OpenMessage> = {}): OpenMessage {
  return {
    type: 'open',
    version: 4,
    myAs: 65000,
    holdTime: 90,
    bgpId: PEER_ID,
    capabilities: [{ kind: 'four-octet-as', asn: 65000 }],
    ...overrides,
  };
}

const emptyUpdate: UpdateMessage = { type: 'update', withdrawn: [], attributes: {}, nlri: [] };

/** Feed events in order; return the last result and every action seen. */
function run(events: readonly FsmEvent[], cfg = config(), from: FsmSession = initialSession()) {
  let session = from;
  const all: FsmAction[] = [];
  let last = {
    session,
    actions: [] as readonly FsmAction[],
    reason: undefined as ReturnType<typeof transition>['reason'],
  };
  for (const event of events) {
    const result = transition(session, event, cfg);
    session = result.session;
    all.push(...result.actions);
    last = { session, actions: result.actions, reason: result.reason };
  }
  return { ...last, all };
}

const toEstablished: FsmEvent[] = [
  { type: 'ManualStart' },
  { type: 'Tcp_CR_Acked' },
  { type: 'BGPOpen', open: open() },
  { type: 'KeepAliveMsg' },
];

function sentNotifications(actions: readonly FsmAction[]) {
  return actions.flatMap((action) =>
    action.type === 'sendNotification' ? [[action.notification.code, action.notification.subcode]] : [],
  );
}

function timerStart(actions: readonly FsmAction[], timer: string): number | undefined {
  for (const action of actions)
    if (action.type === 'startTimer' && action.timer === timer) return action.seconds;
  return undefined;
}

describe('session FSM (RFC 4271 §8.2.2)', () => {
  test('RFC 4271 §8.2.2 Idle: ManualStart connects actively and starts a jittered ConnectRetryTimer (§10)', () => {
    const result = run([{ type: 'ManualStart' }], config({ connectRetryTime: 120 }));
    assert.equal(result.session.state, 'Connect');
    assert.ok(result.actions.some((a) => a.type === 'connect'));
    assert.equal(timerStart(result.actions, 'ConnectRetry'), 90);
    const high = run([{ type: 'ManualStart' }], config({ connectRetryTime: 120, random: () => 0.999999 }));
    const seconds = timerStart(high.actions, 'ConnectRetry') ?? 0;
    assert.ok(seconds > 119.9 && seconds <= 120, `jitter stays in [0.75, 1.0] × 120, got ${seconds}`);
  });

  test('RFC 4271 §8.2.2 Idle: ManualStart_with_PassiveTcpEstablishment waits in Active without connecting', () => {
    const result = run([{ type: 'ManualStart_with_PassiveTcpEstablishment' }]);
    assert.equal(result.session.state, 'Active');
    assert.ok(!result.actions.some((a) => a.type === 'connect'));
  });

  test('RFC 4271 §8.2.2 Active: a passive-only peer never runs ConnectRetry nor connects', () => {
    const cfg = config({ passive: true });
    const result = run([{ type: 'ManualStart' }, { type: 'ConnectRetryTimer_Expires' }], cfg);
    assert.equal(result.session.state, 'Active');
    assert.ok(!result.all.some((a) => a.type === 'connect'));
    assert.equal(timerStart(result.all, 'ConnectRetry'), undefined);
  });

  test('RFC 4271 §8.2.2 Idle: other events do not change the state; incoming connections are refused', () => {
    for (const event of [
      { type: 'KeepAliveMsg' },
      { type: 'HoldTimer_Expires' },
      { type: 'UpdateMsg', update: emptyUpdate },
    ] as FsmEvent[]) {
      const result = run([event]);
      assert.equal(result.session.state, 'Idle');
      assert.deepEqual(sentNotifications(result.actions), []);
    }
    const refused = run([{ type: 'TcpConnectionConfirmed' }]);
    assert.equal(refused.session.state, 'Idle');
    assert.deepEqual(refused.actions, [{ type: 'dropConnection' }]);
  });

  test('RFC 4271 §8.2.2 Connect: Tcp_CR_Acked sends OPEN and sets the large OpenSent hold timer (§10: 4 minutes)', () => {
    const result = run([{ type: 'ManualStart' }, { type: 'Tcp_CR_Acked' }]);
    assert.equal(result.session.state, 'OpenSent');
    assert.deepEqual(result.actions.slice(0, 3), [
      { type: 'stopTimer', timer: 'ConnectRetry' },
      { type: 'sendOpen', withCapabilities: true },
      { type: 'startTimer', timer: 'Hold', seconds: 240 },
    ]);
  });

  test('RFC 4271 §8.2.2 Connect: ConnectRetryTimer_Expires drops the attempt and connects again', () => {
    const result = run([{ type: 'ManualStart' }, { type: 'ConnectRetryTimer_Expires' }]);
    assert.equal(result.session.state, 'Connect');
    assert.deepEqual(
      result.actions.map((a) => a.type),
      ['dropConnection', 'startTimer', 'connect'],
    );
  });

  test('RFC 4271 §8.2.2 Connect: a refused connection waits in Active for ConnectRetry, then connects (BIRD behaviour)', () => {
    const failed = run([
      { type: 'ManualStart' },
      { type: 'TcpConnectionFails', loss: { kind: 'socket', text: 'Connection refused' } },
    ]);
    assert.equal(failed.session.state, 'Active');
    assert.equal(timerStart(failed.actions, 'ConnectRetry'), 90);
    assert.equal(describeDownReason(failed.reason!), 'Socket: Connection refused');
    const retried = transition(failed.session, { type: 'ConnectRetryTimer_Expires' }, config());
    assert.equal(retried.session.state, 'Connect');
    assert.ok(retried.actions.some((a) => a.type === 'connect'));
  });

  test('RFC 4271 §8.2.2 Active: TcpConnectionConfirmed (peer connected to us) sends OPEN', () => {
    const result = run([
      { type: 'ManualStart_with_PassiveTcpEstablishment' },
      { type: 'TcpConnectionConfirmed' },
    ]);
    assert.equal(result.session.state, 'OpenSent');
    assert.ok(result.actions.some((a) => a.type === 'sendOpen'));
  });

  test('RFC 4271 §8.2.2 OpenSent: a valid OPEN sends KEEPALIVE, negotiates min(hold) and keepalive = hold/3 (§4.2, §10)', () => {
    const result = run(
      [{ type: 'ManualStart' }, { type: 'Tcp_CR_Acked' }, { type: 'BGPOpen', open: open({ holdTime: 9 }) }],
      config({ holdTime: 90, random: () => 0.999999 }),
    );
    assert.equal(result.session.state, 'OpenConfirm');
    assert.ok(result.actions.some((a) => a.type === 'sendKeepalive'));
    assert.equal(timerStart(result.actions, 'Hold'), 9);
    const keepalive = timerStart(result.actions, 'Keepalive') ?? 0;
    assert.ok(keepalive > 2.99 && keepalive <= 3, `keepalive ${keepalive}`);
    assert.equal(result.session.negotiated?.holdTime, 9);
  });

  test('RFC 4271 §4.2: an offered hold time of 1 or 2 seconds is rejected with 2/6', () => {
    for (const holdTime of [1, 2]) {
      const result = run([
        { type: 'ManualStart' },
        { type: 'Tcp_CR_Acked' },
        { type: 'BGPOpen', open: open({ holdTime }) },
      ]);
      assert.equal(result.session.state, 'Idle');
      assert.deepEqual(sentNotifications(result.actions), [[2, 6]]);
      assert.equal(describeDownReason(result.reason!), 'BGP Error: Unacceptable hold time');
    }
  });

  test('RFC 4271 §4.2, §4.4: hold time 0 runs neither hold timer nor keepalives, and the session stays up', () => {
    const result = run([
      { type: 'ManualStart' },
      { type: 'Tcp_CR_Acked' },
      { type: 'BGPOpen', open: open({ holdTime: 0 }) },
      { type: 'KeepAliveMsg' },
      { type: 'KeepaliveTimer_Expires' },
    ]);
    assert.equal(result.session.state, 'Established');
    const afterOpen = result.all.slice(result.all.findIndex((a) => a.type === 'openAccepted'));
    assert.equal(timerStart(afterOpen, 'Hold'), undefined);
    assert.equal(timerStart(afterOpen, 'Keepalive'), undefined);
    assert.equal(result.actions.length, 0, 'a stray keepalive tick sends nothing');
  });

  test('RFC 4271 §6.2: an unsupported version gets 2/1 with Data = 2-octet version 4', () => {
    const result = run([
      { type: 'ManualStart' },
      { type: 'Tcp_CR_Acked' },
      { type: 'BGPOpen', open: open({ version: 3 }) },
    ]);
    const sent = result.actions.find((a) => a.type === 'sendNotification');
    assert.ok(sent?.type === 'sendNotification');
    assert.deepEqual(
      [sent.notification.code, sent.notification.subcode, [...sent.notification.data]],
      [2, 1, [0, 4]],
    );
  });

  test('RFC 4271 §6.2 and RFC 7607: a wrong peer AS or AS 0 gets 2/2 Bad Peer AS', () => {
    const cases: Partial<OpenMessage>[] = [
      { myAs: 65001, capabilities: [{ kind: 'four-octet-as', asn: 65001 }] },
      { myAs: 0, capabilities: [] },
      { myAs: 65000, capabilities: [{ kind: 'four-octet-as', asn: 0 }] },
    ];
    for (const overrides of cases) {
      const result = run([
        { type: 'ManualStart' },
        { type: 'Tcp_CR_Acked' },
        { type: 'BGPOpen', open: open(overrides) },
      ]);
      assert.deepEqual(sentNotifications(result.actions), [[2, 2]], JSON.stringify(overrides));
    }
  });

  test('RFC 6793 §4.1: the AS in capability 65 is the peer AS when My AS is AS_TRANS', () => {
    const cfg = config({ localAs: 65000, peerAs: 4200000001 });
    const result = run(
      [
        { type: 'ManualStart' },
        { type: 'Tcp_CR_Acked' },
        {
          type: 'BGPOpen',
          open: open({ myAs: 23456, capabilities: [{ kind: 'four-octet-as', asn: 4200000001 }] }),
        },
      ],
      cfg,
    );
    assert.equal(result.session.state, 'OpenConfirm');
    assert.equal(result.session.negotiated?.peerAs, 4200000001);
    assert.equal(result.session.negotiated?.internal, false);
  });

  test('RFC 4271 §6.2 and RFC 6286: BGP Identifier 0, or an iBGP peer using our own identifier, gets 2/3', () => {
    for (const bgpId of [0, LOCAL_ID]) {
      const result = run([
        { type: 'ManualStart' },
        { type: 'Tcp_CR_Acked' },
        { type: 'BGPOpen', open: open({ bgpId }) },
      ]);
      assert.deepEqual(sentNotifications(result.actions), [[2, 3]]);
    }
    const ebgp = run(
      [
        { type: 'ManualStart' },
        { type: 'Tcp_CR_Acked' },
        { type: 'BGPOpen', open: open({ myAs: 65001, bgpId: LOCAL_ID, capabilities: [] }) },
      ],
      config({ peerAs: 65001 }),
    );
    assert.equal(
      ebgp.session.state,
      'OpenConfirm',
      'RFC 6286 only forbids a shared identifier inside the AS',
    );
  });

  test('RFC 6608 §3: unexpected messages get 5/1 in OpenSent, 5/2 in OpenConfirm, 5/3 in Established', () => {
    const inOpenSent = run([{ type: 'ManualStart' }, { type: 'Tcp_CR_Acked' }, { type: 'KeepAliveMsg' }]);
    assert.deepEqual(sentNotifications(inOpenSent.actions), [[5, 1]]);
    const inOpenConfirm = run([
      { type: 'ManualStart' },
      { type: 'Tcp_CR_Acked' },
      { type: 'BGPOpen', open: open() },
      { type: 'UpdateMsg', update: emptyUpdate },
    ]);
    assert.deepEqual(sentNotifications(inOpenConfirm.actions), [[5, 2]]);
    const inEstablished = run([...toEstablished, { type: 'BGPOpen', open: open() }]);
    assert.deepEqual(sentNotifications(inEstablished.actions), [[5, 3]]);
    assert.equal(inEstablished.session.state, 'Idle');
    assert.ok(inEstablished.actions.some((a) => a.type === 'sessionDown'));
  });

  test('RFC 4271 §8.2.2 OpenConfirm: the peer KEEPALIVE establishes the session and resets ConnectRetryCounter', () => {
    const result = run(toEstablished);
    assert.equal(result.session.state, 'Established');
    assert.equal(result.session.connectRetryCounter, 0);
    const up = result.actions.find((a) => a.type === 'sessionUp');
    assert.ok(up?.type === 'sessionUp');
    assert.equal(up.negotiated.peerBgpId, PEER_ID);
    assert.equal(timerStart(result.actions, 'Hold'), 90);
  });

  test('RFC 4271 §8.2.2 Established: keepalive ticks send KEEPALIVE; KEEPALIVE and UPDATE restart the hold timer', () => {
    const established = run(toEstablished).session;
    const tick = transition(established, { type: 'KeepaliveTimer_Expires' }, config());
    assert.deepEqual(tick.actions, [
      { type: 'sendKeepalive' },
      { type: 'startTimer', timer: 'Keepalive', seconds: 22.5 },
    ]);
    const keepalive = transition(established, { type: 'KeepAliveMsg' }, config());
    assert.deepEqual(keepalive.actions, [{ type: 'startTimer', timer: 'Hold', seconds: 90 }]);
    const update = transition(
      established,
      { type: 'UpdateMsg', update: emptyUpdate, treatAsWithdraw: true },
      config(),
    );
    assert.deepEqual(update.actions, [
      { type: 'startTimer', timer: 'Hold', seconds: 90 },
      { type: 'deliverUpdate', update: emptyUpdate, treatAsWithdraw: true },
    ]);
  });

  test('RFC 4271 §6.5: HoldTimer_Expires sends 4/0, withdraws the session and schedules a restart', () => {
    const result = run([...toEstablished, { type: 'HoldTimer_Expires' }]);
    assert.equal(result.session.state, 'Idle');
    assert.deepEqual(sentNotifications(result.actions), [[4, 0]]);
    const types = result.actions.map((a) => a.type);
    assert.ok(
      types.indexOf('sendNotification') < types.indexOf('dropConnection'),
      'NOTIFICATION goes out before the close',
    );
    assert.ok(types.includes('sessionDown'));
    assert.equal(describeDownReason(result.reason!), 'BGP Error: Hold timer expired');
    assert.equal(timerStart(result.actions, 'IdleHold'), 5);
    assert.equal(result.session.connectRetryCounter, 1);
  });

  test('RFC 4271 §6.4: a received NOTIFICATION is never answered', () => {
    for (const prefix of [toEstablished, toEstablished.slice(0, 2), toEstablished.slice(0, 3)]) {
      const result = run([
        ...prefix,
        {
          type: 'NotifMsg',
          notification: { type: 'notification', code: 6, subcode: 2, data: new Uint8Array(0) },
        },
      ]);
      assert.equal(result.session.state, 'Idle');
      assert.deepEqual(sentNotifications(result.actions), []);
      assert.equal(describeDownReason(result.reason!), 'Received: Administrative shutdown');
    }
  });

  test('RFC 4486 §4 and RFC 9003: ManualStop sends Cease 6/2 with the shutdown communication and does not restart', () => {
    const result = run([...toEstablished, { type: 'ManualStop', shutdownMessage: 'maintenance' }]);
    const sent = result.actions.find((a) => a.type === 'sendNotification');
    assert.ok(sent?.type === 'sendNotification');
    assert.equal(sent.notification.code, 6);
    assert.equal(sent.notification.subcode, 2);
    assert.deepEqual([...sent.notification.data], [11, ...new TextEncoder().encode('maintenance')]);
    assert.equal(result.session.state, 'Idle');
    assert.equal(result.session.stopped, true);
    assert.equal(timerStart(result.actions, 'IdleHold'), undefined);
    const later = transition(result.session, { type: 'IdleHoldTimer_Expires' }, config());
    assert.equal(later.session.state, 'Idle');
  });

  test('RFC 9003 §2: a shutdown communication longer than 255 octets is cut at a character boundary', () => {
    const result = run([...toEstablished, { type: 'ManualStop', shutdownMessage: 'é'.repeat(200) }]);
    const sent = result.actions.find((a) => a.type === 'sendNotification');
    assert.ok(sent?.type === 'sendNotification');
    assert.equal(sent.notification.data[0], 254);
    assert.equal(sent.notification.data.length, 255);
  });

  test('RFC 9687 §4: SendHoldTimer_Expires sends code 8 and closes', () => {
    const result = run([...toEstablished, { type: 'SendHoldTimer_Expires' }]);
    assert.deepEqual(sentNotifications(result.actions), [[8, 0]]);
    assert.equal(result.session.state, 'Idle');
    assert.equal(describeDownReason(result.reason!), 'BGP Error: Send hold timer expired');
  });

  test('RFC 9687 §3: the send hold time is the greater of 8 minutes and twice the hold time, off for hold 0', () => {
    const opened = run(
      [{ type: 'ManualStart' }, { type: 'Tcp_CR_Acked' }, { type: 'BGPOpen', open: open({ holdTime: 300 }) }],
      config({ holdTime: 300 }),
    );
    assert.ok(opened.actions.some((a) => a.type === 'setSendHoldTime' && a.seconds === 600));
    const zero = run([
      { type: 'ManualStart' },
      { type: 'Tcp_CR_Acked' },
      { type: 'BGPOpen', open: open({ holdTime: 0 }) },
    ]);
    assert.ok(zero.actions.some((a) => a.type === 'setSendHoldTime' && a.seconds === 0));
    const short = run(
      [{ type: 'ManualStart' }, { type: 'Tcp_CR_Acked' }, { type: 'BGPOpen', open: open({ holdTime: 3 }) }],
      config({ sendHoldTime: 2 }),
    );
    assert.ok(short.actions.some((a) => a.type === 'setSendHoldTime' && a.seconds === 2));
  });

  test('RFC 4271 §6.8: OpenCollisionDump sends Cease 6/7', () => {
    const result = run([...toEstablished.slice(0, 3), { type: 'OpenCollisionDump' }]);
    assert.deepEqual(sentNotifications(result.actions), [[6, 7]]);
    assert.equal(describeDownReason(result.reason!), 'BGP Error: Connection collision resolution');
  });

  test('RFC 4271 §6.3 and RFC 7606: UpdateMsgErr sends the NOTIFICATION the decoder chose', () => {
    const result = run([
      ...toEstablished,
      {
        type: 'UpdateMsgErr',
        notification: { type: 'notification', code: 3, subcode: 10, data: new Uint8Array(0) },
      },
    ]);
    assert.deepEqual(sentNotifications(result.actions), [[3, 10]]);
  });

  test('RFC 5492 §3: after the peer answers our OPEN with 2/4 the next OPEN carries no capabilities', () => {
    const refused = run([
      { type: 'ManualStart' },
      { type: 'Tcp_CR_Acked' },
      {
        type: 'NotifMsg',
        notification: { type: 'notification', code: 2, subcode: 4, data: new Uint8Array(0) },
      },
      { type: 'IdleHoldTimer_Expires' },
      { type: 'Tcp_CR_Acked' },
    ]);
    assert.ok(refused.actions.some((a) => a.type === 'sendOpen' && !a.withCapabilities));
  });

  test('RFC 4271 §8.1.1: the IdleHold back-off doubles with consecutive failures up to the maximum', () => {
    const cfg = config({ idleHoldTime: 5, maxIdleHoldTime: 30 });
    let session = initialSession();
    const backoffs: number[] = [];
    session = transition(session, { type: 'ManualStart' }, cfg).session;
    for (let i = 0; i < 5; i++) {
      session = transition(session, { type: 'Tcp_CR_Acked' }, cfg).session;
      const failed = transition(session, { type: 'HoldTimer_Expires' }, cfg);
      backoffs.push(timerStart(failed.actions, 'IdleHold') ?? -1);
      session = transition(failed.session, { type: 'IdleHoldTimer_Expires' }, cfg).session;
      assert.equal(session.state, 'Connect');
    }
    assert.deepEqual(backoffs, [5, 10, 20, 30, 30]);
  });

  test('RFC 4271 §8.2.2 OpenSent: TcpConnectionFails returns to Active with the socket reason', () => {
    const result = run([
      { type: 'ManualStart' },
      { type: 'Tcp_CR_Acked' },
      { type: 'TcpConnectionFails', loss: { kind: 'socket', text: 'Connection closed' } },
    ]);
    assert.equal(result.session.state, 'Active');
    assert.equal(describeDownReason(result.reason!), 'Socket: Connection closed');
  });

  test('RFC 4271 §8.2.2 (property): messages flow only on a connection; Established only via OpenConfirm + KEEPALIVE', () => {
    const eventArb: fc.Arbitrary<FsmEvent> = fc.oneof(
      fc.constantFrom<FsmEvent>(
        { type: 'ManualStart' },
        { type: 'ManualStop' },
        { type: 'AutomaticStart' },
        { type: 'ManualStart_with_PassiveTcpEstablishment' },
        { type: 'ConnectRetryTimer_Expires' },
        { type: 'HoldTimer_Expires' },
        { type: 'KeepaliveTimer_Expires' },
        { type: 'IdleHoldTimer_Expires' },
        { type: 'Tcp_CR_Acked' },
        { type: 'TcpConnectionConfirmed' },
        { type: 'TcpConnectionFails', loss: { kind: 'socket', text: 'Connection closed' } },
        { type: 'OpenCollisionDump' },
        { type: 'KeepAliveMsg' },
        { type: 'UpdateMsg', update: emptyUpdate },
        { type: 'SendHoldTimer_Expires' },
        {
          type: 'NotifMsg',
          notification: { type: 'notification', code: 6, subcode: 4, data: new Uint8Array(0) },
        },
      ),
      fc
        .record({ holdTime: fc.integer({ min: 0, max: 6 }), bgpId: fc.constantFrom(0, PEER_ID) })
        .map(({ holdTime, bgpId }): FsmEvent => ({ type: 'BGPOpen', open: open({ holdTime, bgpId }) })),
    );
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 40 }), (events) => {
        let session = initialSession();
        for (const event of events) {
          const before = session.state;
          const result = transition(session, event, config());
          const after = result.session.state;
          const connected = before === 'OpenSent' || before === 'OpenConfirm' || before === 'Established';
          for (const action of result.actions) {
            if (action.type === 'sendKeepalive' || action.type === 'sendNotification') {
              assert.ok(connected, `${action.type} sent in ${before}`);
            }
            if (action.type === 'deliverUpdate') assert.equal(before, 'Established');
            if (action.type === 'sendNotification') assert.notEqual(event.type, 'NotifMsg');
          }
          if (after === 'Established' && before !== 'Established') {
            assert.equal(before, 'OpenConfirm');
            assert.equal(event.type, 'KeepAliveMsg');
          }
          if (connected && after === 'Idle')
            assert.ok(result.actions.some((a) => a.type === 'dropConnection'));
          if (before === 'Established' && after !== 'Established') {
            assert.ok(result.actions.some((a) => a.type === 'sessionDown'));
          }
          session = result.session;
        }
      }),
      { numRuns: 500 },
    );
  });
});
