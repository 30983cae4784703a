/**
 * Applying calicoctl/kubectl documents to a CalicoState (upsert, in document order).
 */
import type { CalicoDocument } from './yaml.js';
import { applyResources, type CalicoState } from './model/state.js';
import { resourceFromDocument } from './model/from-document.js';

export function applyDocuments(state: CalicoState, documents: readonly CalicoDocument[]): CalicoState {
  return applyResources(state, documents.map(resourceFromDocument));
}
