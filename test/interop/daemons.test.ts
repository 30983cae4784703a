/**
 * rrlab's BGP library against real daemons in containers: BIRD 1.6 rendered from Calico's template
 * (`add paths on; graceful restart;`), BIRD 2, FRR 8.4 and GoBGP 3.10. A BgpSpeaker in this process
 * listens on the lab network's gateway address (the host side of the bridge); every daemon connects to
 * it. All four run at once in one lab. IPv6 goes over the IPv4 sessions with MP-BGP (RFC 4760), next
 * hops IPv4-mapped (`::ffff:a.b.c.d`), for all but BIRD 1.6, whose IPv4 build carries IPv4 only (Calico
 * peers bird6 over IPv6 addresses instead).
 *
 * RRLAB_INTEROP_CAPTURE=<folder> writes the OPEN each of BIRD 2, FRR and GoBGP sent as annotated hex.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { BgpSpeaker, type BgpSession } from '../../src/bgp/speaker/index.js';
import {
  decodeMessage,
  DEFAULT_CODEC_CONTEXT,
  formatPrefix,
  parseIpv4,
  parsePrefix,
  type Capability,
  type OpenMessage,
  type UpdateMessage,
} from '../../src/bgp/codec/index.js';
import { buildImages } from '../../src/lab/images/build-images.js';
import { Lab } from '../../src/lab/lab.js';
import { BirdControlClient } from '../../src/lab/bird/control-client.js';
import type { LabNode } from '../../src/lab/nodes/lab-node.js';
import { FrrRouter } from '../../src/lab/nodes/frr-router.js';
import { GobgpRouter, type GobgpPeerJson } from '../../src/lab/nodes/gobgp-router.js';
import { annotateOpen } from './open-hex.js';
import { engineAnswers } from '../engine-answers.js';

const OUR_AS = 65000;
const HOLD_TIME = 3;

const skip = (await engineAnswers())
  ? false
  : 'no Docker engine answers (docker info fails): interop tests need one';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  what: () => string,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > until)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what()}${lastError ? `: ${String(lastError)}` : ''}`,
      );
    await sleep(250);
  }
}

function ipv4Mapped(ipv4: string): Uint8Array {
  const bytes = new Uint8Array(16);
  bytes[10] = 0xff;
  bytes[11] = 0xff;
  const value = parseIpv4(ipv4)!;
  new DataView(bytes.buffer).setUint32(12, value);
  return bytes;
}

/** The bridge's own address: the subnet's first host, as the lab network assigns it (.1). */
function gatewayOf(address: string, prefixLength: number): string {
  const value = parseIpv4(address)! >>> 0;
  const mask = prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
  const gateway = ((value & mask) + 1) >>> 0;
  return [24, 16, 8, 0].map((shift) => (gateway >>> shift) & 0xff).join('.');
}

/** Read the first BGP message a daemon sends on a connection we open from `localAddress`. */
async function captureOpen(host: string, localAddress: string, timeoutMs = 20_000): Promise<Uint8Array> {
  return eventually(
    () =>
      new Promise<Uint8Array | undefined>((resolve, reject) => {
        const socket = connect({ host, port: 179, localAddress });
        let buffer = Buffer.alloc(0);
        const timer = setTimeout(() => {
          socket.destroy();
          resolve(undefined);
        }, 5000);
        socket.on('data', (chunk: Buffer) => {
          buffer = Buffer.concat([buffer, chunk]);
          if (buffer.length >= 19 && buffer.length >= buffer.readUInt16BE(16)) {
            clearTimeout(timer);
            socket.destroy();
            resolve(Uint8Array.from(buffer.subarray(0, buffer.readUInt16BE(16))));
          }
        });
        socket.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        socket.on('close', () => {
          clearTimeout(timer);
          resolve(undefined);
        });
      }),
    timeoutMs,
    () => `an OPEN from ${host}:179`,
  );
}

function capabilityKinds(open: OpenMessage): string[] {
  return open.capabilities.map((c) => c.kind);
}

function families(open: OpenMessage): string[] {
  return open.capabilities
    .filter((c): c is Extract<Capability, { kind: 'multiprotocol' }> => c.kind === 'multiprotocol')
    .map((c) => `${c.afi}/${c.safi}`);
}

