import { defineParameterType } from '@cucumber/cucumber';
import { expandNames, formatIp, parseIpv6, parseLabels, type RouteTarget } from '../src/lab/index.js';

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
  const v4 = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(prefix.trim());
  if (v4 && Number(v4[2]) <= 32) return `${v4[1]}/${v4[2]}`;
  const v6 = /^([0-9a-fA-F:]+)\/(\d+)$/.exec(prefix.trim());
  const address6 = v6 && Number(v6[2]) <= 128 ? parseIpv6(v6[1]!) : undefined;
  if (v6 && address6) return `${formatIp(address6)}/${v6[2]}`;
  throw new Error(`not a prefix: "${prefix}" (expected e.g. "10.20.0.0/24" or "fd00:1::/64")`);
}
