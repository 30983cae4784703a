/**
 * Drives one confd fixture case the way upstream's Go tests do: oneshot cases apply their inputs
 * once; daemon cases apply them and then run each step's action (upserts, Secret changes, deletions,
 * programmatic resources) on the evolving state. Each step yields a state to render and compare.
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadCalicoYaml, type CalicoDocument } from '../../src/calico/yaml.js';
import {
  applyResources,
  deleteResource,
  emptyCalicoState,
  setBlockAffinities,
  setLocalBgpWorkloads,
  type CalicoState,
} from '../../src/calico/model/state.js';
import { applyDocuments } from '../../src/calico/datastore.js';
import { resourceFromDocument } from '../../src/calico/model/from-document.js';
import type { BlockAffinity, LocalBgpWorkload } from '../../src/calico/model/resources.js';
import type { FixtureCase, FixtureSet } from './confd-fixtures.js';

export interface Checkpoint {
  readonly label: string;
  readonly state: CalicoState;
  readonly expectedDir?: string;
  readonly expectedPeeringCount?: number;
}

type StepAction = (state: CalicoState, context: DriverContext) => CalicoState;

interface DriverContext {
  readonly fixtures: FixtureSet;
  readonly fixtureCase: FixtureCase;
  /** The documents applied so far, so that a step can update one field of a resource. */
  readonly documents: CalicoDocument[];
}

/**
 * kubectl cannot write `status` (the fixture says so), so a Service's load-balancer ingress from a
 * kubectl-input.yaml never reaches the API server; drop it as the upstream harness effectively does.
 */
function readDocuments(fixtures: FixtureSet, relative: string): CalicoDocument[] {
  const documents = loadCalicoYaml(readFileSync(fixtures.inputPath(relative), 'utf8'), relative);
  if (!relative.endsWith('kubectl-input.yaml')) return documents;
  return documents.map((doc) => {
    const object = { ...doc.object };
    delete object.status;
    return { ...doc, object };
  });
}

/** Daemon re-render cases apply the base input "(+kubectl-input.yaml if present)". */
function inputsOf(fixtures: FixtureSet, fixtureCase: FixtureCase): string[] {
  const inputs = [...fixtureCase.inputs];
  if (fixtureCase.case.endsWith('#daemon')) {
    for (const input of fixtureCase.inputs) {
      const kubectl = input.replace(/input\.yaml$/, 'kubectl-input.yaml');
      if (kubectl !== input && !inputs.includes(kubectl) && existsSync(fixtures.inputPath(kubectl)))
        inputs.push(kubectl);
    }
  }
  return inputs;
}

function apply(state: CalicoState, context: DriverContext, documents: CalicoDocument[]): CalicoState {
  context.documents.push(...documents);
  return applyDocuments(state, documents);
}

/** `calicoctl`-style read-modify-write of one spec field of the most recent document of that resource. */
function updateSpec(kind: string, name: string, patch: Record<string, unknown>): StepAction {
  return (state, context) => {
    const previous = [...context.documents].reverse().find((doc) => doc.kind === kind && doc.name === name);
    const object = previous ? structuredClone(previous.object) : { kind, metadata: { name }, spec: {} };
    const spec = (object.spec ?? {}) as Record<string, unknown>;
    object.spec = { ...spec, ...patch };
    const updated: CalicoDocument = {
      index: 0,
      line: 0,
      apiVersion: 'projectcalico.org/v3',
      kind,
      name,
      object,
    };
    return apply(state, context, [updated]);
  };
}

function secret(name: string, data: Record<string, string>): StepAction {
  return (state) =>
    applyResources(state, [{ kind: 'Secret', resource: { namespace: state.secretNamespace, name, data } }]);
}

const deleteSecret =
  (name: string): StepAction =>
  (state) =>
    deleteResource(state, 'Secret', name);

function upsertFile(relative: string): StepAction {
  return (state, context) => apply(state, context, readDocuments(context.fixtures, relative));
}

function reapplyNode(name: string, times: number): StepAction {
  return (state, context) => {
    let next = state;
    const doc = [...context.documents].reverse().find((d) => d.kind === 'Node' && d.name === name);
    for (let i = 0; i < times && doc; i++) next = applyResources(next, [resourceFromDocument(doc)]);
    return next;
  };
}

/** TestLocalBGPPeer writes these endpoint-status files before applying the input. */
const localBgpWorkloads: LocalBgpWorkload[] = [
  {
    node: 'kube-master',
    name: 'pod1',
    ipv4Nets: ['192.168.162.134/32'],
    ipv6Nets: ['fd00:10:244:0:586d:4461:e980:a284/128'],
    bgpPeerName: 'test-global-peer-with-filter',
  },
  {
    node: 'kube-master',
    name: 'pod2',
    ipv4Nets: ['192.168.162.136/32'],
    ipv6Nets: ['fd00:10:244:0:586d:4461:e980:a286/128'],
    bgpPeerName: 'test-node-peer-with-filter',
  },
];

