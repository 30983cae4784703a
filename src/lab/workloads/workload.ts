import { createHash } from 'node:crypto';

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
  const lines = ['set -e'];
  for (const w of workloads) {
    lines.push(
      `ip netns del ${w.netns} 2>/dev/null || true`,
      `ip link del ${w.hostInterface} 2>/dev/null || true`,
      `ip netns add ${w.netns}`,
      `ip link add ${w.hostInterface} address ee:ee:ee:ee:ee:ee type veth peer name eth0 netns ${w.netns}`,
      `echo 1 > /proc/sys/net/ipv4/conf/${w.hostInterface}/proxy_arp`,
      `echo 0 > /proc/sys/net/ipv4/conf/${w.hostInterface}/rp_filter`,
      `ip link set ${w.hostInterface} up`,
      `ip -n ${w.netns} link set lo up`,
      `ip -n ${w.netns} link set eth0 up`,
      `ip -n ${w.netns} addr add ${w.ipv4}/32 dev eth0`,
      `ip -n ${w.netns} route add 169.254.1.1 dev eth0 scope link`,
      `ip -n ${w.netns} route add default via 169.254.1.1 dev eth0`,
      // Felix's normal route priority (BGPConfiguration ipv4NormalRoutePriority, 1024): Calico's export
      // filter advertises the node's block, not the workload /32s inside it, unless they carry a
      // lower (elevated) metric.
      `ip route replace ${w.ipv4}/32 dev ${w.hostInterface} scope link metric ${NORMAL_ROUTE_PRIORITY}`,
    );
    if (w.ipv6) {
      lines.push(
        // No duplicate address detection: the workload's routes must work the moment it is wired.
        `echo 0 > /proc/sys/net/ipv6/conf/${w.hostInterface}/accept_dad 2>/dev/null || true`,
        `ip netns exec ${w.netns} sh -c 'echo 0 > /proc/sys/net/ipv6/conf/eth0/accept_dad' 2>/dev/null || true`,
        `ip -n ${w.netns} -6 addr add ${w.ipv6}/128 dev eth0 nodad`,
        `ip -n ${w.netns} -6 route add default via ${CALICO_HOST_LINK_LOCAL} dev eth0`,
        `ip -6 route replace ${w.ipv6}/128 dev ${w.hostInterface} metric ${NORMAL_ROUTE_PRIORITY}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
