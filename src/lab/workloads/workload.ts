import { createHash } from 'node:crypto';

/** A workload as Calico's CNI plugin wires it: its own network namespace behind a `cali…` veth. */
export interface Workload {
  /** `<node>/<name>`, as steps name it. */
  readonly id: string;
  readonly node: string;
  readonly name: string;
  readonly ipv4: string;
  /** Network namespace name inside the node's container. */
  readonly netns: string;
  /** Host end of the veth: `cali` + 11 hex digits, as Calico derives it from the workload's identity. */
  readonly hostInterface: string;
}

export function makeWorkload(node: string, name: string, ipv4: string): Workload {
  const digest = createHash('sha1').update(`${node}.${name}`).digest('hex');
  return {
    id: `${node}/${name}`,
    node,
    name,
    ipv4,
    netns: `wl-${name.replace(/[^a-zA-Z0-9_.-]/g, '_')}`,
    hostInterface: `cali${digest.slice(0, 11)}`,
  };
}

/**
 * Shell that wires workloads in the node's container the way Calico's CNI plugin does: a namespace,
 * a veth pair (`cali…` on the host, `eth0` inside), the workload's /32 address, a default route via
 * 169.254.1.1 (answered by proxy ARP on the host end), and a /32 host route to the veth. Idempotent,
 * so the entrypoint can replay it after a restart.
 */
export function wiringScript(workloads: readonly Workload[]): string {
  const lines = ['set -e'];
  for (const w of workloads) {
    lines.push(
      `ip netns del ${w.netns} 2>/dev/null || true`,
      `ip link del ${w.hostInterface} 2>/dev/null || true`,
      `ip netns add ${w.netns}`,
      `ip link add ${w.hostInterface} type veth peer name eth0 netns ${w.netns}`,
      `echo 1 > /proc/sys/net/ipv4/conf/${w.hostInterface}/proxy_arp`,
      `echo 0 > /proc/sys/net/ipv4/conf/${w.hostInterface}/rp_filter`,
      `ip link set ${w.hostInterface} up`,
      `ip -n ${w.netns} link set lo up`,
      `ip -n ${w.netns} link set eth0 up`,
      `ip -n ${w.netns} addr add ${w.ipv4}/32 dev eth0`,
      `ip -n ${w.netns} route add 169.254.1.1 dev eth0 scope link`,
      `ip -n ${w.netns} route add default via 169.254.1.1 dev eth0`,
      `ip route replace ${w.ipv4}/32 dev ${w.hostInterface} scope link`,
    );
  }
  return `${lines.join('\n')}\n`;
}
