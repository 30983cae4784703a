import { parseArgs, type ParseArgsConfig } from 'node:util';

const USAGE = `rrlab — a conformance lab for BGP route reflection in Calico-style container networks

Usage:
  rrlab run [files or folders…] [--tags EXPR] [--parallel N] [--name REGEX] [--reports DIR]
            [--repeat N] [--fail-fast] [--dry-run] [--runtime runc|crun] [--network-mode own|docker]
                                    run feature files (default: the repo's features/; file.feature:LINE
                                    picks one scenario) with rrlab's steps, after checking them without
                                    Docker (--dry-run: only check); reports go to reports/ (cucumber.html,
                                    junit.xml, messages.ndjson, summary.md); --repeat N runs the selection
                                    N times and prints a flake table, --fail-fast stops at the first failure;
                                    containers run under the fastest runtime that works here, wired by the
                                    lab itself as root (own) or on a Docker network (docker)
  rrlab images build [NAME…] [--force]
                                    build the lab's images (base, calico-node, bird); cached by input hash
  rrlab down --all [--force]        remove every container and network rrlab runs left behind
                                    (labs of runs still alive are kept unless --force)
  rrlab down --run ID               remove what one run left behind
  rrlab render --node NAME -f resources.yaml [-f more.yaml…] [--out DIR]
                                    write the six BIRD config files confd would write for NAME
  rrlab reflector --node NAME -f resources.yaml [-f more.yaml…] [--listen ADDR] [--port N] [--api SOCKET]
            [--api-port N --api-token-file F] [--hold-time S] [--max-prefixes N] [--restart-state F]
                                    run the TypeScript route reflector as Calico node NAME (status: rrlab reflector status)
  rrlab setup [--no-images]         make sure a Docker engine answers (installing Debian's docker.io
                                    as root where none does, and registering Debian's crun with it)
                                    and the images are built
  rrlab help                        this text
`;

type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./run.js')).runCommand,
  images: async () => (await import('./images.js')).imagesCommand,
  down: async () => (await import('./down.js')).downCommand,
  render: async () => (await import('./render.js')).renderCommand,
  reflector: async () => (await import('./reflector.js')).reflectorCommand,
  setup: async () => (await import('./setup.js')).setupCommand,
};

/** The `rrlab` command: a thin shell over the library. Returns the process exit status. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`rrlab: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await (
      await load()
    )(rest);
  } catch (error) {
    process.stderr.write(`rrlab ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** Shared by the commands: parseArgs that turns unknown options into a usage error. */
export function parseCommandArgs(
  argv: string[],
  options: NonNullable<ParseArgsConfig['options']>,
): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  return { values: values as Record<string, string | boolean | string[] | undefined>, positionals };
}
