/**
 * Locates confd's golden fixtures and turns each case of `cases.json` into rendered-vs-expected
 * comparisons. Fixture root: `RRLAB_CONFD_FIXTURES`, else `../shared/calico-confd-fixtures` next to
 * the repository. A Calico checkout works too (`confd/tests/mock_data/calicoctl` holds the inputs and
 * `confd/tests/compiled_templates` the expected files); its case list then comes from a
 * `cases.json` at the root or `RRLAB_CONFD_CASES`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface FixtureCase {
  readonly case: string;
  readonly mode: 'oneshot' | 'daemon';
  readonly nodeName: string;
  readonly inputs: readonly string[];
  readonly blockAffinities: string | null;
  readonly env: Readonly<Record<string, string>>;
  readonly backends: readonly string[];
  readonly expected?: readonly { readonly dir: string }[];
  readonly steps?: readonly {
    readonly action: string;
    readonly expected?: string;
    readonly expectedPeeringCount?: number;
  }[];
}

export interface FixtureSet {
  readonly root: string;
  readonly layout: 'rrlab' | 'upstream';
  readonly cases: readonly FixtureCase[];
  /** Path of an input file named relative to the fixture layout. */
  inputPath(relative: string): string;
  /** Folder holding the expected files of an expected dir. */
  expectedDir(dir: string): string;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Inputs that upstream keeps under other names than their expected-output folders. */
const upstreamInputAliases: Readonly<Record<string, string>> = {
  'mesh/password/': 'mesh_password/',
  'explicit_peering/local_bgp_peer/': 'local_bgp_peer/',
};

export function locateFixtures(): FixtureSet | { readonly missing: string } {
  const root =
    process.env.RRLAB_CONFD_FIXTURES ?? path.resolve(repoRoot, '..', 'shared', 'calico-confd-fixtures');
  if (existsSync(path.join(root, 'cases.json')) && !existsSync(path.join(root, 'confd'))) {
    const cases = (
      JSON.parse(readFileSync(path.join(root, 'cases.json'), 'utf8')) as { cases: FixtureCase[] }
    ).cases;
    return {
      root,
      layout: 'rrlab',
      cases,
      inputPath: (relative) => path.join(root, relative),
      expectedDir: (dir) => path.join(root, dir),
    };
  }
  const inputs = path.join(root, 'confd', 'tests', 'mock_data', 'calicoctl');
  const expected = path.join(root, 'confd', 'tests', 'compiled_templates');
  const casesFile = process.env.RRLAB_CONFD_CASES ?? path.join(root, 'cases.json');
  if (existsSync(inputs) && existsSync(expected) && existsSync(casesFile)) {
    const cases = (JSON.parse(readFileSync(casesFile, 'utf8')) as { cases: FixtureCase[] }).cases;
    return {
      root,
      layout: 'upstream',
      cases,
      inputPath: (relative) => {
        let mapped = relative;
        for (const [from, to] of Object.entries(upstreamInputAliases)) {
          if (mapped.startsWith(from)) mapped = to + mapped.slice(from.length);
        }
        return relative.startsWith('_common/')
          ? path.join(path.dirname(casesFile), relative)
          : path.join(inputs, mapped);
      },
      expectedDir: (dir) => path.join(expected, dir),
    };
  }
  return { missing: `no confd fixtures at ${root} (set RRLAB_CONFD_FIXTURES)` };
}

/** Upstream compares rendered files after removing blank lines (confd tests' normalisation). */
export function withoutBlankLines(text: string): string {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .join('\n');
}
