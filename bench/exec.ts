import type { Duplex } from 'node:stream';
import Docker from 'dockerode';
import {
  type BenchSocket,
  connect,
  createBenchContainers,
  fmtSummary,
  login,
  ms,
  onInterrupt,
  removeContainers,
  summarize,
  table,
  writeSection,
} from './lib';

/**
 * Keystroke → echo round trip: one character typed into `cat` on a TTY (the kernel's line discipline echoes
 * it) through Berth's socket.io exec, against a hijacked `docker exec -it` on the engine socket, interleaved
 * keystroke by keystroke in the same container.
 */
const BASE = process.env.BENCH_URL ?? 'http://127.0.0.1:3900';
const KEYS = Number(process.env.BENCH_EXEC_KEYS ?? 500);
const engine = new Docker();
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Resolves once `text` has been seen in the output after the call. */
type Waiter = { char: string; resolve: () => void } | null;

class BerthTerminal {
  private waiter: Waiter = null;
  private constructor(
    private socket: BenchSocket,
    private id: string,
  ) {}

  static async open(base: string, cookie: string, containerId: string): Promise<BerthTerminal> {
    const socket = await connect(base, cookie);
    let term: BerthTerminal | null = null;
    socket.on('exec:output', ({ data }) => term?.seen(data));
    const ack = await socket.emitWithAck('exec:start', { containerId, command: ['cat'] });
    if (!ack.ok) throw new Error(ack.error);
    term = new BerthTerminal(socket, ack.id);
    return term;
  }

  private seen(data: string) {
    if (this.waiter && data.includes(this.waiter.char)) {
      const w = this.waiter;
      this.waiter = null;
      w.resolve();
    }
  }

  type(char: string): Promise<number> {
    const t0 = performance.now();
    return new Promise((resolve) => {
      this.waiter = { char, resolve: () => resolve(performance.now() - t0) };
      this.socket.emit('exec:input', { id: this.id, data: char });
    });
  }

  close() {
    this.socket.emit('exec:close', { id: this.id });
    this.socket.disconnect();
  }
}

class DirectTerminal {
  private waiter: Waiter = null;
  private constructor(private stream: Duplex) {
    stream.on('data', (b: Buffer) => {
      const w = this.waiter;
      if (w && b.toString('utf8').includes(w.char)) {
        this.waiter = null;
        w.resolve();
      }
    });
  }

  static async open(containerId: string): Promise<DirectTerminal> {
    const exec = await engine.getContainer(containerId).exec({
      Cmd: ['cat'],
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: true,
    });
    const stream = (await exec.start({ hijack: true, stdin: true, Tty: true })) as unknown as Duplex;
    return new DirectTerminal(stream);
  }

  type(char: string): Promise<number> {
    const t0 = performance.now();
    return new Promise((resolve) => {
      this.waiter = { char, resolve: () => resolve(performance.now() - t0) };
      this.stream.write(char);
    });
  }

  close() {
    this.stream.end();
    this.stream.destroy();
  }
}

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: no echo in 5 s`)), 5000).unref(),
    ),
  ]);
}

async function main() {
  const cookie = await login(BASE);
  const ids: string[] = [];
  onInterrupt(() => removeContainers(engine, ids));
  try {
    const [id] = await createBenchContainers(engine, 1, { prefix: 'berth-bench-exec', start: true }, ids);
    if (!id) throw new Error('no container');
    const berth = await BerthTerminal.open(BASE, cookie, id);
    const direct = await DirectTerminal.open(id);
    try {
      // Let both settle (the wrapper's marker, the resize), and warm both paths up.
      await new Promise((r) => setTimeout(r, 500));
      for (let i = 0; i < 20; i++) {
        await withTimeout(berth.type('w'), 'berth');
        await withTimeout(direct.type('w'), 'direct');
      }
      const b: number[] = [];
      const d: number[] = [];
      for (let i = 0; i < KEYS; i++) {
        const char = LETTERS[i % LETTERS.length] as string;
        // Interleaved, alternating which goes first.
        if (i % 2) {
          d.push(await withTimeout(direct.type(char), 'direct'));
          b.push(await withTimeout(berth.type(char), 'berth'));
        } else {
          b.push(await withTimeout(berth.type(char), 'berth'));
          d.push(await withTimeout(direct.type(char), 'direct'));
        }
      }
      const sb = summarize(b);
      const sd = summarize(d);
      const overhead50 = sb.median - sd.median;
      const met = overhead50 < 2;
      const body = [
        `${KEYS} keystrokes into \`cat\` on a TTY in one running container (the kernel echoes each), interleaved, after 20 warm-ups each. Busy shared 2-core machine.`,
        '',
        table(
          ['path', 'p50', 'p95', 'min – max'],
          [
            [
              'direct: hijacked `POST /exec/{id}/start` on the engine socket (dockerode)',
              ms(sd.median),
              ms(sd.p95),
              `${ms(sd.min)} – ${ms(sd.max)}`,
            ],
            [
              'Berth: socket.io `exec:input` → `exec:output`',
              ms(sb.median),
              ms(sb.p95),
              `${ms(sb.min)} – ${ms(sb.max)}`,
            ],
          ],
        ),
        '',
        `**Overhead p50: ${ms(overhead50)}** (p95 ${ms(sb.p95 - sd.p95)}; Berth round trip ${fmtSummary(sb)}) — target < 2 ms: ${met ? 'met' : 'NOT met'}.`,
        '',
        'Not measured yet: Ctrl-C after `yes` in the browser terminal (issue target < 200 ms to the prompt).',
      ].join('\n');
      writeSection('exec', 'Exec: keystroke to echo', body);
      console.log(body);
    } finally {
      berth.close();
      direct.close();
    }
  } finally {
    await removeContainers(engine, ids);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