/** TestBGPPasswordDeadlock creates its 99 nodes and peers in code. */
const passwordDeadlockResources: StepAction = (state) => {
  let next = applyResources(state, [
    {
      kind: 'BGPConfiguration',
      resource: {
        name: 'default',
        nodeToNodeMeshEnabled: false,
        listenPort: 0,
        serviceClusterIPs: [],
        serviceExternalIPs: [],
        serviceLoadBalancerIPs: [],
        communities: [],
      },
    },
  ]);
  next = secret('my-secrets-1', { a: 'password-a' })(next, undefined as never);
  for (let i = 1; i <= 99; i++) {
    next = applyResources(next, [
      {
        kind: 'Node',
        resource: { name: `dl-node${i}`, labels: { node: 'yes' }, bgp: { ipv4Address: `10.24.0.${i}/24` } },
      },
      {
        kind: 'BGPPeer',
        resource: {
          name: `dl-bgppeer-${i}`,
          node: `dl-node${i}`,
          peerIP: '10.24.0.2',
          asNumber: 64512,
          keepOriginalNextHop: false,
          password: { name: 'my-secrets-1', key: 'a' },
          sourceAddress: 'UseNodeIP',
          filters: [],
          reversePeering: 'Auto',
        },
      },
    ]);
  }
  return next;
};

/** The actions after the initial apply, per daemon case, in the order of `steps[1..]`. */
const daemonSteps: Readonly<Record<string, readonly StepAction[]>> = {
  sourceaddr_gracefulrestart: [
    updateSpec('BGPPeer', 'bgppeer-1', { sourceAddress: 'None' }),
    updateSpec('BGPPeer', 'bgppeer-1', { maxRestartTime: '10s' }),
  ],
  'mesh/password': [
    secret('my-secrets-1', { a: 'password-a' }),
    secret('my-secrets-1', { a: 'new-password-a' }),
    secret('my-secrets-1', { b: 'password-b' }),
    deleteSecret('my-secrets-1'),
  ],
  password: [
    secret('my-secrets-1', { b: 'password-b' }),
    (state) =>
      secret('my-secrets-2', { c: 'password-c' })(
        secret('my-secrets-1', { a: 'password-a', b: 'password-b' })(state, undefined as never),
        undefined as never,
      ),
    deleteSecret('my-secrets-2'),
    secret('my-secrets-1', { a: 'new-password-a', b: 'new-password-b' }),
    secret('my-secrets-1', { b: 'new-password-b' }),
  ],
  idle_peers: [reapplyNode('node1', 10)],
  node_deletion: [(state) => deleteResource(state, 'Node', 'node3')],
  'bgpfilter/node_mesh': [
    updateSpec('BGPConfiguration', 'default', { ipv4NormalRoutePriority: 5000 }),
    updateSpec('BGPConfiguration', 'default', { ipv6NormalRoutePriority: 80 }),
  ],
  'bgpfilter/filter_deletion': [(state) => deleteResource(state, 'BGPFilter', 'test-filter')],
  'mesh/restart-time': [
    updateSpec('BGPConfiguration', 'default', { programClusterRoutes: 'EnabledNoEncapOnly' }),
    updateSpec('BGPConfiguration', 'default', { programClusterRoutes: 'Disabled' }),
    updateSpec('BGPConfiguration', 'default', { programClusterRoutes: 'Enabled' }),
    updateSpec('BGPConfiguration', 'default', { programClusterRoutes: 'EnabledIPIPOnly' }),
  ],
  'mesh/communities#daemon': [upsertFile('mesh/communities/step2/input.yaml')],
  'mesh/static-routes#daemon': [upsertFile('mesh/static-routes/step2/input.yaml')],
  'mesh/static-routes-exclude-node#daemon': [upsertFile('mesh/static-routes-exclude-node/step2/input.yaml')],
  'explicit_peering/selectors#daemon': [upsertFile('explicit_peering/selectors/step2/input.yaml')],
};

function initialState(fixtures: FixtureSet, fixtureCase: FixtureCase, context: DriverContext): CalicoState {
  const routerId = fixtureCase.env.CALICO_ROUTER_ID;
  let state = emptyCalicoState({
    datastore: fixtureCase.backends[0] === 'etcd' ? 'etcd' : 'kdd',
    env: routerId === undefined ? {} : { routerId },
  });
  if (fixtureCase.case === 'explicit_peering/local_bgp_peer')
    state = setLocalBgpWorkloads(state, localBgpWorkloads);
  if (fixtureCase.case === 'password-deadlock') state = passwordDeadlockResources(state, context);
  for (const input of inputsOf(fixtures, fixtureCase))
    state = apply(state, context, readDocuments(fixtures, input));
  if (fixtureCase.blockAffinities) {
    const file = JSON.parse(readFileSync(fixtures.inputPath(fixtureCase.blockAffinities), 'utf8')) as {
      blockAffinities: BlockAffinity[];
    };
    state = setBlockAffinities(state, file.blockAffinities);
  }
  return state;
}

/** Every state a case renders, with what it must match. Throws for a daemon case it cannot drive. */
export function checkpointsOf(fixtures: FixtureSet, fixtureCase: FixtureCase): Checkpoint[] {
  const context: DriverContext = { fixtures, fixtureCase, documents: [] };
  let state = initialState(fixtures, fixtureCase, context);
  if (fixtureCase.mode === 'oneshot') {
    return (fixtureCase.expected ?? []).map((expected) => ({
      label: fixtureCase.case,
      state,
      expectedDir: expected.dir,
    }));
  }
  const steps = fixtureCase.steps ?? [];
  const actions = daemonSteps[fixtureCase.case] ?? [];
  if (actions.length !== Math.max(0, steps.length - 1)) {
    throw new Error(`no driver for the ${steps.length} steps of daemon case ${fixtureCase.case}`);
  }
  const checkpoints: Checkpoint[] = [];
  steps.forEach((step, index) => {
    if (index > 0) state = actions[index - 1]!(state, context);
    checkpoints.push({
      label: `${fixtureCase.case} step ${index + 1} (${step.action})`,
      state,
      expectedDir: step.expected,
      expectedPeeringCount: step.expectedPeeringCount,
    });
  });
  return checkpoints;
}