/** What each daemon says about one session, whatever its way of saying it. */
interface DaemonReport {
  state: string;
  /** The capabilities it says the session has, as its own text (BIRD) or JSON (FRR, GoBGP). */
  capabilities: string;
  holdTime: number | undefined;
}

interface Daemon {
  label: string;
  node: LabNode;
  asNumber: number;
  /** IPv6 over the IPv4 session. */
  ipv6: boolean;
  /** The IPv6 next hop we send: IPv4-mapped, except to BIRD 2 (see its config). */
  nextHop6?: Uint8Array;
  theirs: string[];
  ours: string[];
  report(): Promise<DaemonReport>;
  /** The daemon's record of the last NOTIFICATION it received, or its log line about it. */
  ceaseRecord(): Promise<string>;
  checkCapabilities(report: DaemonReport): void;
  peerOpenChecks(open: OpenMessage): void;
  session?: BgpSession;
  received: Set<string>;
  /** UPDATEs RFC 7606 made us treat as withdraw, as hex. */
  treatedAsWithdraw: string[];
  downs: string[];
  establishedAt?: number;
  open?: Uint8Array;
  log?: () => Promise<string>;
}

async function birdText(node: LabNode, socketName: string, command: string): Promise<string> {
  const client = await BirdControlClient.connect(join(node.folder, socketName), { timeoutMs: 2000 });
  try {
    const reply = await client.command(command);
    return reply.lines.map((l) => l.text).join('\n');
  } finally {
    await client.close();
  }
}

function birdReport(text: string): DaemonReport {
  const state = /BGP state:\s+(\S+)/.exec(text)?.[1] ?? 'unknown';
  const hold = /Hold timer:\s+[\d.]+\/(\d+)/.exec(text)?.[1];
  return { state, capabilities: text, holdTime: hold === undefined ? undefined : Number(hold) };
}

function decodeVarints(base64: string | undefined): number[] {
  // GoBGP's capabilities are protobuf messages in google.protobuf.Any; the ones read here hold only
  // varints, possibly inside one nested message (MultiProtocolCapability { Family { afi, safi } }).
  const bytes = Buffer.from(base64 ?? '', 'base64');
  const values: number[] = [];
  let at = 0;
  const varint = (): number => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++] ?? 0;
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if ((byte & 0x80) === 0 || at >= bytes.length) return value;
    }
  };
  while (at < bytes.length) {
    const key = varint();
    if ((key & 7) === 0) values.push(varint());
    else if ((key & 7) === 2)
      varint(); // a nested message's length: read its fields in place
    else break;
  }
  return values;
}

/** A failure with what the daemon reported and its log, so a red run explains itself. */
async function withDiagnostics(error: unknown, d: Daemon): Promise<Error> {
  const sections = await d.node
    .diagnostics()
    .catch((e: unknown) => ({ sections: [{ title: 'diagnostics', text: String(e) }] }));
  const text = sections.sections.map((s) => `--- ${s.title}\n${s.text}`).join('\n');
  const message = error instanceof Error ? error.message : String(error);
  const log = d.log ? await d.log().catch(() => '') : '';
  return new Error(`${message}\n${d.label} reported:\n${text}\n--- log\n${log}`, { cause: error });
}

