/**
 * `rrlab reflector --node NAME -f resources.yaml [-f …] [--listen ADDR] [--port N] [--api SOCKET] [--api-port N]
 * [--api-token-file FILE]` runs rrlab's TypeScript route reflector standalone as Calico node NAME: the
 * resources are validated as calicoctl would, NAME's intent is computed by Calico's rules (`src/calico`)
 * and the daemon runs until SIGTERM or SIGINT (Cease 6/2 to every peer). SIGHUP re-reads the files and
 * applies the new intent live. With `--restart-state FILE`, SIGUSR2 restarts gracefully (RFC 4724): the
 * process exits without NOTIFICATION, and the next run started with the same file is the restarting
 * speaker.
 * The API socket is mode 0660; `--api-port` adds a loopback TCP listener that is read-only unless
 * `--api-token-file` names a file whose first line is the bearer token for POST requests (a file, so
 * the token shows neither in `ps` nor in the environment).
 *
 * `rrlab reflector status [--api SOCKET]` prints the peer table as `calicoctl node status` does.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  CalicoDatastore,
  loadCalicoYaml,
  UnknownNodeError,
  ValidationError,
  type NodeIntent,
} from '../calico/index.js';
import { ReflectorApiClient } from '../reflector/api/api-client.js';
import { formatNodeStatus } from '../reflector/api/status-table.js';
import { daemonConfigFromIntent, listenFromIntent } from '../reflector/daemon/intent-config.js';
import { runReflector } from '../reflector/daemon/run-reflector.js';

const USAGE = `usage: rrlab reflector --node NAME -f resources.yaml [-f more.yaml…] [--listen ADDR] [--port N]
                       [--api SOCKET] [--api-port N] [--api-token-file FILE] [--hold-time S]
                       [--max-prefixes N] [--restart-state FILE]
       rrlab reflector status [--api SOCKET]
`;

export const DEFAULT_API_SOCKET = 'rrlab-reflector.sock';

class UsageError extends Error {}

/** NAME's intent from the files, validated as calicoctl would. */
export function intentFromFiles(nodeName: string, files: readonly string[]): NodeIntent {
  const routerId = process.env.CALICO_ROUTER_ID;
  const datastore = new CalicoDatastore({ env: routerId === undefined ? {} : { routerId } });
  const documents = files.flatMap((file) => loadCalicoYaml(readFileSync(file, 'utf8'), file));
  try {
    datastore.apply(documents);
    return datastore.intent(nodeName);
  } catch (error) {
    if (error instanceof ValidationError || error instanceof UnknownNodeError)
      throw new UsageError(error.message);
    throw error;
  }
}

/** The API token: the first line of the file, without surrounding blanks; an empty one is refused. */
function readToken(file: string): string {
  const token = (readFileSync(file, 'utf8').split('\n')[0] ?? '').trim();
  if (token === '') throw new UsageError(`--api-token-file ${file}: the first line holds no token`);
  return token;
}

async function status(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { api: { type: 'string' } }, strict: true });
  const client = new ReflectorApiClient({ socketPath: values.api ?? DEFAULT_API_SOCKET });
  const [summary, peers] = await Promise.all([client.status(), client.peers()]);
  process.stdout.write(formatNodeStatus(summary, peers));
  return 0;
}

async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      node: { type: 'string' },
      file: { type: 'string', short: 'f', multiple: true },
      listen: { type: 'string' },
      port: { type: 'string' },
      api: { type: 'string' },
      'api-port': { type: 'string' },
      'api-token-file': { type: 'string' },
      'hold-time': { type: 'string' },
      'max-prefixes': { type: 'string' },
      'restart-state': { type: 'string' },
    },
    strict: true,
  });
  const nodeName = values.node;
  const files = values.file ?? [];
  if (nodeName === undefined || files.length === 0) throw new UsageError('--node and -f are required');
  const holdTime = values['hold-time'] === undefined ? undefined : Number(values['hold-time']);
  const maxPrefixesText = values['max-prefixes'];
  const maxPrefixes = maxPrefixesText === undefined ? undefined : Number(maxPrefixesText);
  if (maxPrefixes !== undefined && (!Number.isInteger(maxPrefixes) || maxPrefixes < 1))
    throw new UsageError(`--max-prefixes takes a whole number of at least 1, not "${maxPrefixesText}"`);
  // RFC 4486 §4: a peer that sends more prefixes of a family than this gets Cease 6/1 with the limit.
  const configOf = (intent: NodeIntent) =>
    daemonConfigFromIntent(intent, {
      ...(holdTime !== undefined ? { holdTime } : {}),
      ...(maxPrefixes !== undefined ? { maxPrefixes } : {}),
    });
  const intent = intentFromFiles(nodeName, files);
  const listen = listenFromIntent(intent, {
    host: values.listen,
    port: values.port === undefined ? undefined : Number(values.port),
  });
  if (!Number.isInteger(listen.port) || listen.port < 0 || listen.port > 65535)
    throw new UsageError(`--port ${values.port} is not a port`);
  const apiPort = values['api-port'] === undefined ? undefined : Number(values['api-port']);
  const tokenFile = values['api-token-file'];
  if (tokenFile !== undefined && apiPort === undefined)
    throw new UsageError('--api-token-file guards the TCP API: it needs --api-port');
  const apiToken = tokenFile === undefined ? undefined : readToken(tokenFile);
  const running = await runReflector({
    config: configOf(intent),
    listen,
    apiSocket: values.api ?? DEFAULT_API_SOCKET,
    ...(apiPort !== undefined ? { apiTcp: { host: '127.0.0.1', port: apiPort } } : {}),
    ...(apiToken !== undefined ? { apiToken } : {}),
    configFromIntent: configOf,
    reload: () => configOf(intentFromFiles(nodeName, files)),
    ...(values['restart-state'] !== undefined ? { restartStateFile: values['restart-state'] } : {}),
  });
  await running.stopped;
  return 0;
}

export async function reflectorCommand(argv: string[]): Promise<number> {
  try {
    if (argv[0] === 'status') return await status(argv.slice(1));
    return await run(argv);
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
    ) {
      process.stderr.write(`${(error as Error).message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}
