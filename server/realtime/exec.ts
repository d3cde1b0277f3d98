import type Docker from 'dockerode';
import { execState, killContainerProcess, resizeExec, startExec } from '@/server/docker/exec';
import { type TerminalEvents, TerminalSession } from '@/server/realtime/terminal-session';

/** The wrapper prints its PID in an OSC sequence (stripped before the browser sees it), so close can kill it. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the OSC sequence is made of control characters
const PID_MARK = /\u001b\]9999;berth-pid=(\d+)\u0007/;
const SHELL_WRAPPER =
  'printf "\\033]9999;berth-pid=%s\\007" $$; if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi';
const COMMAND_WRAPPER = 'printf "\\033]9999;berth-pid=%s\\007" $$; exec "$@"';

export type ExecSessionEvents = TerminalEvents;

export interface ExecOptions {
  containerId: string;
  command?: string[];
  user?: string;
  workdir?: string;
  cols: number;
  rows: number;
}

/** The Engine create-exec body for these options, so the security policy sees exactly what is sent. */
export function execCreateBody(opts: ExecOptions): Docker.ExecCreateOptions {
  const cmd = opts.command?.length
    ? ['/bin/sh', '-c', COMMAND_WRAPPER, 'sh', ...opts.command]
    : ['/bin/sh', '-c', SHELL_WRAPPER];
  return {
    Cmd: cmd,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: true,
    Env: ['TERM=xterm-256color', 'COLORTERM=truecolor'],
    ...(opts.user ? { User: opts.user } : {}),
    ...(opts.workdir ? { WorkingDir: opts.workdir } : {}),
  };
}

/**
 * One interactive `docker exec -it` session. Closing ends the process, not only the stream: the Engine has no
 * API to kill an exec and a closed stream leaves the shell running (Portainer #12437).
 */
export class ExecSession extends TerminalSession {
  private execId: string | null = null;
  private pid: number | null = null;
  private pidScan = '';
  private pidFound = false;
  private pidSeen: () => void = () => {};
  /** Settles once the wrapper's PID marker was read (or will never be): close() needs the PID to kill. */
  private readonly pidKnown = new Promise<void>((resolve) => {
    this.pidSeen = resolve;
  });

  constructor(
    private readonly opts: ExecOptions,
    on: ExecSessionEvents,
  ) {
    super(on);
  }

  async start(body: Docker.ExecCreateOptions): Promise<void> {
    const { id, stream } = await startExec(this.opts.containerId, body);
    this.execId = id;
    this.attachStream(stream, (text) => this.stripPid(text));
    await this.resize(this.opts.cols, this.opts.rows).catch(() => {});
  }

  /** Holds output until the wrapper's PID marker has been seen, and removes it. */
  private stripPid(text: string): string {
    if (this.pidFound) return text;
    this.pidScan += text;
    const m = PID_MARK.exec(this.pidScan);
    if (m) {
      this.pid = Number(m[1]);
      this.pidFound = true;
      this.pidSeen();
      const rest = this.pidScan.replace(PID_MARK, '');
      this.pidScan = '';
      return rest;
    }
    if (this.pidScan.length > 512) {
      // No wrapper output (the shell failed before printing): pass everything through.
      this.pidFound = true;
      this.pidSeen();
      const rest = this.pidScan;
      this.pidScan = '';
      return rest;
    }
    return '';
  }

  get processId(): number | null {
    return this.pid;
  }

  async resize(cols: number, rows: number) {
    if (this.execId) await resizeExec(this.execId, cols, rows);
  }

  protected async exitStatus() {
    let exitCode: number | null = null;
    // The stream can end a moment before the engine records the exit code.
    for (let i = 0; this.execId && i < 20; i++) {
      const state = await execState(this.execId);
      exitCode = state.exitCode;
      if (!state.running) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const message =
      exitCode === 126 || exitCode === 127
        ? 'The command could not run: this image may have no shell (/bin/sh) or no such program'
        : undefined;
    return { exitCode, message };
  }

  /** Ends the process: kill the wrapper's PID inside the container (its terminal hangs up its children). */
  async close(): Promise<void> {
    // Closed right after its start (its socket dropped meanwhile): the marker is on its way, and without the
    // PID a command that ignores EOF would outlive the session.
    if (this.stream && !this.pidFound && !this.ended) {
      await Promise.race([this.pidKnown, new Promise((r) => setTimeout(r, 2_000).unref())]);
    }
    const pid = this.pid;
    if (pid && !this.ended) {
      try {
        await killContainerProcess(this.opts.containerId, pid);
      } catch {
        // container stopped meanwhile: the process is gone with it
      }
    } else if (!this.ended) {
      this.stream?.write('\u0004'); // EOF: a shell at its prompt exits
    }
    // Let the engine close the stream of the process it ended, then make sure it is gone.
    await this.streamClosed(1_000);
    this.stream?.destroy();
    await this.finish();
  }
}
