import type { Lab } from '../lab.js';

/**
 * Sessions Calico's peering rules give the current resources (from every calico node's intent) that
 * its BIRD does not report as established: one line per node, naming the missing protocols.
 */
export async function unestablishedConfiguredSessions(lab: Lab): Promise<string[]> {
  const intents = lab.calico.intents();
  const lines: string[] = [];
  await Promise.all(
    lab.calicoNodes().map(async (node) => {
      const intent = intents.get(node.name);
      if (!intent) return;
      const families = lab.dualStack ? [intent.ipv4, intent.ipv6] : [intent.ipv4];
      for (const family of families) {
        for (const peer of family.peers) lab.checked.session(family.address ?? node.address, peer.address);
      }
      const expected = families.flatMap((family) => family.peers);
      const seen = new Map((await node.sessions()).map((s) => [s.protocol, s]));
      const missing = expected
        .filter((peer) => seen.get(peer.name)?.state !== 'Established')
        .map((peer) => {
          const session = seen.get(peer.name);
          const who = peer.peerNodeName ? `"${peer.peerNodeName}"` : peer.address;
          return `${peer.name} (${who}): ${session ? `${session.state}${session.info ? ` ${session.info}` : ''}` : 'no such protocol'}`;
        });
      if (missing.length > 0) {
        lines.push(
          `"${node.name}": ${missing.length} of ${expected.length} configured session(s) not established: ${missing.slice(0, 8).join('; ')}${missing.length > 8 ? '; …' : ''}`,
        );
      }
    }),
  );
  return lines.sort();
}

/** How many configured sessions the rules give, for reports. */
export function configuredSessionCount(lab: Lab): number {
  let count = 0;
  for (const intent of lab.calico.intents().values()) {
    count += intent.ipv4.peers.length + (lab.dualStack ? intent.ipv6.peers.length : 0);
  }
  return count;
}
