/** The blocks IPAM has made affine to a node, as confd reads them for `bird_aggr.cfg` and the export filter. */
import type { CalicoState } from './state.js';
import type { BlockAffinity, IpFamily } from './resources.js';

/** confd lists keys with `/` replaced by `-` and renders them in that key order. */
const byKey = (a: string, b: string): number => {
  const left = a.replace('/', '-');
  const right = b.replace('/', '-');
  return left < right ? -1 : left > right ? 1 : 0;
};

/** The node's block affinities of a family; pending ones are ignored, as confd does. */
export function affineBlocks(state: CalicoState, nodeName: string, family: IpFamily): BlockAffinity[] {
  return state.blockAffinities
    .filter((a) => a.host === nodeName && a.state !== 'pending' && a.cidr.includes(':') === (family === 6))
    .sort((a, b) => byKey(a.cidr, b.cidr));
}

/** Blocks whose affinity `calico_aggr` honours: confirmed, or with no state (implicitly confirmed). */
export function confirmedBlocks(state: CalicoState, nodeName: string, family: IpFamily): string[] {
  return affineBlocks(state, nodeName, family)
    .filter((block) => block.state === '' || block.state === 'confirmed')
    .map((block) => block.cidr);
}
