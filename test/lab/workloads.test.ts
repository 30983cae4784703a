import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeWorkload, wiringScript } from '../../src/lab/workloads/workload.js';
import { parseProbeOutput, probeScript } from '../../src/lab/workloads/reachability.js';
import { ContinuousPing } from '../../src/lab/workloads/continuous-ping.js';

describe("workloads wired as Calico's CNI plugin wires them", () => {
  const w = makeWorkload('node-1', 'w1', '192.168.0.5', 'fd80::5');
  test('the host end is cali + 11 hex digits', () => assert.match(w.hostInterface, /^cali[0-9a-f]{11}$/));
  test('the script gives a /32, a default via 169.254.1.1, proxy ARP without delay and a host route at the normal priority', () => {
    const script = wiringScript([w]);
    const inside = /ip -n wl-w1 -batch - <<'EOF'\n([^]*?)\nEOF/.exec(script)?.[1] ?? '';
    assert.match(inside, /^addr add 192\.168\.0\.5\/32 dev eth0$/m);
    assert.match(inside, /^route add default via 169\.254\.1\.1 dev eth0$/m);
    assert.match(inside, /^route add default via fe80::ecee:eeff:feee:eeee dev eth0$/m);
    assert.match(script, new RegExp(`^echo 1 > /proc/sys/net/ipv4/conf/${w.hostInterface}/proxy_arp$`, 'm'));
    assert.match(
      script,
      new RegExp(`^echo 0 > /proc/sys/net/ipv4/neigh/${w.hostInterface}/proxy_delay$`, 'm'),
    );
    assert.match(
      script,
      new RegExp(`^route replace 192\\.168\\.0\\.5/32 dev ${w.hostInterface} scope link metric 1024$`, 'm'),
    );
  });
  test('many workloads cost three node-side `ip` processes and one per namespace, not one per command', () => {
    const workloads = [1, 2, 3].map((i) => makeWorkload('node-1', `w${i}`, `192.168.0.${i}`));
    const script = wiringScript(workloads);
    const ips = script.split('\n').filter((line) => /^ip /.test(line));
    assert.equal(ips.length, 3 + workloads.length);
    assert.equal(ips.filter((line) => line.startsWith('ip -n ')).length, workloads.length);
  });
});

describe('reachability probes', () => {
  const a = makeWorkload('n1', 'w1', '192.168.0.0');
  const b = makeWorkload('n2', 'w1', '192.168.0.64');
  test('one fping per source workload, all targets at once', () => {
    const script = probeScript(new Map([[a, ['192.168.0.64', '192.168.0.65']]]), 1000);
    assert.equal((script.match(/fping/g) ?? []).length, 1);
    assert.match(script, /fping -4 -q -c 1 -r 0 -i 1 -t 1000 192\.168\.0\.64 192\.168\.0\.65/);
  });
  test('fping summaries become per-pair results', () => {
    const output = [
      '@@ n1/w1',
      '192.168.0.64 : xmt/rcv/%loss = 1/1/0%, min/avg/max = 0.1/0.1/0.1',
      '192.168.0.65 : xmt/rcv/%loss = 1/0/100%',
    ].join('\n');
    const results = parseProbeOutput(output, new Map([['192.168.0.64', b]]));
    assert.deepEqual(results, [
      { from: 'n1/w1', to: 'n2/w1', reachable: true },
      { from: 'n1/w1', to: '192.168.0.65', reachable: false },
    ]);
  });
});

describe('continuous ping verdict', () => {
  test('the longest run of unanswered sequence numbers counts', () => {
    const lines = [1, 2].map((s) => `64 bytes from x: icmp_seq=${s} ttl=63 time=0.1 ms`);
    lines.push('no answer yet for icmp_seq=3', 'no answer yet for icmp_seq=4');
    lines.push('64 bytes from x: icmp_seq=5 ttl=63 time=0.1 ms', 'no answer yet for icmp_seq=6');
    assert.deepEqual(ContinuousPing.verdict(lines.join('\n')), {
      maxConsecutiveLost: 2,
      sent: 6,
      received: 3,
    });
  });
});
