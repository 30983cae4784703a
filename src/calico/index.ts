/**
 * rrlab's Calico: documents in, validated state and per-node BGP intent out, and BIRD's files
 * rendered from the intent as confd renders them. The front door for the CLI, the lab and the benches.
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
export { emptyCalicoState, type CalicoState, type CalicoStateOptions } from './model/state.js';
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
