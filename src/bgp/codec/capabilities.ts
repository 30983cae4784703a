/**
 * Capabilities (RFC 5492 §4): `code (1) | length (1) | value`. Known ones are decoded; unknown ones,
 * and known ones whose value has the wrong shape, are kept as `unknown` and must be ignored by the
 * session (RFC 5492 §3), never answered with a NOTIFICATION.
 */
import { readU16, readU24, readU32, writeU16, writeU24, writeU32 } from './bytes.js';
import { CapabilityCode as Code, type Capability } from './messages.js';

const utf8Decoder = new TextDecoder('utf-8', { fatal: false });
const utf8Encoder = new TextEncoder();

/** Decodes one capability value. */
export function decodeCapability(code: number, value: Uint8Array): Capability {
  const raw: Capability = { kind: 'unknown', code, value: value.slice() };
  switch (code) {
    case Code.Multiprotocol:
      // RFC 4760 §8: AFI (2), Reserved (1), SAFI (1).
      return value.length === 4
        ? { kind: 'multiprotocol', afi: readU16(value, 0), safi: value[3] ?? 0 }
        : raw;
    case Code.RouteRefresh:
      return value.length === 0 ? { kind: 'route-refresh' } : raw;
    case Code.ExtendedMessage:
      return value.length === 0 ? { kind: 'extended-message' } : raw;
    case Code.EnhancedRouteRefresh:
      return value.length === 0 ? { kind: 'enhanced-route-refresh' } : raw;
    case Code.FourOctetAs:
      return value.length === 4 ? { kind: 'four-octet-as', asn: readU32(value, 0) } : raw;
    case Code.GracefulRestart: {
      // RFC 4724 §3: Restart Flags (4 bits: R, N per RFC 8538) + Restart Time (12 bits), then
      // (AFI, SAFI, Flags) tuples. Reserved bits are ignored on receipt.
      if (value.length < 2 || (value.length - 2) % 4 !== 0) return raw;
      const word = readU16(value, 0);
      const families = [];
      for (let offset = 2; offset < value.length; offset += 4) {
        families.push({
          afi: readU16(value, offset),
          safi: value[offset + 2] ?? 0,
          forwardingPreserved: ((value[offset + 3] ?? 0) & 0x80) !== 0,
        });
      }
      return {
        kind: 'graceful-restart',
        restarting: (word & 0x8000) !== 0,
        notification: (word & 0x4000) !== 0,
        restartTimeSeconds: word & 0x0fff,
        families,
      };
    }
    case Code.AddPath: {
      // RFC 7911 §4: (AFI (2), SAFI (1), Send/Receive (1)) tuples.
      if (value.length === 0 || value.length % 4 !== 0) return raw;
      const families = [];
      for (let offset = 0; offset < value.length; offset += 4) {
        families.push({
          afi: readU16(value, offset),
          safi: value[offset + 2] ?? 0,
          sendReceive: value[offset + 3] ?? 0,
        });
      }
      return { kind: 'add-path', families };
    }
    case Code.LongLivedGracefulRestart: {
      // RFC 9494 §3: (AFI (2), SAFI (1), Flags (1), Long-lived Stale Time (3)) tuples; BIRD sends none ("LLGR aware").
      if (value.length % 7 !== 0) return raw;
      const families = [];
      for (let offset = 0; offset < value.length; offset += 7) {
        families.push({
          afi: readU16(value, offset),
          safi: value[offset + 2] ?? 0,
          flags: value[offset + 3] ?? 0,
          staleTimeSeconds: readU24(value, offset + 4),
        });
      }
      return { kind: 'long-lived-graceful-restart', families };
    }
    case Code.Fqdn: {
      // draft-walton-bgp-hostname-capability: hostname length (1), hostname, domain length (1), domain.
      const hostLength = value[0];
      if (hostLength === undefined || 1 + hostLength + 1 > value.length) return raw;
      const domainLength = value[1 + hostLength] ?? 0;
      if (2 + hostLength + domainLength !== value.length) return raw;
      return {
        kind: 'fqdn',
        hostname: utf8Decoder.decode(value.subarray(1, 1 + hostLength)),
        domainName: utf8Decoder.decode(value.subarray(2 + hostLength)),
      };
    }
    default:
      return raw;
  }
}

