import type { Duplex } from 'node:stream';
import Docker from 'dockerode';
import {
  type BenchSocket,
  browser,
  connect,
  createBenchContainers,
  fmtSummary,
  login,
  ms,
  onInterrupt,
  removeContainers,
  sleep,
  summarize,
  table,
  writeSection,
} from './lib';

/**
 * Benchmark 4, in two parts (`bash bench/run.sh exec:keys`, `exec:ctrlc`; both by default):
 * - `keys`: keystroke → echo round trip, one character typed into `cat` on a TTY (the kernel's line
 *   discipline echoes it) through Berth's socket.io exec, against a hijacked `docker exec -it` on the engine
 *   socket, interleaved keystroke by keystroke in the same container;
 * - `ctrlc`: Ctrl-C after `yes` until the shell's prompt is back, in the browser's terminal, against the
 *   same through the engine socket and through a socket.io client in Node.
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

async function keystrokes() {
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

/**
 * Ctrl-C after a flood: a shell runs `yes` for YES_MS, then Ctrl-C; the time until the shell's prompt shows
 * again. The prompt carries a marker only the shell can print (`PS1="$A$A# "` renders the token twice, the
 * echoed command line holds it once), so neither the typed line nor `yes` can match it.
 */
const CTRLC_RUNS = Number(process.env.BENCH_RUNS ?? 5);
const YES_MS = Number(process.env.BENCH_CTRLC_SECONDS ?? 2) * 1000;
/** The page's CPU slowed down this many times (CDP), as for a slower laptop than this server. */
const CPU_THROTTLE = Number(process.env.BENCH_CPU_THROTTLE ?? 1);
/** What floods the terminal; `yes` by default (the issue's case). */
const FLOOD = process.env.BENCH_CTRLC_COMMAND ?? 'yes';
const CTRLC_TIMEOUT = 15_000;

/** Sets the marked prompt in the shell, lets `yes` flood, interrupts it; the time to the prompt. */
interface Interruptible {
  type(text: string): Promise<void>;
  /** Resolves when `text` is in the output that arrived after the call. */
  waitFor(text: string, timeoutMs: number): Promise<void>;
  /** Sends Ctrl-C; resolves with ms until `marker` arrived, and the bytes that arrived until then. */
  interrupt(marker: string): Promise<{ ms: number; bytes: number }>;
  /** Output bytes received so far. */
  received(): number | Promise<number>;
  close(): void;
}

/** Output as it arrives, with waiters on text in it (a rolling tail, so a marker split across chunks counts). */
class OutputWatch {
  private tail = '';
  bytes = 0;
  private waiter: { text: string; resolve: () => void } | null = null;

  data(text: string) {
    this.bytes += Buffer.byteLength(text);
    this.tail = (this.tail + text).slice(-256);
    const w = this.waiter;
    if (w && this.tail.includes(w.text)) {
      this.waiter = null;
      w.resolve();
    }
  }

