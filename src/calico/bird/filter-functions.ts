/**
 * BGPFilter → BIRD 1.6 functions, as confd master writes them into bird.cfg / bird6.cfg: one
 * `'bgp_<name>_importFilterV4'()`-style function per filter, direction and family with rules. First
 * matching rule wins; a rule without conditions is a bare `accept;`/`reject;`.
 */
import { createHash } from 'node:crypto';
import type { BgpFilterResource, BgpFilterRule, IpFamily } from '../model/resources.js';

export type FilterDirection = 'import' | 'export';

/** BIRD's symbol length limit (SYM_MAX_LEN 64 in BIRD 1.6 `conf/conf.h`). */
const MAX_BIRD_SYMBOL = 64;
/** `bgp_` + `_importFilterV4`: the fixed part of every filter function name. */
const NAME_OVERHEAD = 'bgp__importFilterV4'.length;
const HASH_CHARS = 16;

/**
 * The filter-name part of a function name: kept when it fits BIRD's symbol limit, else its head
 * plus `_` and the first 16 upper-case hex digits of sha256(name) (Calico `TruncateAndHashName`).
 */
export function filterNameForBird(name: string): string {
  const room = MAX_BIRD_SYMBOL - NAME_OVERHEAD;
  if (name.length <= room) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, HASH_CHARS).toUpperCase();
  return `${name.slice(0, room - HASH_CHARS - 1)}_${hash}`;
}

export function filterFunctionName(name: string, direction: FilterDirection, family: IpFamily): string {
  return `'bgp_${filterNameForBird(name)}_${direction}FilterV${family}'`;
}

export function rulesFor(filter: BgpFilterResource, direction: FilterDirection, family: IpFamily) {
  if (direction === 'import') return family === 4 ? filter.importV4 : filter.importV6;
  return family === 4 ? filter.exportV4 : filter.exportV6;
}

/** A filter whose rules use `peerType` takes the session's iBGP-ness as a parameter. */
export function takesPeerType(rules: readonly BgpFilterRule[]): boolean {
  return rules.some((rule) => rule.peerType !== undefined);
}

const matchOperators = { Equal: '=', NotEqual: '!=', In: '~', NotIn: '!~' } as const;

/** BIRD's value for a Calico priority: priorities travel in LOCAL_PREF as 2^31-1 - priority. */
const BIRD_INT_MAX = 2147483647;

function cidrCondition(rule: BgpFilterRule, family: IpFamily): string | undefined {
  if (rule.cidr === undefined || rule.matchOperator === undefined) return undefined;
  let pattern = rule.cidr;
  if (rule.prefixLength) {
    const slash = rule.cidr.indexOf('/');
    const cidrLength = slash < 0 ? (family === 4 ? 32 : 128) : Number(rule.cidr.slice(slash + 1));
    const min = Math.max(cidrLength, rule.prefixLength.min ?? cidrLength);
    const max = Math.min(family === 4 ? 32 : 128, rule.prefixLength.max ?? (family === 4 ? 32 : 128));
    pattern = `[ ${rule.cidr}{${min},${max}} ]`;
  }
  return `(net ${matchOperators[rule.matchOperator]} ${pattern})`;
}

function communityCondition(value: string): string {
  const parts = value.split(':');
  return parts.length === 3
    ? `((${parts.join(', ')}) ~ bgp_large_community)`
    : `((${parts.join(', ')}) ~ bgp_community)`;
}

function conditionsOf(rule: BgpFilterRule, family: IpFamily): string[] {
  const conditions: string[] = [];
  const cidr = cidrCondition(rule, family);
  if (cidr) conditions.push(cidr);
  if (rule.source === 'RemotePeers') conditions.push('((defined(source))&&(source ~ [ RTS_BGP ]))');
  if (rule.interface !== undefined) conditions.push(`((defined(ifname))&&(ifname ~ "${rule.interface}"))`);
  const [community] = rule.communities ?? [];
  if (community !== undefined) conditions.push(communityCondition(community));
  if (rule.asPathPrefix && rule.asPathPrefix.length > 0) {
    conditions.push(`(bgp_path ~ [= ${rule.asPathPrefix.join(' ')} * =])`);
  }
  if (rule.priority !== undefined) {
    conditions.push(`(defined(bgp_local_pref)&&(bgp_local_pref = ${BIRD_INT_MAX - rule.priority}))`);
  }
  return conditions;
}

function operationStatements(rule: BgpFilterRule): string[] {
  const statements: string[] = [];
  for (const operation of rule.operations) {
    if ('addCommunity' in operation) {
      const parts = operation.addCommunity.split(':');
      const attribute = parts.length === 3 ? 'bgp_large_community' : 'bgp_community';
      statements.push(`${attribute}.add((${parts.join(', ')}));`);
    } else if ('prependASPath' in operation) {
      // BIRD prepends one AS at a time, so the last prepend ends up first: emit in reverse.
      for (const as of [...operation.prependASPath].reverse()) statements.push(`bgp_path.prepend(${as});`);
    } else {
      statements.push(`bgp_local_pref = ${BIRD_INT_MAX - operation.setPriority};`);
    }
  }
  return statements;
}

function ruleStatement(rule: BgpFilterRule, family: IpFamily): string {
  const body = [...operationStatements(rule), `${rule.action.toLowerCase()};`].join(' ');
  const conditions = conditionsOf(rule, family);
  const statement = conditions.length > 0 ? `if (${conditions.join('&&')}) then { ${body} }` : body;
  if (rule.peerType === 'iBGP') return `if (is_same_as) then { ${statement} }`;
  if (rule.peerType === 'eBGP') return `if (!is_same_as) then { ${statement} }`;
  return statement;
}

function functionLines(filter: BgpFilterResource, direction: FilterDirection, family: IpFamily): string[] {
  const rules = rulesFor(filter, direction, family);
  if (rules.length === 0) return [];
  const parameters = takesPeerType(rules) ? 'bool is_same_as' : '';
  return [
    `function ${filterFunctionName(filter.name, direction, family)}(${parameters}) {`,
    ...rules.map((rule) => `  ${ruleStatement(rule, family)}`),
    '}',
  ];
}

/** Every BGPFilter in the datastore (sorted by name) as functions for one family. */
export function renderFilterFunctions(filters: readonly BgpFilterResource[], family: IpFamily): string[] {
  const lines: string[] = [];
  for (const filter of [...filters].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const imports = functionLines(filter, 'import', family);
    const exports = functionLines(filter, 'export', family);
    if (imports.length === 0 && exports.length === 0) continue;
    lines.push(`# v${family} BGPFilter ${filter.name}`, ...imports, ...exports);
  }
  return lines.length > 0 ? lines : [`# No v${family} BGPFilters configured`];
}

/** The call a peer's import/export filter makes to one BGPFilter, or undefined when it has no rules there. */
export function filterCall(
  filter: BgpFilterResource,
  direction: FilterDirection,
  family: IpFamily,
  internalPeer: boolean,
): string | undefined {
  const rules = rulesFor(filter, direction, family);
  if (rules.length === 0) return undefined;
  const argument = takesPeerType(rules) ? String(internalPeer) : '';
  return `${filterFunctionName(filter.name, direction, family)}(${argument});`;
}
