import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadCalicoYaml } from '../../../src/calico/yaml.js';
import {
  assertValidDocuments,
  documentWarnings,
  parsePeerIp,
  validateDocuments,
  ValidationError,
  CALICO_API_VERSION,
  SUPPORTED_KINDS,
  type ExistingIPPool,
} from '../../../src/calico/validation/index.js';
import { locateFixtures } from '../confd-fixtures.js';

const HEADER = 'apiVersion: projectcalico.org/v3';

function resource(kind: string, name: string, spec: string): string {
  const body = spec
    .trim()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
  return `${HEADER}\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n${body}\n`;
}

/** The Calico part of each issue (after "document N (...): "). */
function calicoTexts(yaml: string, existingPools?: ExistingIPPool[]): string[] {
  return validateDocuments(loadCalicoYaml(yaml), existingPools).map((issue) =>
    issue.message.replace(/^document \d+ \([^)]*\): /, ''),
  );
}

describe('STEPS.md: a BGPPeer with both node and nodeSelector is rejected', () => {
  const yaml = [
    resource(
      'BGPPeer',
      'peer-with-route-reflectors',
      "nodeSelector: all()\npeerSelector: route-reflector == 'true'",
    ),
    '---',
    resource('BGPPeer', 'bad', "node: node-1\nnodeSelector: all()\npeerSelector: route-reflector == 'true'"),
  ].join('\n');

  test('the error names the document, its file and line, and carries Calico v3.31 text', () => {
    const docs = loadCalicoYaml(yaml, 'peers.yaml');
    assert.throws(
      () => assertValidDocuments(docs),
      (err: unknown) => {
        assert.ok(err instanceof ValidationError);
        assert.match(err.message, /Node field must be empty when NodeSelector is specified/);
        assert.equal(err.issues.length, 1);
        assert.equal(
          err.issues[0]?.message,
          'document 1 (BGPPeer "bad", peers.yaml:15): error with field Node = \'node-1\' (Node field must be empty when NodeSelector is specified)',
        );
        assert.match(
          err.message,
          /^the Calico resources were rejected \(1 of 2 documents invalid\); none were applied:/,
        );
        return true;
      },
    );
  });

  test('validateDocuments reports the issue with its structured parts', () => {
    const [issue] = validateDocuments(loadCalicoYaml(yaml));
    assert.deepEqual(
      issue && {
        index: issue.documentIndex,
        kind: issue.kind,
        name: issue.name,
        field: issue.field,
        value: issue.value,
      },
      { index: 1, kind: 'BGPPeer', name: 'bad', field: 'Node', value: 'node-1' },
    );
    assert.equal(issue?.line, 15);
    assert.equal(issue?.source, undefined);
  });

  test('a valid set yields no issues and assertValidDocuments does not throw', () => {
    const docs = loadCalicoYaml(resource('BGPPeer', 'ok', 'nodeSelector: all()\npeerSelector: has(rr)'));
    assert.deepEqual(validateDocuments(docs), []);
    assert.doesNotThrow(() => assertValidDocuments(docs));
  });
});

