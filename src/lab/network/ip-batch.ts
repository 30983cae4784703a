import { execa } from 'execa';

interface PendingGroup {
  lines: readonly string[];
  resolve(): void;
  reject(error: Error): void;
}

/** Which input lines `ip -force -batch` reported as failed, with the message printed before each. */
export function failedBatchLines(stderr: string): Map<number, string> {
  const failed = new Map<number, string>();
  let message: string[] = [];
  for (const line of stderr.split('\n')) {
    const marker = /^Command failed -:(\d+)$/.exec(line.trim());
    if (marker) {
      failed.set(Number(marker[1]), message.join('\n').trim() || 'failed');
      message = [];
    } else if (line.trim()) message.push(line);
  }
  return failed;
}

/**
 * The lab's privileged netlink helper: link work for many nodes goes to one `ip -batch` process at a
 * time, so a wave of starting nodes costs one fork and exec, not one per node. Groups queued while a
 * batch runs go together into the next one; each group (one node's lines) fails on its own.
 */
export class IpBatcher {
  private queue: PendingGroup[] = [];
  private running = false;

  constructor(private readonly command: readonly string[] = ['ip']) {}

  run(lines: readonly string[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ lines, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const groups = this.queue.splice(0);
        const input = groups.flatMap((g) => g.lines);
        const [file, ...args] = this.command;
        const result = await execa(file!, [...args, '-force', '-batch', '-'], {
          input: `${input.join('\n')}\n`,
          reject: false,
        });
        const failed = failedBatchLines(String(result.stderr));
        if (result.exitCode !== 0 && failed.size === 0) {
          const error = new Error(
            `\`${this.command.join(' ')} -batch\` failed: ${String(result.stderr).trim() || result.message}`,
          );
          for (const group of groups) group.reject(error);
          continue;
        }
        let lineNumber = 1;
        for (const group of groups) {
          const errors: string[] = [];
          for (const line of group.lines) {
            const message = failed.get(lineNumber++);
            if (message !== undefined) errors.push(`\`ip ${line}\`: ${message}`);
          }
          if (errors.length > 0) group.reject(new Error(errors.join('\n')));
          else group.resolve();
        }
      }
    } finally {
      this.running = false;
    }
  }
}

/** Run `ip` commands inside the network namespace of process `pid` (one nsenter for all of them). */
export async function ipInNamespace(pid: number, lines: readonly string[]): Promise<void> {
  const result = await execa('nsenter', ['-t', String(pid), '-n', 'ip', '-batch', '-'], {
    input: `${lines.join('\n')}\n`,
    reject: false,
  });
  if (result.exitCode !== 0) {
    throw new Error(
      `ip in the namespace of pid ${pid} failed: ${String(result.stderr).trim() || result.message}`,
    );
  }
}

/**
 * Shell lines that run `command` (an `ip … -batch -`) on `lines` from a here-document, which the
 * shell does not expand; `after` follows the redirection (`|| true`, a redirect of stderr).
 */
export function ipBatchScript(command: string, lines: readonly string[], after = ''): string[] {
  return [`${command} <<'EOF'${after}`, ...lines, 'EOF'];
}
