import type { ValidationIssue } from './validation-issue.js';

/**
 * The document set failed validation. Like a datastore transaction that did not commit, none of
 * its documents may be applied: the caller applies a set only when validation returned no issues.
 */
export class ValidationError extends Error {
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], documentCount: number) {
    const documents = new Set(issues.map((issue) => issue.documentIndex)).size;
    super(
      [
        `the Calico resources were rejected (${documents} of ${documentCount} documents invalid); none were applied:`,
        ...issues.map((issue) => `- ${issue.message}`),
      ].join('\n'),
    );
    this.name = 'ValidationError';
    this.issues = issues;
  }
}
