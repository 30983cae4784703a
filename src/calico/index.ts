/**
 * rrlab's Calico: documents in, validated state and per-node BGP intent out, and BIRD's files
 * rendered from the intent as confd renders them. The front door for the CLI, the lab, the reflector
 * (types only) and the benches: nothing outside src/calico imports a file behind it (eslint.config.js).
 */
export {
  CalicoDatastore,
  applyDocuments,
  applyValidated,
  judgeDocuments,
  UnknownNodeError,
  type DocumentVerdict,
} from './datastore.js';
export { loadCalicoYaml, CalicoYamlError, type CalicoDocument } from './yaml.js';
export { ValidationError, type ValidationIssue } from './validation/index.js';
export {
  applyResources,
  deleteResource,
  emptyCalicoState,
  setBlockAffinities,
  type CalicoState,
  type CalicoStateOptions,
  type ResourceKind,
  type TypedResource,
} from './model/state.js';
export type {
  BgpConfigurationResource,
  BgpFilterRule,
  CalicoNode,
  IpPoolResource,
} from './model/resources.js';
export { DEFAULT_IPV4_POOL } from './model/default-pools.js';
export { parseSelector } from './selector/index.js';
export {
  computeAllIntents,
  computeNodeIntent,
  type ExportPrefixes,
  type FamilyIntent,
  type NodeIntent,
  type PeerIntent,
  type PeerType,
} from './intent.js';
export { listSessions, type ImpliedSession } from './sessions.js';
export {
  BIRD_FILE_NAMES,
  renderBirdConfig,
  renderBirdConfigFromIntent,
  type BirdFileName,
} from './bird/render.js';
