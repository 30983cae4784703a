/**
 * The one way from Calico documents to per-node intent, as calico/node gets there: documents parsed
 * with calicoctl's strict decoder, a set validated as a whole and applied all or nothing (calicoctl
 * apply), then each node's intent computed from the resulting state (confd). The CLI, the lab and the
 * benches go through it; BIRD text and the reflector's configuration are renderings of the intent.
 */
import {
  applyResources,
  emptyCalicoState,
  type CalicoState,
  type CalicoStateOptions,
} from './model/state.js';
import { resourceFromDocument } from './model/from-document.js';
import { computeAllIntents, computeNodeIntent, type NodeIntent } from './intent.js';
import { documentWarnings } from './validation/document-warnings.js';
import { validateDocuments } from './validation/validate-documents.js';
import { ValidationError } from './validation/validation-error.js';
import type { ValidationIssue } from './validation/validation-issue.js';
import { loadCalicoYaml, type CalicoDocument } from './yaml.js';

/** calicoctl's verdict on a document set: its errors (none: it may be applied) and its warnings. */
export interface DocumentVerdict {
  readonly issues: readonly ValidationIssue[];
  readonly warnings: readonly string[];
}

/**
 * Judge a set without applying it, against the pools already applied (for overlap rules). Warnings
 * are for sets that would apply: a refused set has its errors to fix first.
 */
export function judgeDocuments(
  documents: readonly CalicoDocument[],
  state: CalicoState = emptyCalicoState(),
): DocumentVerdict {
  const existingPools = [...state.ipPools.values()].map((pool) => ({ name: pool.name, cidr: pool.cidr }));
  const issues = validateDocuments(documents, existingPools);
  return { issues, warnings: issues.length === 0 ? documentWarnings(documents) : [] };
}

/** `calicoctl apply` of a set onto a state: the new state, or a ValidationError and nothing applied. */
export function applyValidated(
  state: CalicoState,
  documents: readonly CalicoDocument[],
): { state: CalicoState; warnings: readonly string[] } {
  const verdict = judgeDocuments(documents, state);
  if (verdict.issues.length > 0) throw new ValidationError([...verdict.issues], documents.length);
  return { state: applyDocuments(state, documents), warnings: verdict.warnings };
}

/** Upsert the documents in order, unchecked (for sets already judged, or built by rrlab itself). */
export function applyDocuments(state: CalicoState, documents: readonly CalicoDocument[]): CalicoState {
  return applyResources(state, documents.map(resourceFromDocument));
}

/** A datastore of resources read from YAML: apply, then ask for intents. */
export class CalicoDatastore {
  #state: CalicoState;

  constructor(options: CalicoStateOptions = {}) {
    this.#state = emptyCalicoState(options);
  }

  get state(): CalicoState {
    return this.#state;
  }

  /**
   * Parse and apply `text` as one set (calicoctl's errors: CalicoYamlError, ValidationError, with
   * `source` and lines); returns the set's warnings.
   */
  applyYaml(text: string, source?: string): readonly string[] {
    return this.apply(loadCalicoYaml(text, source));
  }

  /** Apply one validated set, all or nothing; returns its warnings. */
  apply(documents: readonly CalicoDocument[]): readonly string[] {
    const { state, warnings } = applyValidated(this.#state, documents);
    this.#state = state;
    return warnings;
  }

  /** The node's intent; an UnknownNodeError names the nodes there are when it is not one of them. */
  intent(nodeName: string): NodeIntent {
    if (!this.#state.nodes.has(nodeName)) throw new UnknownNodeError(nodeName, [...this.#state.nodes.keys()]);
    return computeNodeIntent(this.#state, nodeName);
  }

  /** Every node's intent, peerings and selectors computed once. */
  intents(): Map<string, NodeIntent> {
    return computeAllIntents(this.#state);
  }
}

/** `node "x" is not among the resources (a, b)`: a command was given a node the resources lack. */
export class UnknownNodeError extends Error {
  override name = 'UnknownNodeError';
  constructor(nodeName: string, known: readonly string[]) {
    super(`node "${nodeName}" is not among the resources (${known.join(', ') || 'no nodes'})`);
  }
}