  /** Output from now on: the tail is cleared, so only text arriving after the call matches. */
  waitFor(text: string, timeoutMs: number, what: string): Promise<number> {
    this.tail = '';
    const from = this.bytes;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new Error(`${what}: "${text}" not seen in ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = {
        text,
        resolve: () => {
          clearTimeout(timer);
          resolve(this.bytes - from);
        },
      };
    });
  }
}

class DirectShell implements Interruptible {
  private readonly out = new OutputWatch();
  private constructor(private stream: Duplex) {
    stream.on('data', (b: Buffer) => this.out.data(b.toString('latin1')));
  }

  static async open(containerId: string): Promise<DirectShell> {
    const exec = await engine.getContainer(containerId).exec({
      Cmd: ['/bin/sh'],
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: true,
      Env: ['TERM=xterm-256color'],
    });
    const stream = (await exec.start({ hijack: true, stdin: true, Tty: true })) as unknown as Duplex;
    await exec.resize({ w: 160, h: 40 }).catch(() => {});
    return new DirectShell(stream);
  }

  async type(text: string) {
    this.stream.write(text);
  }

  waitFor(text: string, timeoutMs: number) {
    return this.out.waitFor(text, timeoutMs, 'direct').then(() => {});
  }

  received() {
    return this.out.bytes;
  }

  async interrupt(marker: string) {
    const seen = this.out.waitFor(marker, CTRLC_TIMEOUT, 'direct');
    const t0 = performance.now();
    this.stream.write('\u0003');
    const bytes = await seen;
    return { ms: performance.now() - t0, bytes };
  }

  close() {
    this.stream.end();
    this.stream.destroy();
  }
}

/** Berth's socket.io exec from Node, acknowledging every message at once (a browser that never lags). */
class BerthShell implements Interruptible {
  private readonly out = new OutputWatch();
  private constructor(
    private socket: BenchSocket,
    private id: string,
  ) {}

  static async open(base: string, cookie: string, containerId: string): Promise<BerthShell> {
    const socket = await connect(base, cookie);
    let shell: BerthShell | null = null;
    let bytes = 0;
    socket.on('exec:output', ({ id, data }) => {
      if (!shell || id !== shell.id) return;
      shell.out.data(data);
      bytes += Buffer.byteLength(data);
      socket.emit('exec:ack', { id, bytes });
    });
    const ack = await socket.emitWithAck('exec:start', { containerId, cols: 160, rows: 40 });
    if (!ack.ok) throw new Error(ack.error);
    shell = new BerthShell(socket, ack.id);
    return shell;
  }

  async type(text: string) {
    this.socket.emit('exec:input', { id: this.id, data: text });
  }

  waitFor(text: string, timeoutMs: number) {
    return this.out.waitFor(text, timeoutMs, 'berth').then(() => {});
  }

  received() {
    return this.out.bytes;
  }

  async interrupt(marker: string) {
    const seen = this.out.waitFor(marker, CTRLC_TIMEOUT, 'berth');
    const t0 = performance.now();
    await this.type('\u0003');
    const bytes = await seen;
    return { ms: performance.now() - t0, bytes };
  }

  close() {
    this.socket.emit('exec:close', { id: this.id });
    this.socket.disconnect();
  }
}

type Page = import('@playwright/test').Page;

/**
 * Installed before the page's scripts: counts the exec output the page's websocket receives and lets the
 * benchmark watch it for the marker (socket.io packets are text: `42["exec:output",{"id":…,"data":…}]`).
 */
const WS_WATCH = `
  window.__exec = { bytes: 0, watch: null, sentCtrlC: null };
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    send(data) {
      // The Ctrl-C leaving the page: JSON escapes it as backslash u0003.
      if (typeof data === 'string' && data.includes('"exec:input"') && data.includes(String.fromCharCode(92) + 'u0003')) {
        window.__exec.sentCtrlC = performance.now();
      }
      return super.send(data);
    }
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (typeof e.data !== 'string' || !e.data.slice(0, 24).includes('"exec:output"')) return;
        window.__exec.bytes += e.data.length;
        if (window.__exec.watch) window.__exec.watch(e.data);
      });
    }
  };
