import { defineParameterType } from '@cucumber/cucumber';
import { expandNames } from '../src/lab/names.js';
import type { RouteTarget } from '../src/lab/observe/route-target.js';
import { parseLabels } from '../src/lab/calico/labels.js';

/** `"client-{1..200}"` → every expanded name (STEPS.md "Names"). */
defineParameterType({
  name: 'names',
  regexp: /"([^"]*)"/,
  transformer: (pattern: string): string[] => expandNames(pattern),
});

/** A single quoted name, where a step speaks of one node. */
defineParameterType({
  name: 'name',
  regexp: /"([^"]*)"/,
  useForSnippets: false,
  transformer: (name: string): string => name,
});

/** `route "10.20.0.0/24"` (a literal prefix) or `the workload block(s) of "node-1"` (ranges allowed). */
defineParameterType({
  name: 'route',
  regexp: /route "([^"]*)"|the workload blocks? of "([^"]*)"/,
  transformer: (prefix: string | undefined, nodes: string | undefined): RouteTarget =>
    prefix !== undefined
      ? { kind: 'prefix', prefix: normalisePrefix(prefix) }
      : { kind: 'workload-blocks', nodes: expandNames(nodes ?? '') },
});

/** `"k=v"`, `"k"` (empty value), `"k=v,k2=v2"`. */
defineParameterType({
  name: 'labels',
  regexp: /"([^"]*)"/,
  useForSnippets: false,
  transformer: (text: string): Record<string, string> => parseLabels(text),
});

function normalisePrefix(prefix: string): string {
  const match = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(prefix.trim());
  if (!match || Number(match[2]) > 32)
    throw new Error(`not an IPv4 prefix: "${prefix}" (expected e.g. "10.20.0.0/24")`);
  return `${match[1]}/${match[2]}`;
}
