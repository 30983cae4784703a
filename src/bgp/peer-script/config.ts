/**
 * Configuration of a scripted peer run: N sessions from N source addresses towards one target
 * (a reflector or a BIRD under test), read from JSON.
 */
import type { AddressFamily } from '../codec/messages.js';
import type { RouteAttributesInput } from './route-attributes.js';
import { formatIp, offsetAddress, parseIpv4 } from '../../net/index.js';

export interface ScriptedSessionConfig {
  /** Source address of this session (127.0.0.x on loopback; Linux routes all of 127/8 to lo). */
  readonly localAddress: string;
  readonly routerId: string;
  /** Local AS; defaults to the run's `localAs`. */
  readonly localAs?: number;
}

export interface InitialAnnouncement {
  /** Session indexes, or "all" (default). */
  readonly sessions?: readonly number[] | 'all';
  readonly prefixes: readonly string[];
  readonly attributes?: RouteAttributesInput;
}

export interface PeerScriptConfig {
  /** The peer under test. */
  readonly target: { readonly address: string; readonly port?: number; readonly as: number };
  readonly localAs: number;
  readonly sessions: readonly ScriptedSessionConfig[];
  readonly holdTime?: number;
  readonly connectRetryTime?: number;
  readonly passive?: boolean;
  /** With `passive`, each session listens on its source address and this port. */
  readonly listenPort?: number;
  /** Families offered with capability 1 (default IPv4 unicast). */
  readonly families?: readonly AddressFamily[];
  /** ADD-PATH mode offered for each family (RFC 7911 §4): receive, send or both. */
  readonly addPath?: 'receive' | 'send' | 'both';
  /** Offer Graceful Restart (RFC 4724 §3) with this restart time, helper only (no families). */
  readonly gracefulRestartTime?: number;
  /** Announced by every listed session once it is Established, followed by End-of-RIB. */
  readonly announce?: readonly InitialAnnouncement[];
  /** Send End-of-RIB (RFC 4724 §2) after the initial announcements (default true). */
  readonly endOfRib?: boolean;
}

function fail(message: string): never {
  throw new Error(`peer-script config: ${message}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks the shape of a parsed JSON config. `count` + `firstAddress` + `firstRouterId` may stand in
 * for an explicit `sessions` list: session i uses the i-th address and router ID after the first.
 */
export function parsePeerScriptConfig(json: unknown): PeerScriptConfig {
  if (!isRecord(json)) fail('expected an object');
  const target = json['target'];
  if (!isRecord(target) || typeof target['address'] !== 'string' || typeof target['as'] !== 'number') {
    fail('`target` needs `address` (string) and `as` (number)');
  }
  if (typeof json['localAs'] !== 'number') fail('`localAs` must be a number');
  let sessions = json['sessions'];
  if (sessions === undefined && typeof json['count'] === 'number') {
    const first = json['firstAddress'];
    const firstId = json['firstRouterId'];
    if (typeof first !== 'string' || typeof firstId !== 'string') {
      fail('`count` needs `firstAddress` and `firstRouterId`');
    }
    sessions = Array.from({ length: json['count'] }, (_, i) => ({
      localAddress: addToIpv4(first, i),
      routerId: addToIpv4(firstId, i),
    }));
  }
  if (!Array.isArray(sessions) || sessions.length === 0) fail('`sessions` must be a non-empty list');
  for (const [i, session] of sessions.entries()) {
    if (
      !isRecord(session) ||
      typeof session['localAddress'] !== 'string' ||
      typeof session['routerId'] !== 'string'
    ) {
      fail(`sessions[${i}] needs \`localAddress\` and \`routerId\` strings`);
    }
  }
  return { ...json, sessions } as unknown as PeerScriptConfig;
}

/** `127.0.0.2` + 3 → `127.0.0.5` (carrying into higher octets). */
export function addToIpv4(address: string, offset: number): string {
  // A leading zero reads as decimal, as in the codec's other text forms.
  const ip = parseIpv4(address, { allowLeadingZeros: true });
  if (ip === undefined) fail(`${JSON.stringify(address)} is not an IPv4 address`);
  return formatIp(offsetAddress(ip, offset));
}
