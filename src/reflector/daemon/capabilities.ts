/**
 * The capabilities the reflector offers on a session: those Calico's BIRD 1.6 negotiates with
 * `add paths on; graceful restart;` (requirements §4, "Capabilities offered by a BIRD 1.6.8 client"),
 * one family per session as BIRD's `bird`/`bird6` split makes them.
 */
import { AddPathDirection, Safi, type Capability } from '../../bgp/codec/messages.js';
import { afiOf } from '../family.js';
import type { SessionSettings } from './daemon-config.js';

export function reflectorCapabilities(session: SessionSettings): Capability[] {
  const afi = afiOf(session.family);
  const safi = Safi.Unicast;
  return [
    // RFC 4760 §8: the one family this session carries.
    { kind: 'multiprotocol', afi, safi },
    // RFC 2918 and RFC 7313: refresh requests, and BoRR/EoRR framing around re-advertisements.
    { kind: 'route-refresh' },
    { kind: 'enhanced-route-refresh' },
    // RFC 4724 §3: helper and End-of-RIB. The reflector forwards no packets, so F stays 0 (as BIRD
    // 1.6 sends it: "AF preserved none"); R stays 0 because selection is not deferred after a restart.
    {
      kind: 'graceful-restart',
      restarting: false,
      notification: false,
      restartTimeSeconds: Math.min(session.gracefulRestartSeconds, 0xfff),
      families: [{ afi, safi, forwardingPreserved: false }],
    },
    // RFC 6793 §4.1.
    { kind: 'four-octet-as', asn: session.localAs },
    // RFC 7911 §4: send and receive, like Calico's `add paths on`.
    { kind: 'add-path', families: [{ afi, safi, sendReceive: AddPathDirection.Both }] },
  ];
}