`;

interface BrowserRun {
  pressed: number;
  /** The `exec:input` with the Ctrl-C went out on the page's websocket. */
  sent: number | null;
  /** The websocket message holding the prompt arrived; bytes of output messages received until then. */
  arrived: number | null;
  bytes: number | null;
  /** The prompt is in xterm's rows; the frame after that. */
  dom: number;
  painted: number;
}

/**
 * The container page's Terminal tab in headless Chromium, typed into with the keyboard. The time runs from
 * the Ctrl-C keydown in the page to the frame after the marked prompt entered xterm's rows (the DOM renderer:
 * what is on screen); the page's websocket tells when the prompt arrived, so the time splits into getting
 * there and getting on screen.
 */
class BrowserShell implements Interruptible {
  runs: BrowserRun[] = [];
  private constructor(private page: Page) {}

  static async open(page: Page, base: string, containerId: string): Promise<BrowserShell> {
    await page.addInitScript(WS_WATCH);
    if (CPU_THROTTLE > 1) {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLE });
    }
    await page.goto(`${base}/containers/${containerId}?tab=terminal`);
    await page.getByTestId('terminal-connect').click();
    await page.getByTestId('terminal-status').and(page.locator('[data-status="open"]')).waitFor();
    await page.locator('[data-testid="terminal"] .xterm-rows').filter({ hasText: '#' }).waitFor();
    await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
    return new BrowserShell(page);
  }

  async type(text: string) {
    await this.page.keyboard.type(text.replace(/\n$/, ''));
    if (text.endsWith('\n')) await this.page.keyboard.press('Enter');
  }

  async waitFor(text: string, timeoutMs: number) {
    await this.page
      .locator('[data-testid="terminal"] .xterm-rows')
      .filter({ hasText: text })
      .waitFor({ timeout: timeoutMs });
  }

  async received() {
    return (await this.page.evaluate('window.__exec.bytes')) as number;
  }

  async interrupt(marker: string) {
    // A string, not a function: tsx's helpers (__name) do not exist in the page.
    const armed = await this.page.evaluate(`(() => {
      const marker = ${JSON.stringify(marker)};
      const ws = window.__exec;
      const rows = document.querySelector('[data-testid="terminal"] .xterm-rows');
      if (!rows) return 'no terminal';
      if (rows.textContent.includes(marker)) return 'the prompt is still on screen: no flood';
      ws.result = new Promise((resolve) => {
        const onKey = (e) => {
          if (!e.ctrlKey || e.key.toLowerCase() !== 'c') return;
          window.removeEventListener('keydown', onKey, true);
          const pressed = performance.now();
          ws.sentCtrlC = null;
          const from = ws.bytes;
          let arrived = null;
          let bytes = null;
          let tail = '';
          ws.watch = (packet) => {
            // The prompt may straddle two messages: keep the end of the last one's text.
            tail = (tail + JSON.parse(packet.slice(2))[1].data).slice(-256);
            if (!tail.includes(marker)) return;
            arrived = performance.now();
            bytes = ws.bytes - from;
            ws.watch = null;
          };
          // Only from the key press on: a check per render of the rows while the flood scrolls by.
          const observer = new MutationObserver(() => {
            if (!rows.textContent.includes(marker)) return;
            observer.disconnect();
            const dom = performance.now();
            requestAnimationFrame(() =>
              setTimeout(() =>
                resolve({ pressed, sent: ws.sentCtrlC, arrived, bytes, dom, painted: performance.now() }),
              ),
            );
          });
          observer.observe(rows, { childList: true, subtree: true, characterData: true });
        };
        window.addEventListener('keydown', onKey, true);
      });
      return 'armed';
    })()`);
    if (armed !== 'armed') throw new Error(`browser: ${armed}`);
    await this.page.keyboard.press('Control+c');
    const r = (await this.page.evaluate(
      `Promise.race([window.__exec.result, new Promise((resolve) => setTimeout(() => resolve(null), ${CTRLC_TIMEOUT}))])`,
    )) as BrowserRun | null;
    if (!r) throw new Error(`browser: "${marker}" not on screen ${CTRLC_TIMEOUT} ms after Ctrl-C`);
    this.runs.push(r);
    return { ms: r.painted - r.pressed, bytes: r.bytes ?? Number.NaN };
  }

  close() {}
}

interface CtrlcRun {
  ms: number;
  /** Output received after the Ctrl-C until the prompt (the page counts websocket text: JSON, `\r\n` as 4). */
  bytes: number;
  /** Output received per second while the flood ran (same units). */
  rate: number;
  /** Browser only: the Ctrl-C left the page; the websocket message with the prompt arrived in it. */
  sent?: number;
  arrived?: number;
}

/** One run: a marked prompt, the flood for YES_MS, Ctrl-C. */
async function interruptOnce(shell: Interruptible, run: number, what: string): Promise<CtrlcRun> {
  const token = `Q${run}${Math.random().toString(36).slice(2, 6).toUpperCase()}Z`;
  const marker = `${token}${token}#`;
  const prompt = shell.waitFor(marker, 10_000);
  await shell.type(`A=${token}; PS1="$A$A# "\n`);
  await prompt;
  await shell.type(`${FLOOD}\n`);
  const before = await shell.received();
  await sleep(YES_MS);
  const rate = ((await shell.received()) - before) / (YES_MS / 1000);
  const r: CtrlcRun = { ...(await shell.interrupt(marker)), rate };
  const page = shell instanceof BrowserShell ? shell.runs.at(-1) : undefined;
  if (page) {
    r.sent = (page.sent ?? Number.NaN) - page.pressed;
    r.arrived = (page.arrived ?? Number.NaN) - page.pressed;
  }
  console.log(
    `[bench:exec] ctrlc ${what} run ${run}: ${ms(r.ms)} to the prompt${page ? ` (Ctrl-C sent after ${ms(r.sent ?? Number.NaN)}, the prompt's message arrived after ${ms(r.arrived ?? Number.NaN)})` : ''}, ${(r.bytes / 1024).toFixed(0)} kB after Ctrl-C, flood ${(rate / 1024).toFixed(0)} kB/s`,
  );
  // Let the shell settle (the prompt's redraw) before the next run.
  await sleep(300);
  return r;
}

