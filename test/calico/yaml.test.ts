import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CalicoYamlError, findFieldLine, goString, loadCalicoYaml } from '../../src/calico/yaml.js';

describe('loadCalicoYaml: documents as calicoctl apply -f reads them', () => {
  test('several documents get consecutive indexes, start lines and names', () => {
    const docs = loadCalicoYaml(
      [
        'apiVersion: projectcalico.org/v3',
        'kind: Node',
        'metadata:',
        '  name: node-1',
        '---',
        '# a comment-only document is skipped',
        '---',
        'apiVersion: projectcalico.org/v3',
        'kind: BGPPeer',
        'metadata:',
        '  name: peer-1',
        'spec:',
        '  peerIP: 10.0.0.1',
      ].join('\n'),
      'peers.yaml',
    );
    assert.deepEqual(
      docs.map((d) => [d.index, d.line, d.kind, d.name, d.source]),
      [
        [0, 1, 'Node', 'node-1', 'peers.yaml'],
        [1, 8, 'BGPPeer', 'peer-1', 'peers.yaml'],
      ],
    );
    assert.equal(docs[1]?.apiVersion, 'projectcalico.org/v3');
    assert.deepEqual(docs[1]?.object.spec, { peerIP: '10.0.0.1' });
  });

  test('kind: List expands its items into separate documents with their own lines', () => {
    const docs = loadCalicoYaml(
      [
        'apiVersion: v1',
        'kind: List',
        'items:',
        '- apiVersion: projectcalico.org/v3',
        '  kind: Node',
        '  metadata: {name: a}',
        '- apiVersion: projectcalico.org/v3',
        '  kind: Node',
        '  metadata: {name: b}',
        '---',
        'apiVersion: projectcalico.org/v3',
        'kind: IPPool',
        'metadata: {name: pool}',
      ].join('\n'),
    );
    assert.deepEqual(
      docs.map((d) => [d.index, d.line, d.kind, d.name]),
      [
        [0, 4, 'Node', 'a'],
        [1, 7, 'Node', 'b'],
        [2, 11, 'IPPool', 'pool'],
      ],
    );
    assert.equal(docs[0]?.source, undefined);
  });

  test('typed lists (kind: BGPPeerList) expand too', () => {
    const docs = loadCalicoYaml('kind: BGPPeerList\nitems:\n- {kind: BGPPeer, metadata: {name: x}}\n');
    assert.deepEqual(
      docs.map((d) => d.name),
      ['x'],
    );
  });

  test('go-yaml v2: YAML 1.1 booleans become "true"/"false" in label values (golden next_hop_mode/route_reflectors)', () => {
    const [doc] = loadCalicoYaml(
      'kind: Node\nmetadata:\n  name: n\n  labels:\n    route-reflector: yes\n    a: off\n    b: Y\n    c: 12\n    d: 1.10\n    e: "yes"\n    f:\n',
    );
    assert.deepEqual((doc?.object.metadata as { labels: unknown }).labels, {
      'route-reflector': 'true',
      a: 'false',
      b: 'true',
      c: '12',
      d: '1.1',
      e: 'yes',
      f: '',
    });
  });

  test('go-yaml v2: booleans stay booleans in bool-typed fields such as nodeToNodeMeshEnabled', () => {
    const [doc] = loadCalicoYaml(
      'kind: BGPConfiguration\nmetadata: {name: default}\nspec:\n  nodeToNodeMeshEnabled: no\n',
    );
    assert.deepEqual(doc?.object.spec, { nodeToNodeMeshEnabled: false });
  });

  test('go-yaml v2: no sexagesimal integers, `5663:12` stays a string (golden mesh/communities)', () => {
    const [doc] = loadCalicoYaml(
      'kind: BGPConfiguration\nmetadata: {name: default}\nspec:\n  communities:\n  - name: c\n    value: 5663:12\n  asNumber: 64512\n  x: 2001-12-14\n',
    );
    const spec = doc?.object.spec as Record<string, unknown>;
    assert.deepEqual(spec.communities, [{ name: 'c', value: '5663:12' }]);
    assert.equal(spec.asNumber, 64512);
    assert.equal(spec.x, '2001-12-14');
  });

  test('an unquoted `!has(...)` is a YAML tag: the selector reads as empty, with a warning (calico #2385)', () => {
    const [doc] = loadCalicoYaml(
      'kind: BGPPeer\nmetadata: {name: p}\nspec:\n  nodeSelector: !has(route-reflector)\n  peerSelector: "!has(x)"\n',
    );
    const spec = doc?.object.spec as Record<string, unknown>;
    assert.equal(spec.nodeSelector, '');
    assert.equal(spec.peerSelector, '!has(x)');
    assert.equal(doc?.warnings?.length, 1);
    assert.equal(doc?.warnings?.[0]?.line, 4);
    assert.match(doc?.warnings?.[0]?.message ?? '', /!has\(route-reflector\)/);
  });

  test('a syntax error throws CalicoYamlError with the line and the file', () => {
    assert.throws(
      () => loadCalicoYaml('kind: Node\nmetadata:\n  name: [a,\n', 'bad.yaml'),
      (err: unknown) => err instanceof CalicoYamlError && err.source === 'bad.yaml' && err.line !== undefined,
    );
    assert.throws(
      () => loadCalicoYaml('kind: Node\n  - broken: [\n'),
      (err: unknown) => err instanceof CalicoYamlError && typeof err.line === 'number',
    );
  });

  test('a document that is not a mapping is rejected with its line', () => {
    assert.throws(
      () => loadCalicoYaml('kind: Node\n---\n- a\n- b\n'),
      (err: unknown) => err instanceof CalicoYamlError && err.line === 3,
    );
  });

  test('findFieldLine points at a field inside a document or List item', () => {
    const docs = loadCalicoYaml(
      'kind: List\nitems:\n- kind: BGPPeer\n  metadata:\n    name: p\n  spec:\n    node: a\n    filters:\n    - f1\n    - f2\n',
    );
    const [doc] = docs;
    assert.ok(doc);
    assert.equal(findFieldLine(doc, ['spec', 'node']), 7);
    assert.equal(findFieldLine(doc, ['spec', 'filters', 1]), 10);
    assert.equal(findFieldLine(doc, ['spec', 'missing']), undefined);
    assert.equal(findFieldLine({ ...doc }, ['spec', 'node']), undefined);
  });

  test('goString prints scalars as sigs.k8s.io/yaml does for string fields', () => {
    assert.equal(goString(true), 'true');
    assert.equal(goString(64512), '64512');
    assert.equal(goString(0.5), '0.5');
    assert.equal(goString(1234567.5), '1.2345675e+06');
    assert.equal(goString(0.00001), '1e-05');
  });
});