interface EncodedCapability {
  readonly code: number;
  readonly value: Uint8Array;
}

/** The code and value octets of a capability. */
export function encodeCapability(capability: Capability): EncodedCapability {
  switch (capability.kind) {
    case 'multiprotocol': {
      const value = new Uint8Array(4);
      writeU16(value, 0, capability.afi);
      value[3] = capability.safi;
      return { code: Code.Multiprotocol, value };
    }
    case 'route-refresh':
      return { code: Code.RouteRefresh, value: new Uint8Array(0) };
    case 'extended-message':
      return { code: Code.ExtendedMessage, value: new Uint8Array(0) };
    case 'enhanced-route-refresh':
      return { code: Code.EnhancedRouteRefresh, value: new Uint8Array(0) };
    case 'four-octet-as': {
      const value = new Uint8Array(4);
      writeU32(value, 0, capability.asn);
      return { code: Code.FourOctetAs, value };
    }
    case 'graceful-restart': {
      const value = new Uint8Array(2 + capability.families.length * 4);
      const word =
        (capability.restarting ? 0x8000 : 0) |
        (capability.notification ? 0x4000 : 0) |
        (capability.restartTimeSeconds & 0x0fff);
      writeU16(value, 0, word);
      capability.families.forEach((family, i) => {
        writeU16(value, 2 + i * 4, family.afi);
        value[4 + i * 4] = family.safi;
        value[5 + i * 4] = family.forwardingPreserved ? 0x80 : 0;
      });
      return { code: Code.GracefulRestart, value };
    }
    case 'add-path': {
      const value = new Uint8Array(capability.families.length * 4);
      capability.families.forEach((family, i) => {
        writeU16(value, i * 4, family.afi);
        value[i * 4 + 2] = family.safi;
        value[i * 4 + 3] = family.sendReceive;
      });
      return { code: Code.AddPath, value };
    }
    case 'long-lived-graceful-restart': {
      const value = new Uint8Array(capability.families.length * 7);
      capability.families.forEach((family, i) => {
        writeU16(value, i * 7, family.afi);
        value[i * 7 + 2] = family.safi;
        value[i * 7 + 3] = family.flags;
        writeU24(value, i * 7 + 4, family.staleTimeSeconds);
      });
      return { code: Code.LongLivedGracefulRestart, value };
    }
    case 'fqdn': {
      const host = utf8Encoder.encode(capability.hostname).subarray(0, 255);
      const domain = utf8Encoder.encode(capability.domainName).subarray(0, 255);
      const value = new Uint8Array(2 + host.length + domain.length);
      value[0] = host.length;
      value.set(host, 1);
      value[1 + host.length] = domain.length;
      value.set(domain, 2 + host.length);
      return { code: Code.Fqdn, value };
    }
    case 'unknown':
      return { code: capability.code, value: capability.value };
  }
}

/** BIRD-like one-word names for logs and the API (`show protocols all` "Neighbor caps"). */
export function formatCapability(capability: Capability): string {
  switch (capability.kind) {
    case 'multiprotocol':
      return `MP(${capability.afi}/${capability.safi})`;
    case 'graceful-restart':
      return `restart(${capability.restartTimeSeconds}s${capability.restarting ? ' R' : ''}${capability.notification ? ' N' : ''})`;
    case 'four-octet-as':
      return `AS4(${capability.asn})`;
    case 'add-path':
      return `add-path(${capability.families.map((f) => `${f.afi}/${f.safi}:${f.sendReceive}`).join(',')})`;
    case 'fqdn':
      return `hostname(${capability.hostname}${capability.domainName ? '.' + capability.domainName : ''})`;
    case 'unknown':
      return `cap-${capability.code}`;
    default:
      return capability.kind;
  }
}
