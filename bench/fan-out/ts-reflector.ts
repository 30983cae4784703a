/** rrlab's TypeScript reflector as a child process, configured from the Calico intent, run as its image runs it. */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REFLECTOR_V8_FLAGS } from '../../src/reflector/daemon/heap-tuning.js';
import { calicoState, reflectorIntent } from './calico.js';
import { REFLECTOR, waitListening, type Reflector } from './common.js';

export const tsReflector: Reflector = {
  key: 'ts',
  name: 'rrlab TS reflector',
  async start(folder, port, scenario) {
    const intentFile = join(folder, 'intent.json');
    writeFileSync(intentFile, JSON.stringify(reflectorIntent(calicoState(scenario, port))));
    const main = fileURLToPath(new URL('../../src/reflector/daemon/main.js', import.meta.url));
    const child = spawn(
      process.execPath,
      // The heap flags the reflector image runs with: they halve its peak memory in a large fan-out.
      [
        ...REFLECTOR_V8_FLAGS,
        main,
        '--intent',
        intentFile,
        '--listen',
        REFLECTOR,
        '--port',
        String(port),
        '--log-level',
        'warn',
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    let exitStatus: string | undefined;
    const exited = new Promise<void>((resolve) =>
      child.once('exit', (code, signal) => {
        exitStatus = signal ?? String(code);
        resolve();
      }),
    );
    const stop = async (): Promise<void> => {
      if (exitStatus === undefined) child.kill('SIGTERM');
      await exited;
    };
    try {
      await waitListening(port, async () =>
        exitStatus === undefined ? undefined : `the reflector exited (${exitStatus}); its stderr is above`,
      );
      return { pid: child.pid ?? 0, stop };
    } catch (error) {
      await stop();
      throw error;
    }
  },
};
