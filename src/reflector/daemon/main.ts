/**
 * The reflector's container entry: `node main.js --intent FILE --api SOCKET [--port N] [--hold-time S]
 * [--restart-state FILE] [--selection-deferral S]`.
 * The intent file is a Calico `NodeIntent` as JSON (the lab's control plane writes it); a new intent
 * arrives over the API (`POST /intent`) and is saved back to the file, so a restarted container comes
 * up with the latest one. SIGHUP re-reads the file. SIGUSR2 restarts gracefully (RFC 4724): the note
 * for the next run goes to `--restart-state`, by default `restart-state.json` beside the intent.
 *
 * This module imports nothing outside `src/bgp` and `src/reflector` at run time, so the container
 * needs only those compiled folders (and no npm packages).
 */
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { NodeIntent } from '../../calico/index.js';
import { daemonConfigFromIntent, listenFromIntent, type IntentMappingOptions } from './intent-config.js';
import { JsonLog } from './json-log.js';
import { runReflector } from './run-reflector.js';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      intent: { type: 'string' },
      api: { type: 'string' },
      port: { type: 'string' },
      listen: { type: 'string' },
      'hold-time': { type: 'string' },
      'max-prefixes': { type: 'string' },
      'log-level': { type: 'string' },
      'restart-state': { type: 'string' },
      'selection-deferral': { type: 'string' },
    },
    strict: true,
  });
  const intentFile = values.intent;
  if (intentFile === undefined) {
    process.stderr.write(
      'usage: main.js --intent FILE [--api SOCKET] [--port N] [--listen ADDR] [--hold-time S] [--max-prefixes N]\n' +
        '               [--restart-state FILE] [--selection-deferral S]\n',
    );
    return 2;
  }
  const level = values['log-level'];
  const log = new JsonLog(
    process.stdout,
    level === 'debug' || level === 'warn' || level === 'error' ? level : 'info',
  );
  const mapping: IntentMappingOptions = {
    ...(values['hold-time'] !== undefined ? { holdTime: Number(values['hold-time']) } : {}),
    ...(values['max-prefixes'] !== undefined
      ? { maxPrefixes: wholeNumber('--max-prefixes', values['max-prefixes']) }
      : {}),
  };
  const readIntent = (): NodeIntent => JSON.parse(readFileSync(intentFile, 'utf8')) as NodeIntent;
  const configFromIntent = (intent: NodeIntent) => daemonConfigFromIntent(intent, mapping);
  const intent = readIntent();
  const running = await runReflector({
    config: configFromIntent(intent),
    listen: listenFromIntent(intent, {
      host: values.listen,
      port: values.port !== undefined ? Number(values.port) : undefined,
    }),
    ...(values.api !== undefined ? { apiSocket: values.api } : {}),
    configFromIntent,
    onIntent: (next) => {
      writeFileSync(`${intentFile}.tmp`, JSON.stringify(next, null, 2));
      renameSync(`${intentFile}.tmp`, intentFile);
    },
    reload: () => configFromIntent(readIntent()),
    log,
    restartStateFile: values['restart-state'] ?? join(dirname(intentFile), 'restart-state.json'),
    ...(values['selection-deferral'] !== undefined
      ? { selectionDeferralSeconds: Number(values['selection-deferral']) }
      : {}),
  });
  await running.stopped;
  return 0;
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    process.stderr.write(
      `reflector: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);

function wholeNumber(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${flag} takes a whole number of at least 1, not "${text}"`);
  return value;
}