describe(
  'interop: rrlab BgpSpeaker with BIRD 1.6 (Calico), BIRD 2, FRR and GoBGP',
  { skip, concurrency: true },
  () => {
    let lab: Lab | undefined;
    let speaker: BgpSpeaker | undefined;
    let gateway = '';
    const daemons: Daemon[] = [];
    const started = Date.now();
    let listeningAt = 0;

    before(async () => {
      await buildImages(['calico-node', 'bird', 'frr', 'gobgp'], { progress: () => {} });
      // A Docker network: the host, where the speaker runs, is its bridge's gateway.
      lab = new Lab({ runId: `interop-${process.pid}-${Date.now().toString(36)}`, networkMode: 'docker' });
      gateway = gatewayOf(await lab.ipv4('bird2'), await lab.subnetPrefixLength());

      // BIRD 1.6 exactly as Calico's confd renders it for a global BGPPeer (bgp_template: add paths on,
      // graceful restart, connect retry 5, error wait 5,30), announcing its workload's IPAM block.
      const calico = await lab.declareCalicoNode('calico-1', {});
      lab.calico.applyYaml(
        `apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata:\n  name: rrlab-speaker\nspec:\n  peerIP: ${gateway}\n  asNumber: ${OUR_AS}\n`,
      );
      await lab.addWorkloads([['calico-1', 'w1']]);

      const bird2 = await lab.declareBirdRouter(
        'bird2',
        65002,
        `protocol static announced4 { ipv4; route 10.78.2.0/24 blackhole; }
protocol static announced6 { ipv6; route 2001:db8:78:2::/64 blackhole; }
protocol bgp rrlab {
  local as 65002; neighbor ${gateway} as ${OUR_AS};
  hold time 3; keepalive time 1; connect delay time 1; connect retry time 2; error wait time 1,4;
  ipv4 { import all; export where proto = "announced4"; };
  # No IPv6 address on this link, and BIRD 2 takes ::ffff:a.b.c.d for the IPv4 address itself (an
  # IPv4 next hop needs RFC 8950): a documentation-range next hop both ways, resolved recursively, so
  # the routes are kept (unreachable) rather than treated as withdrawn.
  ipv6 { import all; export where proto = "announced6"; next hop address 2001:db8:ff::2; gateway recursive; };
}
`,
      );
      const frr = await lab.addNode(
        'frr',
        (context) =>
          new FrrRouter(
            context,
            'frr',
            65003,
            `router bgp 65003
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor ${gateway} remote-as ${OUR_AS}
 neighbor ${gateway} timers 1 3
 neighbor ${gateway} timers connect 2
 address-family ipv4 unicast
  network 10.78.3.0/24
 exit-address-family
 address-family ipv6 unicast
  network 2001:db8:78:3::/64
  neighbor ${gateway} activate
 exit-address-family
`,
          ),
      );
      const gobgp = await lab.addNode(
        'gobgp',
        (context) =>
          new GobgpRouter(
            context,
            'gobgp',
            65004,
            `[[neighbors]]
  [neighbors.config]
    neighbor-address = "${gateway}"
    peer-as = ${OUR_AS}
  [neighbors.timers.config]
    hold-time = 3
    keepalive-interval = 1
    connect-retry = 2
    # The OPEN capture hangs up on it once; without this GoBGP waits 30 s before its next attempt.
    idle-hold-time-after-reset = 1
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-unicast"
`,
          ),
      );
      await lab.start();
      const [block] = lab.calico.blocksOf('calico-1');
      assert.ok(block, 'the calico node has an IPAM block for its workload');
      await gobgp.announce([
        { prefix: '10.78.4.0/24' },
        { prefix: '2001:db8:78:4::/64', nextHop: `::ffff:${gobgp.address}` },
      ]);

      const calicoProtocol = `Global_${gateway.replace(/\./g, '_')}`;
      daemons.push(
        {
          label: 'BIRD 1.6 (Calico template)',
          node: calico,
          asNumber: 64512,
          ipv6: false,
          theirs: [block],
          ours: ['10.77.1.0/24'],
          report: async () =>
            birdReport(await birdText(calico, 'bird.ctl', `show protocols all ${calicoProtocol}`)),
          ceaseRecord: async () =>
            birdReport(await birdText(calico, 'bird.ctl', `show protocols all ${calicoProtocol}`))
              .capabilities,
          checkCapabilities: (r) => {
            // BIRD 1.6: "Neighbor caps: refresh restart-able AS4 add-path-rx" and "Session: external AS4".
            assert.match(r.capabilities, /Neighbor caps:.*\brefresh\b/);
            assert.match(r.capabilities, /Neighbor caps:.*\bAS4\b/);
            assert.match(r.capabilities, /Neighbor caps:.*add-path-rx/);
            assert.match(r.capabilities, /Session:.*\bAS4\b/);
          },
          peerOpenChecks: (open) => {
            // Calico's `graceful restart;` and `add paths on;` (send and receive) are in its OPEN.
            assert.ok(capabilityKinds(open).includes('graceful-restart'), capabilityKinds(open).join(' '));
            const addPath = open.capabilities.find((c) => c.kind === 'add-path');
            assert.ok(addPath && addPath.kind === 'add-path');
            assert.deepEqual(addPath.families, [{ afi: 1, safi: 1, sendReceive: 3 }]);
          },
          received: new Set(),
          treatedAsWithdraw: [],
          downs: [],
        },
        {
          label: 'BIRD 2',
          node: bird2,
          asNumber: 65002,
          ipv6: true,
          nextHop6: Uint8Array.from(Buffer.from('20010db800ff00000000000000000001', 'hex')),
          theirs: ['10.78.2.0/24', '2001:db8:78:2::/64'],
          ours: ['10.77.2.0/24', '2001:db8:77:2::/64'],
          report: async () => birdReport(await birdText(bird2, 'bird.ctl', 'show protocols all rrlab')),
          ceaseRecord: async () =>
            birdReport(await birdText(bird2, 'bird.ctl', 'show protocols all rrlab')).capabilities,
          checkCapabilities: (r) => {
            assert.match(
              r.capabilities,
              /Neighbor capabilities[\s\S]*Multiprotocol[\s\S]*AF announced: ipv4 ipv6/,
            );
            assert.match(r.capabilities, /Neighbor capabilities[\s\S]*Route refresh/);
            assert.match(r.capabilities, /Neighbor capabilities[\s\S]*4-octet AS numbers/);
          },
          peerOpenChecks: () => {},
          received: new Set(),
          treatedAsWithdraw: [],
          downs: [],
        },
        {
          label: 'FRR 8.4',
          node: frr,
          asNumber: 65003,
          ipv6: true,
          theirs: ['10.78.3.0/24', '2001:db8:78:3::/64'],
          ours: ['10.77.3.0/24', '2001:db8:77:3::/64'],
          report: async () => {
            const n = (await frr.neighbors())[gateway];
            return {
              state: n?.bgpState ?? 'absent',
              capabilities: JSON.stringify(n?.neighborCapabilities ?? {}),
              holdTime: n?.bgpTimerHoldTimeMsecs === undefined ? undefined : n.bgpTimerHoldTimeMsecs / 1000,
            };
          },
          ceaseRecord: async () => JSON.stringify((await frr.neighbors())[gateway] ?? {}),
          checkCapabilities: (r) => {
            const caps = JSON.parse(r.capabilities) as Record<string, unknown>;
            assert.equal(caps['4byteAs'], 'advertisedAndReceived');
            assert.equal(caps['routeRefresh'], 'advertisedAndReceivedNew');
            assert.deepEqual(caps['multiprotocolExtensions'], {
              ipv4Unicast: { advertisedAndReceived: true },
              ipv6Unicast: { advertisedAndReceived: true },
            });
          },
          peerOpenChecks: () => {},
          received: new Set(),
          treatedAsWithdraw: [],
          downs: [],
        },
        {
          label: 'GoBGP 3.10',
          node: gobgp,
          asNumber: 65004,
          ipv6: true,
          theirs: ['10.78.4.0/24', '2001:db8:78:4::/64'],
          ours: ['10.77.4.0/24', '2001:db8:77:4::/64'],
          report: async () => {
            const peer: GobgpPeerJson | undefined = (await gobgp.peers())[0];
            const states = ['Unknown', 'Idle', 'Connect', 'Active', 'OpenSent', 'OpenConfirm', 'Established'];
            return {
              state: states[peer?.state?.session_state ?? 0] ?? 'Unknown',
              capabilities: JSON.stringify(peer?.state?.remote_cap ?? []),
              holdTime: peer?.timers?.state?.negotiated_hold_time,
            };
          },
          ceaseRecord: async () => lab!.containerLog(gobgp, 50),
          checkCapabilities: (r) => {
            const caps = JSON.parse(r.capabilities) as { type_url: string; value?: string }[];
            const kinds = caps.map((c) => c.type_url.replace('type.googleapis.com/apipb.', ''));
            assert.ok(kinds.includes('RouteRefreshCapability'), kinds.join(' '));
            const asn = caps.find((c) => c.type_url.endsWith('FourOctetASNCapability'));
            assert.deepEqual(decodeVarints(asn?.value), [OUR_AS]);
            const mp = caps
              .filter((c) => c.type_url.endsWith('MultiProtocolCapability'))
              .map((c) => decodeVarints(c.value));
            assert.deepEqual(mp, [
              [1, 1],
              [2, 1],
            ]);
          },
          peerOpenChecks: () => {},
          received: new Set(),
          treatedAsWithdraw: [],
          downs: [],
        },
      );

      // Golden vectors before any session: a connection from the gateway, read the OPEN, hang up.
      await Promise.all(
        daemons
          .filter((d) => d.node !== calico)
          .map(async (d) => {
            d.open = await captureOpen(d.node.address, gateway);
          }),
      );
      const capture = process.env['RRLAB_INTEROP_CAPTURE'];
      if (capture) {
        for (const [file, d, version] of [
          ['bird2', daemons[1]!, 'BIRD 2.0.12 (Debian bird2 2.0.12-7)'],
          ['frr', daemons[2]!, 'FRR 8.4.4 (Debian frr 8.4.4-1.1~deb12u2)'],
          ['gobgp', daemons[3]!, 'GoBGP 3.10.0 (Debian gobgpd 3.10.0-1+b4)'],
        ] as const) {
          writeFileSync(
            join(capture, `${file}-open.hex`),
            annotateOpen(d.open!, [
              `The OPEN ${version} sends on an incoming eBGP connection, captured by test/interop/daemons.test.ts.`,
              `Its config: AS ${d.asNumber}, router ID ${d.node.address} (the lab address), IPv4 and IPv6 unicast, hold time 3, keepalive 1.`,
            ]),
          );
        }
      }

      for (const d of daemons) d.log = () => lab!.containerLog(d.node, 40);
      speaker = new BgpSpeaker({ listen: { host: gateway, port: 179 } });
      await speaker.listen();
      listeningAt = Date.now();
      for (const d of daemons) {
        const session = speaker.addPeer({
          peerAddress: d.node.address,
          localAs: OUR_AS,
          peerAs: d.asNumber,
          routerId: gateway,
          // GoBGP waits ~10 s before retrying after the capture hung up on it; our own connects come sooner.
          passive: !(d.node instanceof GobgpRouter),
          connectRetryTime: 1,
          holdTime: HOLD_TIME,
          capabilities: [
            { kind: 'multiprotocol', afi: 1, safi: 1 },
            { kind: 'multiprotocol', afi: 2, safi: 1 },
            { kind: 'route-refresh' },
            { kind: 'four-octet-as', asn: OUR_AS },
            { kind: 'add-path', families: [{ afi: 1, safi: 1, sendReceive: 1 }] },
          ],
          name: d.label,
        });
        d.session = session;
        session.on('established', () => (d.establishedAt ??= Date.now()));
        session.on('down', (reason) => d.downs.push(`${new Date().toISOString()} ${reason}`));
        session.on('update', (update, info) => {
          if (info.treatAsWithdraw) d.treatedAsWithdraw.push(Buffer.from(info.raw).toString('hex'));
          for (const n of [...update.withdrawn, ...(update.mpUnreach?.withdrawn ?? [])])
            d.received.delete(formatPrefix(n));
          for (const n of [...update.nlri, ...(update.mpReach?.nlri ?? [])]) d.received.add(formatPrefix(n));
        });
      }
    });

    after(async () => {
      await speaker?.close().catch(() => {});
      await lab?.dispose();
      console.log(
        `# interop suite: ${((Date.now() - started) / 1000).toFixed(1)} s from the first image check to cleanup`,
      );
    });

    for (const index of [0, 1, 2, 3]) {
      const title = ['BIRD 1.6 (Calico template)', 'BIRD 2', 'FRR 8.4', 'GoBGP 3.10'][index]!;
      test(
        `${title}: session, capabilities, routes both ways, three hold times up, Cease reported`,
        { timeout: 120_000 },
        async (t) => {
          const d = daemons[index]!;
          try {
            const session = d.session!;
            await session.waitForState('Established', 60_000);
            t.diagnostic(
              `${d.label}: Established ${(d.establishedAt ?? Date.now()) - listeningAt} ms after the speaker listened`,
            );
            const negotiated = session.negotiated!;
            const upAt = Date.now();

            // Capabilities: what the daemon sent, as our session decoded it …
            assert.equal(negotiated.holdTime, HOLD_TIME, 'the lower hold time wins (RFC 4271 §4.2)');
            assert.equal(negotiated.peerAs, d.asNumber);
            const kinds = capabilityKinds(negotiated.peerOpen);
            for (const kind of ['route-refresh', 'four-octet-as'])
              assert.ok(kinds.includes(kind), `${d.label} sent ${kinds.join(' ')}`);
            assert.deepEqual(families(negotiated.peerOpen), d.ipv6 ? ['1/1', '2/1'] : ['1/1']);
            const asCapability = negotiated.peerOpen.capabilities.find((c) => c.kind === 'four-octet-as');
            assert.equal(asCapability?.kind === 'four-octet-as' ? asCapability.asn : undefined, d.asNumber);
            d.peerOpenChecks(negotiated.peerOpen);
            // … and what the daemon says it negotiated.
            const report = await eventually(
              async () => {
                const r = await d.report();
                return r.state === 'Established' ? r : undefined;
              },
              15_000,
              () => `${d.label} to report the session Established`,
            );
            d.checkCapabilities(report);
            assert.equal(report.holdTime, HOLD_TIME, `${d.label} reports hold time ${report.holdTime}`);

            // Routes both ways: ours (IPv4 NEXT_HOP; IPv6 in MP_REACH_NLRI with an IPv4-mapped next hop).
            const asPath = [{ type: 2, asns: [OUR_AS] }];
            const v4: UpdateMessage = {
              type: 'update',
              withdrawn: [],
              attributes: { origin: 0, asPath, nextHop: parseIpv4(gateway)! },
              nlri: d.ours.filter((p) => !p.includes(':')).map((p) => parsePrefix(p)),
            };
            session.sendUpdate(v4);
            const ours6 = d.ours.filter((p) => p.includes(':'));
            if (ours6.length > 0) {
              session.sendUpdate({
                type: 'update',
                withdrawn: [],
                attributes: { origin: 0, asPath },
                mpReach: {
                  afi: 2,
                  safi: 1,
                  nextHop: d.nextHop6 ?? ipv4Mapped(gateway),
                  nlri: ours6.map((p) => parsePrefix(p)),
                },
                nlri: [],
              });
            }
            await eventually(
              async () => (d.theirs.every((p) => d.received.has(p)) ? true : undefined),
              30_000,
              () =>
                `${d.label}'s routes ${d.theirs.join(', ')} (received: ${[...d.received].join(', ') || 'none'}; treated as withdraw: ${d.treatedAsWithdraw.join(' ') || 'none'})`,
            );
            await eventually(
              async () => {
                const learned = (await d.node.routes())
                  .filter((r) => r.source === 'BGP')
                  .map((r) => r.prefix);
                return d.ours.every((p) => learned.includes(p)) ? true : undefined;
              },
              30_000,
              () => `${d.label} to learn ${d.ours.join(', ')}`,
            );

            // Up past three hold times: no keepalive missed either way.
            const wait = 3 * HOLD_TIME * 1000 + 1500 - (Date.now() - upAt);
            if (wait > 0) await sleep(wait);
            assert.equal(session.state, 'Established');
            assert.deepEqual(d.downs, [], `${d.label} went down`);
            assert.equal((await d.report()).state, 'Established');

            // Cease, Administrative Shutdown (RFC 4486 §3, subcode 2), with an RFC 9003 message.
            await session.stop('rrlab interop: done');
            const record = await eventually(
              async () => {
                const text = await d.ceaseRecord();
                return /administrative shutdown/i.test(text) ? text : undefined;
              },
              10_000,
              () => `${d.label} to report the Cease`,
            );
            assert.match(record, /administrative shutdown/i);
            // GoBGP logs `Peer Down` with the notification; keep the line that says so for the report.
            if (d.node instanceof GobgpRouter) assert.match(record, /Peer Down|peer down/);

            // The live OPEN still decodes with the codec (the golden vectors' drift check).
            if (d.open) {
              const decoded = decodeMessage(d.open, DEFAULT_CODEC_CONTEXT);
              assert.ok(
                decoded.action === 'none' || decoded.action === 'attribute-discard',
                `${d.label} OPEN decodes`,
              );
              assert.equal(decoded.message.type, 'open');
            }
          } catch (error) {
            throw await withDiagnostics(error, d);
          }
        },
      );
    }
  },
);