describe('kinds, apiVersions and names (calicoctl, libcalico-go validateObjectMeta)', () => {
  test('unknown kind: calicoctl "resource type ... is not supported"', () => {
    assert.deepEqual(calicoTexts(`${HEADER}\nkind: FelixThing\nmetadata: {name: x}\n`), [
      "resource type 'FelixThing' is not supported",
    ]);
  });

  test('wrong apiVersion for a Calico kind', () => {
    assert.deepEqual(calicoTexts('apiVersion: v1\nkind: BGPPeer\nmetadata: {name: x}\n'), [
      "apiVersion 'v1' is not supported for kind BGPPeer; use projectcalico.org/v3",
    ]);
  });

  test('names must be DNS-1123 subdomains of at most 253 characters', () => {
    assert.deepEqual(calicoTexts(resource('BGPPeer', 'Peer_1', 'peerIP: 10.0.0.1\nasNumber: 64512')), [
      "error with field Metadata.Name = 'Peer_1' (name must consist of lower case alphanumeric characters, '-' or '.' (regex: [a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*))",
    ]);
    const long = 'a'.repeat(254);
    assert.deepEqual(calicoTexts(resource('Node', long, 'bgp: {ipv4Address: 10.0.0.1/24}')), [
      `error with field Metadata.Name = '${long}' (name is too long by 1 bytes)`,
    ]);
    assert.deepEqual(calicoTexts(`${HEADER}\nkind: Node\nmetadata: {labels: {a: b}}\n`), [
      "error with field Metadata.Name (insufficient identifiers, missing 'name')",
    ]);
  });

  test('label keys and values follow Kubernetes rules', () => {
    const texts = calicoTexts(
      `${HEADER}\nkind: Node\nmetadata:\n  name: n\n  labels:\n    "bad key!": x\n    ok: "-bad-value"\n`,
    );
    assert.equal(texts.length, 2);
    assert.match(
      texts[0] ?? '',
      /^error with field Metadata\.Labels \(label\) = 'bad key!' \(name part must consist of/,
    );
    assert.match(
      texts[1] ?? '',
      /^error with field Metadata\.Labels \(value\) = '-bad-value' \(a valid label must be an empty string/,
    );
  });
});

describe('Node (libcalico-go validateNodeSpec, NodeBGPSpec tags)', () => {
  test('routeReflectorClusterID must be a dotted IPv4: rejects abcdef and 300.34.3.1, accepts 224.0.0.1', () => {
    for (const bad of ['abcdef', '300.34.3.1', '2001::1']) {
      assert.deepEqual(
        calicoTexts(
          resource('Node', 'rr', `bgp:\n  ipv4Address: 10.0.0.1/24\n  routeReflectorClusterID: "${bad}"`),
        ),
        [
          `error with field RouteReflectorClusterID = '${bad}' (Reason: failed to validate Field: RouteReflectorClusterID because of Tag: ipv4 )`,
        ],
      );
    }
    for (const good of ['245.0.0.1', '224.0.0.1', '255.0.0.1']) {
      assert.deepEqual(calicoTexts(resource('Node', 'rr', `bgp:\n  routeReflectorClusterID: ${good}`)), []);
    }
  });

  test('an empty spec.bgp is rejected with "Spec.BGP should not be empty"', () => {
    assert.deepEqual(calicoTexts(resource('Node', 'n', 'bgp: {}')), [
      "error with field BGP = '{}' (Spec.BGP should not be empty)",
    ]);
  });

  test('addresses must be of their family; AS numbers must parse', () => {
    assert.deepEqual(
      calicoTexts(
        resource('Node', 'n', 'bgp:\n  ipv4Address: fd00::1/64\n  ipv6Address: 10.0.0.1\n  asNumber: abcde'),
      ),
      [
        "error with field ASNumber = 'abcde' (invalid AS Number format)",
        "error with field IPv4Address = 'fd00::1/64' (Reason: failed to validate Field: IPv4Address because of Tag: cidrv4 )",
        "error with field IPv6Address = '10.0.0.1' (Reason: failed to validate Field: IPv6Address because of Tag: cidrv6 )",
      ],
    );
    assert.deepEqual(
      calicoTexts(resource('Node', 'n', 'bgp:\n  ipv4Address: 10.192.0.2/16\n  asNumber: "4294.566"')),
      [],
    );
  });
});

describe('BGPPeer (libcalico-go validateBGPPeerSpec)', () => {
  test('peerIP excludes peerSelector, and asNumber must be empty with peerSelector', () => {
    assert.deepEqual(
      calicoTexts(resource('BGPPeer', 'p', 'peerIP: 10.0.0.1\npeerSelector: has(rr)\nasNumber: 64512')),
      [
        "error with field PeerIP = '10.0.0.1' (PeerIP field must be empty when PeerSelector is specified)",
        "error with field ASNumber = '64512' (ASNumber field must be empty when PeerSelector is specified)",
      ],
    );
  });

  test('peerIP forms and ports 1..65535 (validator tests: :0, :65536, 192.168.0.0:, [9000::]:, :8552, []:8552, [192.168.0.0]:98956)', () => {
    for (const bad of [
      '192.168.0.1:0',
      '192.168.0.1:65536',
      '192.168.0.0:',
      '[9000::]:',
      ':8552',
      '[]:8552',
      '[192.168.0.0]:98956',
      'peer.example',
    ]) {
      assert.deepEqual(calicoTexts(resource('BGPPeer', 'p', `peerIP: "${bad}"\nasNumber: 64512`)), [
        `error with field PeerIP = '${bad}' (Reason: failed to validate Field: PeerIP because of Tag: IP:port )`,
      ]);
    }
    for (const good of ['10.0.0.1', '10.0.0.1:179', '[fd00::1]:65535', 'fd00::1', '192.168.0.1:1']) {
      assert.deepEqual(calicoTexts(resource('BGPPeer', 'p', `peerIP: "${good}"\nasNumber: 64512`)), [], good);
    }
    assert.deepEqual(parsePeerIp('[ac13::57]:50'), { ip: 'ac13::57', port: 50 });
    assert.deepEqual(parsePeerIp('10.192.0.1'), { ip: '10.192.0.1', port: 0 });
  });

  test('reachableBy needs peerIP (Calico\'s "ReachablyBy" typo kept) and the same family', () => {
    assert.deepEqual(
      calicoTexts(
        resource('BGPPeer', 'p', 'nodeSelector: all()\npeerSelector: has(rr)\nreachableBy: 10.0.0.1'),
      ),
      ["error with field ReachableBy = '10.0.0.1' (ReachablyBy field must be empty when PeerIP is empty)"],
    );
    assert.deepEqual(
      calicoTexts(resource('BGPPeer', 'p', 'peerIP: fd00::1\nasNumber: 65515\nreachableBy: 10.224.0.1')),
      ["error with field ReachableBy = '10.224.0.1' (ReachableBy and PeerIP address family mismatched)"],
    );
    assert.deepEqual(
      calicoTexts(resource('BGPPeer', 'p', 'peerIP: 10.225.0.4\nasNumber: 65515\nreachableBy: 10.224.0.1')),
      [],
    );
  });

  test('selectors must parse: tag-shaped Calico reason plus the parser detail', () => {
    assert.deepEqual(
      calicoTexts(
        resource('BGPPeer', 'p', 'nodeSelector: "kubernetes.io/hostname: == \'casey-crc-kadm-node-4\'"'),
      ),
      [
        "error with field NodeSelector = 'kubernetes.io/hostname: == 'casey-crc-kadm-node-4'' (Reason: failed to validate Field: NodeSelector because of Tag: selector ) [selector parser: expected operator after label \"kubernetes.io/hostname\"]",
      ],
    );
  });

  test('keepOriginalNextHop must not be combined with nextHopMode; enums are checked', () => {
    assert.deepEqual(
      calicoTexts(
        resource(
          'BGPPeer',
          'p',
          'peerIP: 10.0.0.1\nasNumber: 65515\nkeepOriginalNextHop: true\nnextHopMode: Keep',
        ),
      ),
      [
        "error with field KeepOriginalNextHop = '10.0.0.1' (The KeepOriginalNextHop field is deprecated. It must not be set to true when NextHopMode is configured.)",
      ],
    );
    assert.deepEqual(
      calicoTexts(resource('BGPPeer', 'p', 'peerIP: 10.0.0.1\nasNumber: 65515\nnextHopMode: keep')),
      [
        'error with field NextHopMode = \'keep\' (Unsupported value: "keep": supported values: "Auto", "Self", "Keep")',
      ],
    );
    assert.deepEqual(
      calicoTexts(resource('BGPPeer', 'p', 'peerIP: 10.0.0.1\nasNumber: 65515\nsourceAddress: NodeIP')),
      [
        "error with field SourceAddress = 'NodeIP' (Reason: failed to validate Field: SourceAddress because of Tag: sourceAddress )",
      ],
    );
  });

  test('localWorkloadSelector needs asNumber and excludes peerIP and peerSelector', () => {
    assert.deepEqual(
      calicoTexts(resource('BGPPeer', 'p', 'localWorkloadSelector: has(bgp)\npeerIP: 10.0.0.1')),
      [
        "error with field ASNumber = '0' (ASNumber field must NOT be empty when LocalWorkloadSelector is specified)",
        "error with field PeerIP = '10.0.0.1' (PeerIP field must be empty when LocalWorkloadSelector is specified)",
      ],
    );
  });
});

describe('BGPConfiguration (clientv3 ValidateDefaultOnlyFields, validateBGPConfigurationSpec)', () => {
  test('default-only fields are refused on node.<name>', () => {
    assert.deepEqual(
      calicoTexts(
        resource(
          'BGPConfiguration',
          'node.node-1',
          'nodeToNodeMeshEnabled: false\nasNumber: 64513\nserviceClusterIPs: [{cidr: 10.96.0.0/12}]\nlistenPort: 178',
        ),
      ),
      [
        'error with field BGPConfiguration.Spec.NodeToNodeMeshEnabled (Cannot set nodeToNodeMeshEnabled on a non default BGP Configuration.)',
        'error with field BGPConfiguration.Spec.ASNumber (Cannot set ASNumber on a non default BGP Configuration.)',
        'error with field BGPConfiguration.Spec.ServiceClusterIPs (Cannot set ServiceClusterIPs on a non default BGP Configuration.)',
      ],
    );
    assert.deepEqual(
      calicoTexts(resource('BGPConfiguration', 'default', 'nodeToNodeMeshEnabled: false\nasNumber: 64513')),
      [],
    );
  });

  test('names other than default and node.<name> are refused (Calico would silently ignore them)', () => {
    assert.deepEqual(calicoTexts(resource('BGPConfiguration', 'global', 'listenPort: 178')), [
      "error with field Metadata.Name = 'global' (BGPConfiguration name must be 'default' or 'node.<node name>'; Calico ignores any other name)",
    ]);
  });

  test('listen port 1..65535 and log severity', () => {
    assert.deepEqual(
      calicoTexts(resource('BGPConfiguration', 'default', 'listenPort: 0\nlogSeverityScreen: Verbose')),
      [
        "error with field ListenPort = '0' (Reason: failed to validate Field: ListenPort because of Tag: gt )",
        "error with field LogSeverityScreen = 'Verbose' (Reason: failed to validate Field: LogSeverityScreen because of Tag: logLevel )",
      ],
    );
    assert.deepEqual(calicoTexts(resource('BGPConfiguration', 'default', 'listenPort: 65536')), [
      "error with field ListenPort = '65536' (port must be an integer in 1..65535)",
    ]);
  });

  test('communities must be used by prefixAdvertisements and be well-formed (golden mesh/communities shape is valid)', () => {
    assert.deepEqual(
      calicoTexts(resource('BGPConfiguration', 'default', 'communities:\n- {name: c1, value: "100:200"}')),
      [
        "error with field Spec.Communities[] = '[{c1 100:200}]' (communities are defined but not used in Spec.PrefixAdvertisement[].)",
      ],
    );
    assert.deepEqual(
      calicoTexts(
        resource(
          'BGPConfiguration',
          'default',
          'communities:\n- {name: c1, value: "100:70000"}\nprefixAdvertisements:\n- {cidr: 192.168.0.0/16, communities: [c1, c2, 5663:12]}',
        ),
      ),
      [
        "error with field Spec.Communities[].Value = '100:70000' (invalid community value or format used.)",
        "error with field Spec.PrefixAdvertisement[].Communities[] = 'c2' (community used is invalid or not defined.)",
      ],
    );
  });

  test('mesh password and restart time need the mesh', () => {
    assert.deepEqual(
      calicoTexts(
        resource('BGPConfiguration', 'default', 'nodeToNodeMeshEnabled: false\nnodeMeshMaxRestartTime: 10s'),
      ),
      [
        'error with field Spec.NodeMeshMaxRestartTime (spec.NodeMeshMaxRestartTime cannot be set if spec.NodeToNodeMesh is disabled)',
      ],
    );
  });
});

describe('IPPool (clientv3 validateAndSetDefaults)', () => {
  test('CIDR must be present, valid and strictly masked', () => {
    assert.deepEqual(calicoTexts(resource('IPPool', 'p', 'natOutgoing: true')), [
      'error with field IPPool.Spec.CIDR (IPPool CIDR must be specified)',
    ]);
    assert.deepEqual(calicoTexts(resource('IPPool', 'p', 'cidr: 10.0.0.0/33')), [
      "error with field IPPool.Spec.CIDR = '10.0.0.0/33' (IPPool CIDR must be a valid subnet)",
    ]);
    assert.deepEqual(calicoTexts(resource('IPPool', 'p', 'cidr: 192.168.1.7/24')), [
      "error with field IPPool.Spec.CIDR = '192.168.1.0/24' (IPPool CIDR is not strictly masked)",
    ]);
  });

  test('block size per family: v4 20..32, v6 116..128; the pool must hold a block', () => {
    assert.deepEqual(calicoTexts(resource('IPPool', 'p', 'cidr: 10.0.0.0/16\nblockSize: 19')), [
      "error with field IPPool.Spec.BlockSize = '19' (IPv4 block size must be between 20 and 32)",
    ]);
    assert.deepEqual(calicoTexts(resource('IPPool', 'p', 'cidr: fd00::/64\nblockSize: 112')), [
      "error with field IPPool.Spec.BlockSize = '112' (IPv6 block size must be between 116 and 128)",
    ]);
    assert.deepEqual(calicoTexts(resource('IPPool', 'p', 'cidr: 10.200.0.0/28')), [
      "error with field IPPool.Spec.CIDR = '10.200.0.0/28' (IP pool size is too small for use with Calico IPAM. It must be equal to or greater than the block size.)",
    ]);
    assert.deepEqual(calicoTexts(resource('IPPool', 'p', 'cidr: 10.200.0.0/28\ndisabled: true')), []);
    assert.deepEqual(calicoTexts(resource('IPPool', 'p', 'cidr: fd00:96::/112\nblockSize: 122')), []);
  });

  test('no overlap with pools earlier in the same set or already applied', () => {
    const two = [
      resource('IPPool', 'a', 'cidr: 192.168.0.0/16'),
      '---',
      resource('IPPool', 'b', 'cidr: 192.168.3.0/24'),
    ].join('\n');
    assert.deepEqual(calicoTexts(two), [
      "error with field IPPool.Spec.CIDR = '192.168.3.0/24' (IPPool(b) CIDR overlaps with IPPool(a) CIDR 192.168.0.0/16)",
    ]);
    assert.deepEqual(
      calicoTexts(resource('IPPool', 'c', 'cidr: 10.0.0.0/8'), [{ name: 'old', cidr: '10.1.0.0/16' }]),
      [
        "error with field IPPool.Spec.CIDR = '10.0.0.0/8' (IPPool(c) CIDR overlaps with IPPool(old) CIDR 10.1.0.0/16)",
      ],
    );
    // Re-applying an existing pool is an update, which must not change its CIDR.
    assert.deepEqual(
      calicoTexts(resource('IPPool', 'old', 'cidr: 10.1.0.0/16'), [{ name: 'old', cidr: '10.1.0.0/16' }]),
      [],
    );
    assert.deepEqual(
      calicoTexts(resource('IPPool', 'old', 'cidr: 10.2.0.0/16'), [{ name: 'old', cidr: '10.1.0.0/16' }]),
      ["error with field IPPool.Spec.CIDR = '10.2.0.0/16' (IPPool CIDR cannot be modified)"],
    );
  });

  test('encapsulation, link-local ranges and selectors', () => {
    assert.deepEqual(
      calicoTexts(resource('IPPool', 'p', 'cidr: fd00::/64\nipipMode: Always\nvxlanMode: Always')),
      [
        "error with field IPPool.Spec.VXLANMode = 'Always' (Cannot enable both VXLAN and IPIP on the same IPPool)",
        "error with field IPPool.Spec.IPIPMode = 'Always' (IPIP is not supported on an IPv6 IP pool)",
      ],
    );
    assert.deepEqual(calicoTexts(resource('IPPool', 'p', 'cidr: 169.254.0.0/16')), [
      "error with field IPPool.Spec.CIDR = '169.254.0.0/16' (IPPool CIDR overlaps with IPv4 Link Local range 169.254.0.0/16)",
    ]);
    assert.deepEqual(calicoTexts(resource('IPPool', 'p', 'cidr: 10.0.0.0/16\nnodeSelector: global()')), [
      "error with field IPPool.Spec.NodeSelector = 'global()' (global() can only be used in an EntityRule namespaceSelector)",
    ]);
  });
});

describe('BGPFilter rules', () => {
  test('actions are case-sensitive, cidr and matchOperator come together', () => {
    assert.deepEqual(
      calicoTexts(
        resource(
          'BGPFilter',
          'f',
          'exportV4:\n- {action: accept, matchOperator: notin}\n- {action: Reject, cidr: 10.0.0.0/8}',
        ),
      ),
      [
        "error with field Action = 'accept' (Reason: failed to validate Field: Action because of Tag: filterAction )",
        "error with field MatchOperator = 'notin' (Reason: failed to validate Field: MatchOperator because of Tag: matchOperator )",
        "error with field MatchOperator = 'notin' (CIDR cannot be empty when MatchOperator is not)",
        "error with field CIDR = '10.0.0.0/8' (MatchOperator cannot be empty when CIDR is not)",
      ],
    );
  });
});

describe('every confd golden input validates cleanly (calico-confd-fixtures)', () => {
  const fixtures = locateFixtures();
  const inputs: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.yaml')) inputs.push(path);
    }
  };
  if (!('missing' in fixtures)) walk(fixtures.root);

  test(`${inputs.length} fixture YAML files decode strictly and produce no issues`, (t) => {
    if ('missing' in fixtures) {
      t.skip(fixtures.missing);
      return;
    }
    assert.ok(inputs.length > 50, 'fixtures are present');
    for (const path of inputs) {
      // Kubernetes objects (v1 Nodes of the KDD cases) are not calicoctl's to decode.
      const docs = loadCalicoYaml(readFileSync(path, 'utf8'), path).filter(
        (doc) => doc.apiVersion === CALICO_API_VERSION && SUPPORTED_KINDS.includes(doc.kind),
      );
      // input.yaml files are what confd renders from: wholly valid. Other files (deletions, later
      // steps) may be invalid on purpose, but every field in them is one Calico's types declare.
      const issues = validateDocuments(docs).map((i) => i.message);
      const shown = path.endsWith('input.yaml') ? issues : issues.filter((m) => m.includes('not recognized'));
      assert.deepEqual(shown, [], path);
    }
  });
});

