import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BgpSession } from '../../../src/bgp/speaker/index.js';
import { loopbackPair } from '../speaker/loopback-pair.js';
import type { TcpSecurity } from '../../../src/bgp/transport/socket-options.js';
import {
  md5DropSummary,
  md5SignatureOption,
  parseMd5DropCounters,
} from '../../../src/bgp/transport/socket-options.js';

describe('struct tcp_md5sig (RFC 2385 keys for Linux TCP_MD5SIG)', () => {
  test('an IPv4 peer on an IPv4 socket: sockaddr_in, key length at 130, key at 136', () => {
    const option = md5SignatureOption(4, '10.0.0.7', 'secret');
    assert.equal(option.length, 216);
    assert.equal(option.readUInt16LE(0), 2);
    assert.deepEqual([...option.subarray(4, 8)], [10, 0, 0, 7]);
    assert.equal(option.readUInt16LE(130), 6);
    assert.equal(option.subarray(136, 142).toString(), 'secret');
  });

  test('an IPv4 peer on a dual-stack socket is named ::ffff:a.b.c.d, as Linux requires', () => {
    const option = md5SignatureOption(6, '10.0.0.7', 'k');
    assert.equal(option.readUInt16LE(0), 10);
    assert.deepEqual([...option.subarray(8, 24)], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 7]);
  });

  test('an IPv6 peer: sockaddr_in6 with the address at offset 8', () => {
    const option = md5SignatureOption(6, 'fd00::2', 'k');
    assert.equal(option.readUInt16BE(8), 0xfd00);
    assert.equal(option.readUInt16BE(22), 2);
  });

  test('a key over 80 bytes (TCP_MD5SIG_MAXKEYLEN) is refused with its length', () => {
    assert.throws(
      () => md5SignatureOption(4, '10.0.0.7', 'x'.repeat(81)),
      /81 bytes; Linux takes at most 80/,
    );
  });

  test('an empty key (delete) and a non-address are told apart', () => {
    assert.equal(md5SignatureOption(4, '10.0.0.7', '').readUInt16LE(130), 0);
    assert.throws(() => md5SignatureOption(4, 'rr-1', 'k'), /not an IP address/);
  });
});

describe('kernel TCP-MD5 drop counters', () => {
  test('TcpExt names and values are paired by position', () => {
    const netstat =
      'TcpExt: SyncookiesSent TCPMD5NotFound TCPMD5Unexpected TCPMD5Failure\nTcpExt: 0 3 1 7\nIpExt: InNoRoutes\nIpExt: 0\n';
    const counters = parseMd5DropCounters(netstat);
    assert.deepEqual(counters, { unsigned: 3, unexpected: 1, badSignature: 7 });
    assert.match(
      md5DropSummary(counters),
      /7 segments with a wrong signature, 3 unsigned, 1 signed without a key/,
    );
  });

  test('a kernel without TCP-MD5 counters says so', () => {
    assert.equal(parseMd5DropCounters('TcpExt: SyncookiesSent\nTcpExt: 0\n'), undefined);
    assert.equal(md5DropSummary(undefined), 'no kernel TCP-MD5 counters on this host');
  });
});

/** Both speakers, with these protections, configured with each other; `close` stops both. */
async function securedPair(securityA: TcpSecurity, securityB: TcpSecurity) {
  const { a, b, sessionA, sessionB } = await loopbackPair({ holdTime: 9, securityA, securityB });
  const close = async (): Promise<void> => {
    await Promise.all([a.close(), b.close()]);
  };
  return { sessionA, sessionB, close };
}

/** The pair's sessions both reach Established, then both speakers close. */
async function establishes(securityA: TcpSecurity, securityB: TcpSecurity): Promise<void> {
  const { sessionA, sessionB, close } = await securedPair(securityA, securityB);
  try {
    await Promise.all([
      sessionA.waitForState('Established', 8000),
      sessionB.waitForState('Established', 8000),
    ]);
  } finally {
    await close();
  }
}

/** Fails if the session reaches Established within `ms`; resolves with its last error otherwise. */
async function staysDown(session: BgpSession, ms: number): Promise<string | undefined> {
  const established = session.waitForState('Established', ms).then(
    () => true,
    () => false,
  );
  assert.equal(await established, false, `${session.name} reached Established`);
  return session.lastError;
}

describe('TCP-MD5 (RFC 2385) and GTSM (RFC 5082) on loopback, real kernel', () => {
  test('RFC 2385 §2: the same key on both sides establishes the session', async () => {
    await establishes({ md5Key: 'calico-rr' }, { md5Key: 'calico-rr' });
  });

  test('RFC 2385 §2: different keys give no session, and the timed-out side names TCP-MD5', async () => {
    const { sessionA, sessionB, close } = await securedPair({ md5Key: 'calico-rr' }, { md5Key: 'wrong' });
    try {
      const lastError = await staysDown(sessionA, 7000);
      assert.equal(sessionB.state === 'Established', false);
      assert.match(lastError ?? '', /Connection timed out \(TCP-MD5 signed: .*wrong signature/);
    } finally {
      await close();
    }
  });

  test('RFC 2385 §2: a key on one side only gives no session', async () => {
    const { sessionA, close } = await securedPair({ md5Key: 'calico-rr' }, {});
    try {
      await staysDown(sessionA, 3000);
    } finally {
      await close();
    }
  });

  test('RFC 5082 §3: GTSM on both sides (TTL 255 sent, 255 required for one hop) establishes', async () => {
    await establishes({ ttlSecurityHops: 1 }, { ttlSecurityHops: 1 });
  });

  test('RFC 5082 §3: a peer sending the default TTL (64) is dropped by the GTSM side', async () => {
    const { sessionA, close } = await securedPair({ ttlSecurityHops: 1 }, {});
    try {
      await staysDown(sessionA, 3000);
    } finally {
      await close();
    }
  });

  test('RFC 5082 §3: a hop count of 200 accepts TTL 64 (256 − 200 = 56)', async () => {
    await establishes({ ttlSecurityHops: 200 }, {});
  });
});
