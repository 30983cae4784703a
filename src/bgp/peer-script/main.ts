/**
 * `node dist/src/bgp/peer-script/main.js --config peers.json [--out records.jsonl]`
 *
 * Opens the configured sessions, announces the initial routes, then reads commands (JSON lines,
 * see `commands.ts`) from stdin. Everything received is written as JSON lines to `--out` or stdout;
 * each command is acknowledged with an `{"event":"command",...}` line. SIGINT/SIGTERM or a `stop`
 * command end the run with Cease 6/2 on every session.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { parsePeerScriptConfig } from './config.js';
import { parseCommand, runCommand } from './commands.js';
import { ScriptedPeers } from './scripted-peers.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { config: { type: 'string' }, out: { type: 'string' } },
  });
  if (values.config === undefined) {
    process.stderr.write('usage: main.js --config peers.json [--out records.jsonl]\n');
    process.exit(2);
  }
  const config = parsePeerScriptConfig(JSON.parse(readFileSync(values.config, 'utf8')));
  const out = values.out !== undefined ? createWriteStream(values.out, { flags: 'a' }) : process.stdout;
  const write = (line: object): void => {
    out.write(`${JSON.stringify(line)}\n`);
  };
  const peers = new ScriptedPeers(config);
  peers.on('record', write);

  let stopping = false;
  const stop = async (message?: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await peers.stop(message);
    await new Promise<void>((resolve) => (out === process.stdout ? resolve() : out.end(resolve)));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('peer-script interrupted'));
  process.on('SIGTERM', () => void stop('peer-script terminated'));

  await peers.start();
  // Commands run one after another, in the order given.
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const started = Date.now();
    try {
      const command = parseCommand(line);
      if (command.op === 'stop') {
        write({ t: Date.now(), event: 'command', op: 'stop', ok: true });
        await stop(command.message);
        return;
      }
      const summary = await runCommand(peers, command);
      write({
        t: Date.now(),
        event: 'command',
        op: command.op,
        ok: true,
        ms: Date.now() - started,
        ...summary,
      });
    } catch (error) {
      write({ t: Date.now(), event: 'command', ok: false, error: (error as Error).message });
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`peer-script: ${(error as Error).message}\n`);
  process.exit(1);
});