describe("strict decoding: unknown fields are rejected as calicoctl's UnmarshalStrict rejects them", () => {
  test('a misspelt BGPPeer field (peerIp) names the field, its path and its line', () => {
    const yaml = resource('BGPPeer', 'tor', 'peerIp: 10.0.0.1\nasNumber: 65000');
    const [issue, ...rest] = validateDocuments(loadCalicoYaml(yaml, 'peers.yaml'));
    assert.equal(rest.length, 0);
    assert.equal(issue!.line, 6);
    assert.equal(issue!.field, 'spec.peerIp');
    assert.equal(
      issue!.message,
      'document 0 (BGPPeer "tor", peers.yaml:6): error parsing document: field in document is not ' +
        'recognized or is in the wrong location: peerIp [spec.peerIp at line 6]',
    );
  });

  test('several unknown fields: the first four are listed and the rest counted', () => {
    const yaml = resource('BGPConfiguration', 'default', 'a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nasNumber: 64512');
    const texts = calicoTexts(yaml);
    assert.equal(texts.length, 1);
    assert.match(
      texts[0]!,
      /^error parsing document: fields in document are not recognized or are in the wrong location: a, b, c, d \(\+ 1 more\)/,
    );
  });

  test('a field in the wrong place (nodeSelector under metadata) and nested unknowns are found', () => {
    const yaml = `${HEADER}\nkind: BGPPeer\nmetadata:\n  name: p\n  nodeSelector: all()\nspec:\n  password:\n    secretKeyRef:\n      name: s\n      kee: k\n`;
    const [issue] = validateDocuments(loadCalicoYaml(yaml));
    assert.match(
      issue!.message,
      /wrong location: nodeSelector, kee \[metadata.nodeSelector at line 5, spec.password.secretKeyRef.kee at line 10\]/,
    );
  });

  test('list items are checked against their element type (BGPFilter rules)', () => {
    const yaml = resource(
      'BGPFilter',
      'f',
      'exportV4:\n  - action: Accept\n    cidr: 10.0.0.0/8\n    matchOperater: In',
    );
    assert.match(
      calicoTexts(yaml)[0]!,
      /not recognized or is in the wrong location: matchOperater \[spec.exportV4.0.matchOperater/,
    );
  });

  test('labels, annotations and status take any key', () => {
    const yaml = `${HEADER}\nkind: Node\nmetadata:\n  name: n\n  labels:\n    anything: x\n  annotations:\n    a/b: c\nspec:\n  bgp:\n    ipv4Address: 10.0.0.1/24\nstatus:\n  podCIDRs: []\n`;
    assert.deepEqual(calicoTexts(yaml), []);
  });

  test('a refused document is not validated further: one issue, not a cascade', () => {
    const yaml = resource('BGPPeer', 'p', 'peerIp: 10.0.0.1\nnode: a\nnodeSelector: all()');
    assert.equal(calicoTexts(yaml).length, 1);
  });
});

describe('warnings for what calicoctl accepts but is almost certainly a mistake', () => {
  test('a resource defined twice in one set is named with both places', () => {
    const yaml = [
      resource('BGPPeer', 'p', 'nodeSelector: all()\npeerSelector: has(rr)'),
      '---',
      resource('BGPPeer', 'p', 'peerIP: 10.0.0.1\nasNumber: 65000'),
    ].join('\n');
    assert.deepEqual(documentWarnings(loadCalicoYaml(yaml, 'peers.yaml')), [
      'document 1 (BGPPeer "p", peers.yaml:10): BGPPeer "p" is also document 0 (line 1); applied in order, this one replaces it',
    ]);
  });

  test('a BGPPeer with neither peerIP nor peerSelector configures no session', () => {
    const warnings = documentWarnings(loadCalicoYaml(resource('BGPPeer', 'lonely', 'nodeSelector: all()')));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /BGPPeer "lonely".*neither peerIP nor peerSelector.*configures no session/);
  });

  test('a complete set has no warnings, and same names of different kinds are not duplicates', () => {
    const yaml = [
      resource('BGPPeer', 'default', 'peerIP: 10.0.0.1\nasNumber: 65000'),
      '---',
      resource('BGPConfiguration', 'default', 'asNumber: 64512'),
    ].join('\n');
    assert.deepEqual(documentWarnings(loadCalicoYaml(yaml)), []);
  });
});
