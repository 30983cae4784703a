/**
 * The two TCP protections BGP speakers use that Node's `net` has no option for, set with
 * setsockopt(2) on the socket's descriptor:
 *
 * - TCP-MD5 signatures (RFC 2385, Linux `TCP_MD5SIG`): a key per peer address. On a listening
 *   socket the kernel checks the SYN, so keys go there before the peer connects; an outbound socket
 *   needs its key before connect().
 * - GTSM (RFC 5082): send with TTL 255 (`IP_TTL`, `IPV6_UNICAST_HOPS`) and drop segments that
 *   arrive with less than 256 − hops (`IP_MINTTL`, `IPV6_MINHOPCOUNT`), as BIRD's `ttl security`.
 *
 * libc is reached through koffi (an FFI package with prebuilt binaries), loaded on first use, so a
 * speaker that needs neither protection never loads native code.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Server, Socket } from 'node:net';
import { parseAddress } from '../codec/prefix.js';

const AF_INET = 2;
const AF_INET6 = 10;
const SOCK_STREAM = 1;
const SOCK_NONBLOCK = 0o4000;
const SOCK_CLOEXEC = 0o2000000;
const IPPROTO_IP = 0;
const IPPROTO_TCP = 6;
const IPPROTO_IPV6 = 41;
const IP_TTL = 2;
const IP_MINTTL = 21;
const IPV6_UNICAST_HOPS = 16;
const IPV6_MINHOPCOUNT = 73;
const TCP_MD5SIG = 14;
/** Linux `TCP_MD5SIG_MAXKEYLEN`: longer keys are refused (Calico: "longer than 80 characters … fail"). */
export const TCP_MD5_MAX_KEY_BYTES = 80;
/** `struct tcp_md5sig`: sockaddr_storage (128), flags, prefixlen, keylen (u16), ifindex (u32), key[80]. */
const MD5SIG_SIZE = 216;
const MD5SIG_KEYLEN_OFFSET = 130;
const MD5SIG_KEY_OFFSET = 136;
/** RFC 5082 §3: a GTSM speaker sends with the largest TTL. */
export const GTSM_SEND_TTL = 255;

/** What a session asks of its sockets; both parts optional. */
export interface TcpSecurity {
  /** RFC 2385 key shared with the peer. */
  readonly md5Key?: string;
  /** RFC 5082: the peer is at most this many hops away (BIRD's `multihop N` with `ttl security on`). */
  readonly ttlSecurityHops?: number;
}

export function hasTcpSecurity(security: TcpSecurity | undefined): security is TcpSecurity {
  return security?.md5Key !== undefined || security?.ttlSecurityHops !== undefined;
}

interface Libc {
  setsockopt(fd: number, level: number, name: number, value: Buffer, length: number): number;
  socket(domain: number, type: number, protocol: number): number;
  errno(): number;
}

let libc: Libc | undefined;

function loadLibc(): Libc {
  if (libc !== undefined) return libc;
  let koffi: {
    load(name: string): { func(signature: string): (...args: unknown[]) => unknown };
    errno(): number;
  };
  try {
    koffi = createRequire(import.meta.url)('koffi') as typeof koffi;
  } catch (error) {
    throw new Error(
      `TCP-MD5 and TTL security need the koffi package, which did not load: ${(error as Error).message}`,
    );
  }
  const library = koffi.load('libc.so.6');
  const setsockopt = library.func('int setsockopt(int, int, int, const void *, uint32_t)');
  const socket = library.func('int socket(int, int, int)');
  libc = {
    setsockopt: (fd, level, name, value, length) => setsockopt(fd, level, name, value, length) as number,
    socket: (domain, type, protocol) => socket(domain, type, protocol) as number,
    errno: () => koffi.errno(),
  };
  return libc;
}

const ERRNO_NAMES: Record<number, string> = {
  1: 'EPERM',
  9: 'EBADF',
  12: 'ENOMEM',
  22: 'EINVAL',
  92: 'ENOPROTOOPT',
  97: 'EAFNOSUPPORT',
};

function call(what: string, result: number, c: Libc): number {
  if (result < 0) {
    const errno = c.errno();
    throw new Error(`${what} failed: ${ERRNO_NAMES[errno] ?? `errno ${errno}`}`);
  }
  return result;
}

function intValue(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32LE(value);
  return buffer;
}

/** The descriptor under a listening or connected Node socket (libuv's; valid while it is open). */
export function descriptorOf(handleOwner: Server | Socket): number {
  const fd = (handleOwner as unknown as { _handle?: { fd?: number } })._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) throw new Error('the socket has no descriptor (not open yet?)');
  return fd;
}

/**
 * `struct tcp_md5sig` for one peer. A socket of the IPv6 family that talks to an IPv4 peer (a
 * dual-stack listener) names it as ::ffff:a.b.c.d, as Linux requires there.
 */
