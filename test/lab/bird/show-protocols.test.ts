import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseShowProtocols } from '../../../src/lab/bird/show-protocols.js';
import { parseBgpInfo } from '../../../src/lab/bird/bgp-status.js';
import { loadSamples, samplesTitled } from './samples.js';

const bird16 = loadSamples('bird16-samples.txt');
const bird2 = loadSamples('bird2-samples.txt');
const missing = 'shared BIRD samples not found in /work/shared/reference/bird-samples';

describe('parseShowProtocols on the BIRD 1.6.8 samples', { skip: bird16 ? false : missing }, () => {
  test('reads every row of the plain birdc output, overflowing names included', () => {
    const [sample] = samplesTitled(bird16 ?? [], '1.6 show protocols');
    const rows = parseShowProtocols(sample?.text ?? '');
    assert.deepEqual(
      rows.map((row) => [row.name, row.proto, row.table, row.state, row.since, row.info]),
      [
        ['device1', 'Device', 'master', 'up', '13:48:16', ''],
        ['s1', 'Static', 'master', 'up', '13:48:16', ''],
        ['kernel1', 'Kernel', 'master', 'up', '13:48:16', ''],
        ['Node_127_0_0_1', 'BGP', 'master', 'up', '13:48:17', 'Established'],
      ],
    );
    assert.deepEqual(rows[3]?.bgp, { state: 'Established', error: undefined });
    assert.equal(rows[0]?.bgp, undefined);
  });

  test('reads the same rows from the coded reply, heading code 2002 and rows 1002', () => {
    const [sample] = samplesTitled(bird16 ?? [], '1.6 -v show protocols');
    assert.ok(sample?.reply);
    assert.equal(sample.reply.lines[0]?.code, 2002);
    assert.deepEqual(
      sample.reply.lines.slice(1, 5).map((line) => line.code),
      [1002, 1002, 1002, 1002],
    );
    const rows = parseShowProtocols(sample.reply);
    assert.deepEqual(
      rows.map((row) => row.name),
      ['device1', 's1', 'kernel1', 'Node_127_0_0_1'],
    );
  });

  test('skips the detail block of show protocols all', () => {
    const [sample] = samplesTitled(bird16 ?? [], '1.6 show protocols all');
    const rows = parseShowProtocols(sample?.text ?? '');
    assert.deepEqual(
      rows.map((row) => [row.name, row.bgp?.state]),
      [['Node_127_0_0_1', 'Established']],
    );
  });
});

describe('parseShowProtocols on the BIRD 2.0.12 samples', { skip: bird2 ? false : missing }, () => {
  test('accepts the capitalised heading and --- tables', () => {
    const [sample] = samplesTitled(bird2 ?? [], 'c3 -v show protocols');
    assert.ok(sample?.reply);
    const rows = parseShowProtocols(sample.reply);
    assert.deepEqual(
      rows.map((row) => [row.name, row.proto, row.table, row.state, row.since, row.bgp?.state]),
      [
        ['device1', 'Device', '---', 'up', '13:47:42.288', undefined],
        ['s1', 'Static', 'master4', 'up', '13:47:42.288', undefined],
        ['rr1', 'BGP', '---', 'up', '13:47:58.151', 'Established'],
      ],
    );
  });

  test('splits a session error into state, class and message', () => {
    const [sample] = samplesTitled(bird2 ?? [], 'rr after SIGKILL of GR-capable 1.6 client c4');
    const [row] = parseShowProtocols(sample?.text ?? '');
    assert.equal(row?.name, 'c4');
    assert.equal(row?.state, 'start');
    assert.deepEqual(row?.bgp, {
      state: 'Passive',
      error: { class: 'socket', message: 'Connection closed', text: 'Socket: Connection closed' },
    });
  });
});

describe('parseShowProtocols on hand-written rows', () => {
  test('a down BGP protocol shows only its error; a padded state carries a NOTIFICATION', () => {
    const rows = parseShowProtocols(
      [
        'name     proto    table    state  since       info',
        'Mesh_10_0_0_2 BGP      master   down   2024-05-01  Error: Neighbor lost',
        'Global_10_0_0_9 BGP      master   start  10:00:00    Active        Received: Hold timer expired',
        'Node_10_0_0_3 BGP      master   start  10:00:00    Idle          BGP Error: Bad peer AS',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      rows.map((row) => row.bgp),
      [
        {
          state: undefined,
          error: { class: 'misc', message: 'Neighbor lost', text: 'Error: Neighbor lost' },
        },
        {
          state: 'Active',
          error: {
            class: 'notification-received',
            message: 'Hold timer expired',
            text: 'Received: Hold timer expired',
          },
        },
        {
          state: 'Idle',
          error: { class: 'notification-sent', message: 'Bad peer AS', text: 'BGP Error: Bad peer AS' },
        },
      ],
    );
  });

  test('a line without the five leading columns is an error, not a silent skip', () => {
    assert.throws(
      () => parseShowProtocols('name proto table state since info\ngarbage line\n'),
      /garbage line/,
    );
  });

  test('parseBgpInfo keeps unknown text as an `other` error', () => {
    assert.deepEqual(parseBgpInfo('Automatic shutdown: Route limit exceeded'), {
      state: undefined,
      error: {
        class: 'automatic-shutdown',
        message: 'Route limit exceeded',
        text: 'Automatic shutdown: Route limit exceeded',
      },
    });
    assert.deepEqual(parseBgpInfo('Connect       Something else'), {
      state: 'Connect',
      error: { class: 'other', message: 'Something else', text: 'Something else' },
    });
  });
});