async function ctrlc() {
  const cookie = await login(BASE);
  const ids: string[] = [];
  onInterrupt(() => removeContainers(engine, ids));
  const { browser: b, context } = await browser(BASE, cookie);
  try {
    const [id] = await createBenchContainers(engine, 1, { prefix: 'berth-bench-ctrlc', start: true }, ids);
    if (!id) throw new Error('no container');
    const page = await context.newPage();
    const shells = {
      direct: await DirectShell.open(id),
      berth: await BerthShell.open(BASE, cookie, id),
      browser: await BrowserShell.open(page, BASE, id),
    };
    type Path = keyof typeof shells;
    const paths = Object.keys(shells) as Path[];
    const results: Record<Path, CtrlcRun[]> = { direct: [], berth: [], browser: [] };
    const first: Partial<Record<Path, CtrlcRun>> = {};
    try {
      // The first flood of each path is reported on its own: in the page it is also the first for xterm's
      // code and buffers, as it is for someone who just opened the terminal.
      for (const what of paths) first[what] = await interruptOnce(shells[what], 0, what);
      for (let run = 1; run <= CTRLC_RUNS; run++) {
        // Rotated, so no path always runs right after another's flood.
        const order = paths.map((_, i) => paths[(i + run) % paths.length] as Path);
        for (const what of order) results[what].push(await interruptOnce(shells[what], run, what));
      }
    } finally {
      for (const shell of Object.values(shells)) shell.close();
    }
    const kb = (v: number) => `${(v / 1024).toFixed(0)} kB`;
    const row = (label: string, what: Path) => {
      const rs = results[what];
      const s = summarize(rs.map((r) => r.ms));
      const after = summarize(rs.map((r) => r.bytes));
      return [
        label,
        `${ms(s.median)} (${ms(s.min)} – ${ms(s.max)})`,
        first[what] ? ms(first[what].ms) : '—',
        `${kb(summarize(rs.map((r) => r.rate)).median)}/s`,
        `${kb(after.median)} (max ${kb(after.max)})`,
      ];
    };
    const sb = summarize(results.browser.map((r) => r.ms));
    const sd = summarize(results.direct.map((r) => r.ms));
    const sent = summarize(results.browser.map((r) => r.sent ?? Number.NaN));
    const arrived = summarize(results.browser.map((r) => r.arrived ?? Number.NaN));
    const worst = Math.max(sb.max, first.browser?.ms ?? 0);
    const met = sb.median < 200;
    const body = [
      `A shell (busybox \`sh\`) in one running container, its prompt set to a marker (\`PS1="$A$A# "\`: only the shell prints the token twice); \`${FLOOD}\` floods it for ${(YES_MS / 1000).toFixed(1)} s, then Ctrl-C; the time until the marked prompt is back. Each path has its own shell; ${CTRLC_RUNS} runs of each after a first one, the paths' order rotated per run; median (min – max). Busy shared 2-core machine: the flood, dockerd, Berth and Chromium share 2 cores with other helpers' work.${CPU_THROTTLE > 1 ? ` The page's CPU throttled ${CPU_THROTTLE}× (CDP \`Emulation.setCPUThrottlingRate\`).` : ''}`,
      '',
      table(
        [
          'path',
          'Ctrl-C → prompt, median (min – max)',
          'first run',
          'flood received, median',
          'received after Ctrl-C, median (max)',
        ],
        [
          row(
            'direct: hijacked `POST /exec/{id}/start` on the engine socket (dockerode); `\\x03` written → prompt read',
            'direct',
          ),
          row(
            'Berth, a socket.io client in Node that acknowledges at once: `exec:input` `\\x03` → prompt in `exec:output`',
            'berth',
          ),
          row(
            "Berth in headless Chromium: the container page's Terminal tab, Ctrl-C keydown → the frame after the prompt entered xterm.js's rows (bytes: websocket text)",
            'browser',
          ),
        ],
      ),
      '',
      `In the page, after the keydown: the Ctrl-C left on the websocket after ${fmtSummary(sent)}, the message with the prompt arrived after ${fmtSummary(arrived)}; the rest is xterm.js parsing what came before it, and rendering.`,
      '',
      `**Browser: Ctrl-C → prompt ${ms(sb.median)}** (min ${ms(sb.min)}, max ${ms(sb.max)}; first run ${ms(first.browser?.ms ?? Number.NaN)}; raw engine ${ms(sd.median)}) — target < 200 ms: ${met ? 'met' : 'NOT met'}${met && worst >= 200 ? ` (not in every run: the slowest took ${ms(worst)})` : ''}.`,
    ].join('\n');
    writeSection('exec-ctrlc', `Exec: Ctrl-C after \`${FLOOD}\``, body);
    console.log(body);
  } finally {
    await b.close();
    await removeContainers(engine, ids);
  }
}

async function main() {
  const which = process.argv.slice(2);
  if (which.length === 0 || which.includes('keys')) await keystrokes();
  if (which.length === 0 || which.includes('ctrlc')) await ctrlc();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