export function md5SignatureOption(socketFamily: 4 | 6, peerAddress: string, key: string): Buffer {
  const keyBytes = Buffer.from(key, 'utf8');
  if (keyBytes.length > TCP_MD5_MAX_KEY_BYTES)
    throw new Error(
      `TCP-MD5 key for ${peerAddress} is ${keyBytes.length} bytes; Linux takes at most ${TCP_MD5_MAX_KEY_BYTES}`,
    );
  const address = parseAddress(peerAddress);
  if (address === undefined) throw new Error(`TCP-MD5 peer "${peerAddress}" is not an IP address`);
  const option = Buffer.alloc(MD5SIG_SIZE);
  if (socketFamily === 4) {
    if (address.length !== 4) throw new Error(`an IPv4 socket cannot sign for IPv6 peer ${peerAddress}`);
    option.writeUInt16LE(AF_INET, 0);
    option.set(address, 4);
  } else {
    option.writeUInt16LE(AF_INET6, 0);
    if (address.length === 4) {
      option.writeUInt16BE(0xffff, 8 + 10);
      option.set(address, 8 + 12);
    } else option.set(address, 8);
  }
  option.writeUInt16LE(keyBytes.length, MD5SIG_KEYLEN_OFFSET);
  option.set(keyBytes, MD5SIG_KEY_OFFSET);
  return option;
}

/** Sign (key) or stop signing (undefined) segments to and from `peerAddress` on socket `fd`. */
export function setMd5Key(
  fd: number,
  socketFamily: 4 | 6,
  peerAddress: string,
  key: string | undefined,
): void {
  const c = loadLibc();
  const option = md5SignatureOption(socketFamily, peerAddress, key ?? '');
  call(`TCP_MD5SIG for ${peerAddress}`, c.setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG, option, MD5SIG_SIZE), c);
}

/** IPv4 peers (on either socket family) take the IPv4 options; IPv6 peers the IPv6 ones. */
function ttlLevels(peerIsIpv4: boolean): { level: number; send: number; minimum: number } {
  return peerIsIpv4
    ? { level: IPPROTO_IP, send: IP_TTL, minimum: IP_MINTTL }
    : { level: IPPROTO_IPV6, send: IPV6_UNICAST_HOPS, minimum: IPV6_MINHOPCOUNT };
}

/** Send every segment (SYN-ACKs of a listener too) with TTL 255. */
export function sendWithMaximumTtl(fd: number, peerIsIpv4: boolean): void {
  const c = loadLibc();
  const { level, send } = ttlLevels(peerIsIpv4);
  call('IP_TTL 255', c.setsockopt(fd, level, send, intValue(GTSM_SEND_TTL), 4), c);
}

/** RFC 5082 §3: TTL 255 out, and only segments with TTL ≥ 256 − hops in. */
export function setTtlSecurity(fd: number, peerIsIpv4: boolean, hops: number): void {
  if (!Number.isInteger(hops) || hops < 1 || hops > 255)
    throw new Error(`TTL security hop count ${hops} is not in 1..255`);
  const c = loadLibc();
  const { level, minimum } = ttlLevels(peerIsIpv4);
  sendWithMaximumTtl(fd, peerIsIpv4);
  call(`minimum TTL ${256 - hops}`, c.setsockopt(fd, level, minimum, intValue(256 - hops), 4), c);
}

/** A fresh non-blocking TCP socket's descriptor, for options that must precede connect(). */
export function openTcpSocket(family: 4 | 6): number {
  const c = loadLibc();
  return call(
    'socket()',
    c.socket(family === 4 ? AF_INET : AF_INET6, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0),
    c,
  );
}

/** An outbound socket's protections, on its descriptor before connect(). */
export function secureOutboundSocket(
  fd: number,
  family: 4 | 6,
  peerAddress: string,
  security: TcpSecurity,
): void {
  if (security.md5Key !== undefined) setMd5Key(fd, family, peerAddress, security.md5Key);
  if (security.ttlSecurityHops !== undefined) setTtlSecurity(fd, family === 4, security.ttlSecurityHops);
}

/** The kernel's TCP-MD5 drop counters of this network namespace (`/proc/net/netstat`, TcpExt). */
export interface Md5DropCounters {
  /** Segments that should have been signed and were not (`TCPMD5NotFound`). */
  readonly unsigned: number;
  /** Signed segments from a peer with no key here (`TCPMD5Unexpected`). */
  readonly unexpected: number;
  /** Segments whose signature did not check: the keys differ (`TCPMD5Failure`). */
  readonly badSignature: number;
}

export function parseMd5DropCounters(netstat: string): Md5DropCounters | undefined {
  const lines = netstat.split('\n').filter((line) => line.startsWith('TcpExt:'));
  if (lines.length < 2) return undefined;
  const names = lines[0]!.split(/\s+/);
  const values = lines[1]!.split(/\s+/);
  const value = (name: string): number => Number(values[names.indexOf(name)] ?? 0);
  if (!names.includes('TCPMD5Failure')) return undefined;
  return {
    unsigned: value('TCPMD5NotFound'),
    unexpected: value('TCPMD5Unexpected'),
    badSignature: value('TCPMD5Failure'),
  };
}

export function md5DropCounters(): Md5DropCounters | undefined {
  try {
    return parseMd5DropCounters(readFileSync('/proc/net/netstat', 'utf8'));
  } catch {
    return undefined;
  }
}

/** The counters in words, for a session's last error. */
export function md5DropSummary(counters: Md5DropCounters | undefined): string {
  if (counters === undefined) return 'no kernel TCP-MD5 counters on this host';
  return `this host dropped ${counters.badSignature} segments with a wrong signature, ${counters.unsigned} unsigned, ${counters.unexpected} signed without a key`;
}
