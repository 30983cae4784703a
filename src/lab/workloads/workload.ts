import { createHash } from 'node:crypto';
import { ipBatchScript } from '../network/ip-batch.js';

/** A workload as Calico's CNI plugin wires it: its own network namespace behind a `cali…` veth. */
export interface Workload {
  /** `<node>/<name>`, as steps name it. */
  readonly id: string;
  readonly node: string;
  readonly name: string;
  readonly ipv4: string;
  /** In a dual-stack lab, from the node's IPv6 block. */
  readonly ipv6: string | undefined;
  /** Network namespace name inside the node's container. */
  readonly netns: string;
  /** Host end of the veth: `cali` + 11 hex digits, as Calico derives it from the workload's identity. */
  readonly hostInterface: string;
}

const NORMAL_ROUTE_PRIORITY = 1024;

/** The link-local address of a host veth end whose MAC is ee:ee:ee:ee:ee:ee (EUI-64). */
const CALICO_HOST_LINK_LOCAL = 'fe80::ecee:eeff:feee:eeee';

export function makeWorkload(node: string, name: string, ipv4: string, ipv6?: string): Workload {
  const digest = createHash('sha1').update(`${node}.${name}`).digest('hex');
  return {
    id: `${node}/${name}`,
    node,
    name,
    ipv4,
    ipv6,
    netns: `wl-${name.replace(/[^a-zA-Z0-9_.-]/g, '_')}`,
    hostInterface: `cali${digest.slice(0, 11)}`,
  };
}

/**
 * Shell that wires workloads in the node's container the way Calico's CNI plugin does: a namespace,
 * a veth pair (`cali…` on the host, `eth0` inside), the workload's /32 address, a default route via
 * 169.254.1.1 (answered by proxy ARP on the host end), and a /32 host route to the veth; for IPv6 the
 * /128 address, a default route via the host end's link-local address (Calico gives the host end the
 * MAC ee:ee:ee:ee:ee:ee, so that address is fe80::ecee:eeff:feee:eeee) and a /128 host route.
 * Idempotent, so the entrypoint can replay it after a restart.
 */
export function wiringScript(workloads: readonly Workload[]): string {
  if (workloads.length === 0) return 'set -e\n';
  // Node-side `ip` work for every workload goes to three `ip -batch` processes and each namespace's
  // to one (two with IPv6, whose DAD switch is written from inside the namespace): hundreds of nodes
  // run this at once while they start, and each fork is CPU they compete for. A batch line takes no
  // options such as -6: `ip` reads the family from the addresses.
  const replayed = workloads.flatMap((w) => [`netns del ${w.netns}`, `link del ${w.hostInterface}`]);
  const created = workloads.flatMap((w) => [
    `netns add ${w.netns}`,
    `link add ${w.hostInterface} address ee:ee:ee:ee:ee:ee type veth peer name eth0 netns ${w.netns}`,
  ]);
  const tuned = workloads.flatMap((w) => [
    `echo 1 > /proc/sys/net/ipv4/conf/${w.hostInterface}/proxy_arp`,
    // As Calico's CNI plugin does: the kernel otherwise holds each proxy ARP reply back by up to 0.8 s
    // (neigh proxy_delay), long enough for a workload's first pings to time out.
    `echo 0 > /proc/sys/net/ipv4/neigh/${w.hostInterface}/proxy_delay`,
    `echo 0 > /proc/sys/net/ipv4/conf/${w.hostInterface}/rp_filter`,
    // No duplicate address detection: the workload's routes must work the moment it is wired.
    ...(w.ipv6
      ? [
          `echo 0 > /proc/sys/net/ipv6/conf/${w.hostInterface}/accept_dad 2>/dev/null || true`,
          `ip netns exec ${w.netns} sh -c 'echo 0 > /proc/sys/net/ipv6/conf/eth0/accept_dad' 2>/dev/null || true`,
        ]
      : []),
  ]);
  const routed = workloads.flatMap((w) => [
    `link set ${w.hostInterface} up`,
    // Felix's normal route priority (BGPConfiguration ipv4NormalRoutePriority, 1024): Calico's export
    // filter advertises the node's block, not the workload /32s inside it, unless they carry a
    // lower (elevated) metric.
    `route replace ${w.ipv4}/32 dev ${w.hostInterface} scope link metric ${NORMAL_ROUTE_PRIORITY}`,
    ...(w.ipv6 ? [`route replace ${w.ipv6}/128 dev ${w.hostInterface} metric ${NORMAL_ROUTE_PRIORITY}`] : []),
  ]);
  const inside = workloads.flatMap((w) =>
    ipBatchScript(`ip -n ${w.netns} -batch -`, [
      'link set lo up',
      'link set eth0 up',
      `addr add ${w.ipv4}/32 dev eth0`,
      'route add 169.254.1.1 dev eth0 scope link',
      'route add default via 169.254.1.1 dev eth0',
      ...(w.ipv6
        ? [
            `addr add ${w.ipv6}/128 dev eth0 nodad`,
            `route add default via ${CALICO_HOST_LINK_LOCAL} dev eth0`,
          ]
        : []),
    ]),
  );
  return [
    'set -e',
    // A replay after a restart starts from nothing; on a first start there is nothing to delete.
    ...ipBatchScript('ip -force -batch -', replayed, ' 2>/dev/null || true'),
    ...ipBatchScript('ip -batch -', created),
    ...tuned,
    ...ipBatchScript('ip -batch -', routed),
    ...inside,
    '',
  ].join('\n');
}
