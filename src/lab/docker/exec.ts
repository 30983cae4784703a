import { dockerClient } from './client.js';
import { demultiplexDockerLog } from './log-stream.js';

export interface ExecResult {
  exitCode: number;
  output: string;
}

/**
 * Run a shell script in a container and collect its output. Each call costs a round trip to the
 * engine (~125 ms here), so callers batch: one script per node, never one exec per item.
 */
export async function execScript(containerId: string, script: string): Promise<ExecResult> {
  const exec = await dockerClient()
    .getContainer(containerId)
    .exec({ Cmd: ['sh', '-c', script], AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve());
    stream.on('error', reject);
  });
  const { ExitCode } = await exec.inspect();
  return { exitCode: ExitCode ?? -1, output: demultiplexDockerLog(Buffer.concat(chunks)) };
}
