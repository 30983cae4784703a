/**
 * The peer table as `calicoctl node status` prints it (one table per family, BIRD's state words):
 *
 *   IPv4 BGP status
 *   +--------------+---------------+-------+------------+-------------+
 *   | PEER ADDRESS |   PEER TYPE   | STATE |   SINCE    |    INFO     |
 *   +--------------+---------------+-------+------------+-------------+
 *   | 172.18.0.3   | node specific | up    | 09:12:44   | Established |
 *   +--------------+---------------+-------+------------+-------------+
 */
import type { PeerView, StatusView } from './views.js';

const HEADER = ['PEER ADDRESS', 'PEER TYPE', 'STATE', 'SINCE', 'INFO'];

function centre(text: string, width: number): string {
  const left = Math.floor((width - text.length) / 2);
  return ' '.repeat(left) + text + ' '.repeat(width - text.length - left);
}

/** BIRD's `since`: the time of day for today's changes, the date for older ones. */
function since(iso: string, now: Date): string {
  const at = new Date(iso);
  const sameDay = at.toISOString().slice(0, 10) === now.toISOString().slice(0, 10);
  return sameDay ? at.toISOString().slice(11, 19) : at.toISOString().slice(0, 10);
}

function table(peers: readonly PeerView[], now: Date): string {
  const rows = peers.map((peer) => [
    peer.address,
    peer.peerType ?? 'global',
    peer.protocolState,
    since(peer.since, now),
    peer.state === 'Established' || peer.lastError === '' ? peer.state : `${peer.state} ${peer.lastError}`,
  ]);
  const widths = HEADER.map(
    (title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)) + 2,
  );
  const rule = '+' + widths.map((w) => '-'.repeat(w)).join('+') + '+';
  const line = (cells: readonly string[], centred: boolean): string =>
    '|' +
    cells
      .map((cell, i) => (centred ? centre(cell, widths[i] ?? 0) : ` ${cell.padEnd((widths[i] ?? 2) - 2)} `))
      .join('|') +
    '|';
  return [rule, line(HEADER, true), rule, ...rows.map((row) => line(row, false)), rule].join('\n') + '\n';
}

export function formatNodeStatus(status: StatusView, peers: readonly PeerView[], now = new Date()): string {
  const out: string[] = [
    `Calico process is running (rrlab TypeScript route reflector, node ${status.node}, router ID ${status.routerId}, cluster ID ${status.clusterId}).`,
    '',
  ];
  for (const [family, title] of [
    ['ipv4', 'IPv4'],
    ['ipv6', 'IPv6'],
  ] as const) {
    const ofFamily = peers.filter((peer) => peer.family === family);
    out.push(`${title} BGP status`);
    out.push(ofFamily.length === 0 ? `No ${title} peers found.\n` : table(ofFamily, now));
  }
  return out.join('\n');
}
