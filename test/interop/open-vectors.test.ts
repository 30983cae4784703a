/**
 * Golden vectors: the OPEN BIRD 2, FRR and GoBGP each send on an eBGP session offering IPv4 and IPv6
 * unicast, captured from the daemons in the lab (test/interop/daemons.test.ts with
 * RRLAB_INTEROP_CAPTURE) and decoded here with rrlab's codec, without Docker.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  decodeMessage,
  DEFAULT_CODEC_CONTEXT,
  formatCapability,
  type OpenMessage,
} from '../../src/bgp/codec/index.js';
import { parseAnnotatedHex } from './open-hex.js';

function decodeFixture(name: string): OpenMessage {
  const text = readFileSync(new URL(`../../../test/fixtures/interop/${name}`, import.meta.url), 'utf8');
  const decoded = decodeMessage(parseAnnotatedHex(text), DEFAULT_CODEC_CONTEXT);
  assert.equal(decoded.action, 'none', `${name}: ${JSON.stringify(decoded)}`);
  if (decoded.action !== 'none' || decoded.message.type !== 'open') throw new Error(`${name} is not an OPEN`);
  return decoded.message;
}

const ipv4Id = (value: number): string => [24, 16, 8, 0].map((s) => (value >>> s) & 0xff).join('.');

test('BIRD 2.0.12 OPEN: MP IPv4 and IPv6, route refresh, GR, 4-octet AS, enhanced refresh, LLGR', () => {
  const open = decodeFixture('bird2-open.hex');
  assert.equal(open.version, 4);
  assert.equal(open.myAs, 65002);
  assert.equal(open.holdTime, 3);
  assert.match(ipv4Id(open.bgpId), /^10\.\d+\.\d+\.\d+$/);
  assert.deepEqual(open.capabilities.slice(0, 2).map(formatCapability), ['MP(1/1)', 'MP(2/1)']);
  const kinds = open.capabilities.map((c) => c.kind);
  assert.deepEqual(kinds, [
    'multiprotocol',
    'multiprotocol',
    'route-refresh',
    'graceful-restart',
    'four-octet-as',
    'enhanced-route-refresh',
    'long-lived-graceful-restart',
  ]);
  const as4 = open.capabilities.find((c) => c.kind === 'four-octet-as');
  assert.deepEqual(as4, { kind: 'four-octet-as', asn: 65002 });
  // BIRD 2 offers GR helper mode by default (`graceful restart aware`): restart time 120, no families.
  const gr = open.capabilities.find((c) => c.kind === 'graceful-restart');
  assert.ok(gr && gr.kind === 'graceful-restart');
  assert.deepEqual(
    [gr.restarting, gr.notification, gr.restartTimeSeconds, gr.families],
    [false, false, 120, []],
  );
});

test('FRR 8.4.4 OPEN: MP IPv4 and IPv6, Cisco and RFC route refresh, 4-octet AS, ADD-PATH receive, GR with R bit, FQDN', () => {
  const open = decodeFixture('frr-open.hex');
  assert.equal(open.version, 4);
  assert.equal(open.myAs, 65003);
  assert.equal(open.holdTime, 3);
  const kinds: string[] = open.capabilities.map((c) => c.kind);
  for (const kind of ['route-refresh', 'four-octet-as', 'graceful-restart', 'fqdn', 'extended-message']) {
    assert.ok(kinds.includes(kind), `${kind} in ${kinds.join(' ')}`);
  }
  const families = open.capabilities.flatMap((c) =>
    c.kind === 'multiprotocol' ? [`${c.afi}/${c.safi}`] : [],
  );
  assert.deepEqual(families, ['1/1', '2/1']);
  const fqdn = open.capabilities.find((c) => c.kind === 'fqdn');
  assert.ok(fqdn && fqdn.kind === 'fqdn');
  assert.equal(fqdn.hostname, 'frr');
  const as4 = open.capabilities.find((c) => c.kind === 'four-octet-as');
  assert.deepEqual(as4, { kind: 'four-octet-as', asn: 65003 });
  // Cisco's pre-standard route refresh (code 128) comes before RFC 2918's: kept, ignored (RFC 5492 §3).
  assert.deepEqual(open.capabilities[2], { kind: 'unknown', code: 128, value: new Uint8Array(0) });
  // FRR offers ADD-PATH receive for both families by default (RFC 7911 §4, mode 1).
  const addPath = open.capabilities.find((c) => c.kind === 'add-path');
  assert.deepEqual(addPath, {
    kind: 'add-path',
    families: [
      { afi: 1, safi: 1, sendReceive: 1 },
      { afi: 2, safi: 1, sendReceive: 1 },
    ],
  });
  // Freshly started, FRR sets the Restart State bit (RFC 4724 §3) and the N bit (RFC 8538 §2).
  const gr = open.capabilities.find((c) => c.kind === 'graceful-restart');
  assert.ok(gr && gr.kind === 'graceful-restart');
  assert.deepEqual(
    [gr.restarting, gr.notification, gr.restartTimeSeconds, gr.families],
    [true, true, 120, []],
  );
});

test('GoBGP 3.10 OPEN: route refresh, FQDN, MP IPv4 and IPv6, 4-octet AS, extended next hop (kept as unknown)', () => {
  const open = decodeFixture('gobgp-open.hex');
  assert.equal(open.version, 4);
  assert.equal(open.myAs, 65004);
  assert.equal(open.holdTime, 3);
  assert.deepEqual(
    open.capabilities.map((c) => c.kind),
    ['route-refresh', 'fqdn', 'multiprotocol', 'multiprotocol', 'four-octet-as', 'unknown'],
  );
  const fqdn = open.capabilities.find((c) => c.kind === 'fqdn');
  assert.deepEqual(fqdn, { kind: 'fqdn', hostname: 'gobgp', domainName: '' });
  // RFC 8950 capability 5: IPv4 unicast NLRI (AFI 1 SAFI 1) with IPv6 next hops (AFI 2).
  const extended = open.capabilities.at(-1);
  assert.ok(extended && extended.kind === 'unknown');
  assert.equal(extended.code, 5);
  assert.equal(Buffer.from(extended.value).toString('hex'), '000100010002');
});
