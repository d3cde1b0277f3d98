import { attachConfig, attachContainer, containerRunState, resizeContainerTty } from '@/server/docker/attach';
import { type TerminalEvents, TerminalSession } from '@/server/realtime/terminal-session';

/** The engine's default detach sequence, asked for explicitly so closing never depends on daemon config. */
export const DETACH_KEYS = 'ctrl-p,ctrl-q';
const DETACH_SEQUENCE = '\u0010\u0011';

/**
 * `docker attach`: the container's main process, its stdin and output. Closing detaches (the detach keys,
 * then the connection), so the container keeps running and a stdin-once container does not see EOF.
 */
export class AttachSession extends TerminalSession {
  private tty = false;
  private input = true;

  constructor(
    private readonly containerId: string,
    private readonly size: { cols: number; rows: number },
    on: TerminalEvents,
  ) {
    super(on);
  }

  /**
   * False when typing is impossible (stdin not open) or would end the container: without a TTY the engine
   * cannot detach, and a stdin-once container (`docker run -i` without `-t`) sees EOF when the client leaves.
   */
  get acceptsInput(): boolean {
    return this.input;
  }

  async start(): Promise<void> {
    const config = await attachConfig(this.containerId);
    this.tty = config.tty;
    this.input = config.openStdin && (this.tty || !config.stdinOnce);
    const { stream, output } = await attachContainer(this.containerId, {
      tty: this.tty,
      stdin: this.input,
      detachKeys: DETACH_KEYS,
    });
    if (this.tty) {
      this.attachStream(stream);
      // A resize makes a shell or TUI redraw, as `docker attach` does, instead of a blank screen.
      await this.resize(this.size.cols, this.size.rows).catch(() => {});
      return;
    }
    // Without a TTY, xterm needs CR LF for new lines.
    this.attachStream(stream, (text) => text.replace(/\r?\n/g, '\r\n'), output);
  }

  write(data: string) {
    if (this.input) super.write(data);
  }

  async resize(cols: number, rows: number) {
    if (this.tty) await resizeContainerTty(this.containerId, cols, rows);
  }

  protected async exitStatus() {
    // The stream can end a moment before the engine records that the container stopped.
    for (let i = 0; i < 10; i++) {
      const state = await containerRunState(this.containerId);
      if (!state.running) return { exitCode: state.exitCode };
      await new Promise((r) => setTimeout(r, 100));
    }
    return { exitCode: null, message: 'Detached: the container is still running' };
  }

  async close(): Promise<void> {
    if (!this.ended && this.input && this.tty) this.stream?.write(DETACH_SEQUENCE);
    await this.streamClosed(1_000);
    this.stream?.destroy();
    await this.finish();
  }
}
