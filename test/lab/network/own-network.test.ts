import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { ContainerRuntime } from '../../../src/lab/runtime/container-runtime.js';
import { failedBatchLines, IpBatcher, ipInNamespace } from '../../../src/lab/network/ip-batch.js';
import { OwnLabNetwork, ownLinks, portMac } from '../../../src/lab/network/own-network.js';

describe('one `ip -batch` for many nodes', () => {
  test("ip's failure report is read per input line, with the message printed before it", () => {
    const stderr =
      'Cannot find device "nosuch"\nCommand failed -:7\nRTNETLINK answers: File exists\nCommand failed -:9\n';
    assert.deepEqual(
      failedBatchLines(stderr),
      new Map([
        [7, 'Cannot find device "nosuch"'],
        [9, 'RTNETLINK answers: File exists'],
      ]),
    );
  });

  // A stand-in for ip: fails each line that says "bad", and records how many batches it was run for.
  const fakeIp = [
    process.execPath,
    '-e',
    `let input = ''; process.stdin.on('data', (c) => (input += c)).on('end', () => {
       require('fs').appendFileSync(process.env.BATCH_LOG, 'batch\\n');
       input.trim().split('\\n').forEach((line, i) => {
         if (line.includes('bad')) process.stderr.write('no such thing\\nCommand failed -:' + (i + 1) + '\\n');
       });
       setTimeout(() => process.exit(0), 100);
     });`,
    '--',
  ];

  test('groups queued while a batch runs share the next one, and each fails on its own', async () => {
    const log = `/tmp/rrlab-batch-${randomBytes(3).toString('hex')}`;
    process.env.BATCH_LOG = log;
    const batcher = new IpBatcher(fakeIp);
    const results = await Promise.allSettled([
      batcher.run(['link add a']),
      batcher.run(['link add b', 'link set bad up']),
      batcher.run(['link add c']),
      batcher.run(['link add d']),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled', 'fulfilled'],
    );
    assert.match(String((results[1] as PromiseRejectedResult).reason), /`ip link set bad up`: no such thing/);
    const batches = spawnSync('wc', ['-l', log], { encoding: 'utf8' }).stdout.trim().split(' ')[0];
    assert.equal(batches, '2', 'the first group ran alone; the three queued behind it ran as one batch');
    spawnSync('rm', ['-f', log]);
  });
});

const asRoot = process.getuid?.() === 0 && spawnSync('ip', ['-V']).status === 0;

test("a port's MAC is locally administered and carries its node's IPv4 address", () => {
  assert.equal(portMac('10.200.0.2'), '02:72:0a:c8:00:02');
  assert.equal(portMac('172.31.255.254'), '02:72:ac:1f:ff:fe');
  assert.throws(() => portMac('fd00::2'), /needs an IPv4 address, not "fd00::2"/);
});

describe(
  'the lab wiring its own network (as root: real links and namespaces)',
  { skip: !asRoot && 'needs root' },
  () => {
    test('each node gets a port in its own namespace, addressed as its script says; removal takes every port', async () => {
      const engine = { listNetworks: async () => [] } as unknown as ContainerRuntime;
      const runId = `test-${randomBytes(3).toString('hex')}`;
      const labId = randomBytes(4).toString('hex');
      const network = await OwnLabNetwork.create(runId, labId, engine);
      const holders = [1, 2].map(() => spawn('unshare', ['-n', 'sleep', '30']));
      try {
        assert.deepEqual(await ownLinks({ runId }), [network.name]);
        await new Promise((r) => setTimeout(r, 300));
        const nodes = ['a', 'b'].map((name) => ({
          name,
          address: network.addressOf(name),
          address6: undefined,
        }));
        await Promise.all(
          nodes.map(async (node, i) => {
            const pid = holders[i]!.pid!;
            await network.attached(node, { ref: { id: node.name }, pid: async () => pid });
            const script = network.containerFiles(node)['network.sh']!;
            const commands = /<<'EOF'\n([\s\S]*?)\nEOF/.exec(script)![1]!.split('\n');
            await ipInNamespace(pid, commands);
          }),
        );
        // `ip` in a holder's namespace (not /sys: `nsenter -n` keeps the host's sysfs).
        const ipIn = (holder: number, ...args: string[]) =>
          spawnSync('nsenter', ['-t', String(holders[holder]!.pid), '-n', 'ip', ...args], {
            encoding: 'utf8',
          });
        const shown = ipIn(1, '-o', 'addr', 'show', 'eth0').stdout;
        assert.match(shown, new RegExp(`inet ${nodes[1]!.address.replace(/\./g, '\\.')}/22`));
        const route = ipIn(1, 'route', 'show', 'default').stdout;
        assert.match(route, new RegExp(`default via ${network.gateway.replace(/\./g, '\\.')} dev eth0`));
        const ownMac = ipIn(0, '-o', 'link', 'show', 'eth0').stdout.match(/link\/ether (\S+)/)?.[1];
        assert.equal(ownMac, portMac(nodes[0]!.address), "a port's MAC follows from its address");
        const neighbours = ipIn(1, 'neigh', 'show', 'dev', 'eth0').stdout;
        assert.match(
          neighbours,
          new RegExp(
            `^${nodes[0]!.address.replace(/\./g, '\\.')} lladdr ${ownMac} (STALE|DELAY|PROBE|REACHABLE)`,
            'm',
          ),
          'each node starts knowing the MAC of every other node, without an ARP broadcast',
        );
        await network.remove();
        assert.deepEqual(await ownLinks({ runId }), []);
        const left = ipIn(0, '-o', 'link', 'show', 'eth0');
        assert.notEqual(left.status, 0, 'the port went with the lab link');
      } finally {
        for (const holder of holders) holder.kill();
        await network.remove();
      }
    });
  },
);
