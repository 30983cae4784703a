import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  calicoNodeStatus,
  calicoProtocolName,
  parseCalicoProtocolName,
} from '../../../src/lab/bird/calico-protocol-name.js';
import { parseShowProtocols } from '../../../src/lab/bird/show-protocols.js';

describe('parseCalicoProtocolName', () => {
  test('mesh, node and global names with IPv4 addresses and ports', () => {
    assert.deepEqual(parseCalicoProtocolName('Mesh_10_0_0_1'), {
      kind: 'mesh',
      peerType: 'node-to-node mesh',
      address: '10.0.0.1',
      family: 4,
      port: undefined,
      tail: '10_0_0_1',
    });
    const node = parseCalicoProtocolName('Node_10_192_0_3_port_500');
    assert.equal(node?.peerType, 'node specific');
    assert.equal(node?.address, '10.192.0.3');
    assert.equal(node?.port, 500);
    assert.equal(parseCalicoProtocolName('Global_172_17_8_102')?.peerType, 'global');
  });

  test('IPv6 tails are rebuilt from __ and _', () => {
    const node = parseCalicoProtocolName('Node_fd5f__3_port_500');
    assert.equal(node?.address, 'fd5f::3');
    assert.equal(node?.family, 6);
    assert.equal(node?.port, 500);
    assert.equal(parseCalicoProtocolName('Global_2001__104')?.address, '2001::104');
    assert.equal(
      parseCalicoProtocolName('Node_fd00_10_244_0_586d_4461_e980_a284')?.address,
      'fd00:10:244:0:586d:4461:e980:a284',
    );
  });

  test('local-workload peers have no calicoctl peer type; other names are not Calico peers', () => {
    const workload = parseCalicoProtocolName('Local_Workload_10_65_0_5');
    assert.equal(workload?.kind, 'local-workload');
    assert.equal(workload?.peerType, undefined);
    assert.equal(workload?.address, '10.65.0.5');
    assert.equal(parseCalicoProtocolName('kernel1'), undefined);
    assert.equal(parseCalicoProtocolName('Node_not_an_address')?.address, undefined);
  });

  test('calicoProtocolName encodes what parseCalicoProtocolName decodes', () => {
    assert.equal(calicoProtocolName('mesh', '10.0.0.1'), 'Mesh_10_0_0_1');
    assert.equal(calicoProtocolName('node', 'ac13::57', 50), 'Node_ac13__57_port_50');
    assert.equal(calicoProtocolName('local-workload', '10.65.0.5'), 'Local_Workload_10_65_0_5');
    for (const [kind, address, port] of [
      ['global', '2001::104', undefined],
      ['node', '192.168.1.1', 179],
    ] as const) {
      const parsed = parseCalicoProtocolName(calicoProtocolName(kind, address, port));
      assert.deepEqual([parsed?.kind, parsed?.address, parsed?.port], [kind, address, port]);
    }
  });
});

describe('calicoNodeStatus', () => {
  test('lists Mesh, Node and Global BGP rows the way calicoctl prints them', () => {
    const rows = parseShowProtocols(
      [
        'name     proto    table    state  since       info',
        'static1  Static   master   up     23:30:01    ',
        'Mesh_172_17_8_102 BGP      master   up     23:30:04    Established   ',
        'Node_10_192_0_3_port_500 BGP      master   start  17:45:35    Connect       Socket: Connection refused',
        'Local_Workload_10_65_0_5 BGP      master   up     23:30:04    Established   ',
        '',
      ].join('\n'),
    );
    assert.deepEqual(calicoNodeStatus(rows, 4), [
      {
        peerAddress: '172.17.8.102',
        peerType: 'node-to-node mesh',
        state: 'up',
        since: '23:30:04',
        info: 'Established',
      },
      {
        peerAddress: '10.192.0.3.port.500',
        peerType: 'node specific',
        state: 'start',
        since: '17:45:35',
        info: 'Connect Socket: Connection refused',
      },
    ]);
  });

  test('the IPv6 daemon replaces _ by :', () => {
    const rows = parseShowProtocols('Mesh_fd00__2 BGP      master   up     10:00:00    Established\n');
    assert.equal(calicoNodeStatus(rows, 6)[0]?.peerAddress, 'fd00::2');
  });
});
