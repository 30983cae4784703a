/** Address shapes Calico's validator accepts, with Go's `net` parsing rules. */
import { parseCidr, type IpFamily } from '../../net/index.js';
import { parseIp } from '../values.js';

/** cnet.ParseCIDROrIP: a CIDR, or a bare address taken as a full-length prefix. */
export function cidrOrIpFamily(text: string): IpFamily | undefined {
  if (text.includes('/')) return parseCidr(text)?.family;
  return parseIp(text)?.family;
}

export interface PeerAddress {
  ip: string;
  /** 0 when no port was written. */
  port: number;
}

const IPV4_WITH_PORT = /^(\d+).(\d+).(\d+).(\d+):(\d+)$/;
const IPV6_WITH_PORT = /^\[[0-9a-fA-F:.]+\]:(\d+)$/;

/**
 * `BGPPeer.peerIP` as libcalico-go's `processIPPort` reads it: `<IP>`, `<IPv4>:<port>` or
 * `[<IPv6>]:<port>`, port 1..65535. Returns undefined for anything else (`:0`, `:65536`,
 * `192.168.0.0:`, `[9000::]:`, `:8552`, `[]:8552`, `[192.168.0.0]:98956`).
 */
export function parsePeerIp(text: string): PeerAddress | undefined {
  if (text === '') return undefined;
  let host = text;
  let port = 0;
  if (IPV4_WITH_PORT.test(text) || IPV6_WITH_PORT.test(text)) {
    const colon = text.lastIndexOf(':');
    host = text.slice(0, colon);
    if (host.startsWith('[')) host = host.slice(1, -1);
    const portText = text.slice(colon + 1);
    port = Number(portText);
    if (!/^[0-9]+$/.test(portText) || port < 1 || port > 65535) return undefined;
  }
  return parseIp(host) ? { ip: host, port } : undefined;
}
