/**
 * Pull and push progress, folded from the engine's JSON message stream (the one `docker pull` renders as
 * per-layer bars). Pure: the server folds messages into a snapshot and sends snapshots to every viewer.
 */

/** One line of the engine's stream (`/images/create`, `/images/{name}/push`, `/build`). */
export interface EngineProgressMessage {
  status?: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
  aux?: { Tag?: string; Digest?: string; Size?: number; ID?: string };
  stream?: string;
}

export type LayerPhase = 'waiting' | 'downloading' | 'verifying' | 'extracting' | 'pushing' | 'done';

export interface LayerProgress {
  id: string;
  /** The engine's own words ("Downloading", "Already exists", "Pushed"). */
  status: string;
  phase: LayerPhase;
  current: number;
  total: number;
  /** 0…1 across the whole life of the layer (download then extract for a pull). */
  fraction: number;
}

export interface ProgressSnapshot {
  kind: 'pull' | 'push';
  /** The normalised reference being pulled or pushed. */
  reference: string;
  layers: LayerProgress[];
  /** 0…1 over every layer, each counting the same. */
  overall: number;
  /** Messages without a layer ("Digest: …", "Status: Downloaded newer image for …"). */
  messages: string[];
  digest: string | null;
  state: 'running' | 'done' | 'error' | 'cancelled';
  error: string | null;
}

const MAX_MESSAGES = 50;

export function emptySnapshot(kind: ProgressSnapshot['kind'], reference: string): ProgressSnapshot {
  return {
    kind,
    reference,
    layers: [],
    overall: 0,
    messages: [],
    digest: null,
    state: 'running',
    error: null,
  };
}

function phaseOf(status: string): LayerPhase {
  const s = status.toLowerCase();
  if (s.startsWith('downloading')) return 'downloading';
  if (s.startsWith('verifying') || s === 'download complete') return 'verifying';
  if (s.startsWith('extracting')) return 'extracting';
  if (s.startsWith('pushing')) return 'pushing';
  if (
    s === 'pull complete' ||
    s === 'already exists' ||
    s === 'pushed' ||
    s === 'layer already exists' ||
    s.startsWith('mounted from')
  )
    return 'done';
  return 'waiting';
}

function fractionOf(kind: ProgressSnapshot['kind'], phase: LayerPhase, current: number, total: number) {
  const part = total > 0 ? Math.min(1, Math.max(0, current / total)) : 0;
  if (phase === 'done') return 1;
  if (kind === 'push') return phase === 'pushing' ? part : 0;
  // A pull downloads then extracts each layer: each half of the bar.
  if (phase === 'downloading') return part / 2;
  if (phase === 'verifying') return 0.5;
  if (phase === 'extracting') return 0.5 + part / 2;
  return 0;
}

const LAYER_ID = /^[a-f0-9]{12,64}$/;

/** Returns a new snapshot with one more engine message applied. */
export function applyProgress(snap: ProgressSnapshot, msg: EngineProgressMessage): ProgressSnapshot {
  if (msg.error || msg.errorDetail?.message) {
    return { ...snap, state: 'error', error: msg.errorDetail?.message ?? msg.error ?? 'failed' };
  }
  const status = msg.status ?? '';
  const digest = /digest: (sha256:[a-f0-9]{64})/i.exec(status)?.[1] ?? msg.aux?.Digest ?? snap.digest;
  if (msg.id && LAYER_ID.test(msg.id) && status) {
    const phase = phaseOf(status);
    const prev = snap.layers.find((l) => l.id === msg.id);
    const current = msg.progressDetail?.current ?? (phase === 'done' ? (prev?.total ?? 0) : 0);
    const total = msg.progressDetail?.total ?? prev?.total ?? 0;
    // The engine sends "Downloading" lines out of order with "Extracting" ones now and then: never go back.
    const fraction = Math.max(
      phase === 'waiting' ? 0 : (prev?.fraction ?? 0),
      fractionOf(snap.kind, phase, current, total),
    );
    const layer: LayerProgress = { id: msg.id, status, phase, current, total, fraction };
    const layers = prev ? snap.layers.map((l) => (l.id === msg.id ? layer : l)) : [...snap.layers, layer];
    const overall = layers.reduce((sum, l) => sum + l.fraction, 0) / layers.length;
    return { ...snap, layers, overall, digest };
  }
  if (!status) return { ...snap, digest };
  const line = msg.id && !LAYER_ID.test(msg.id) ? `${msg.id}: ${status}` : status;
  return { ...snap, digest, messages: [...snap.messages, line].slice(-MAX_MESSAGES) };
}

/** The stream ended without an error line: everything is there. */
export function finishProgress(snap: ProgressSnapshot): ProgressSnapshot {
  if (snap.state !== 'running') return snap;
  return {
    ...snap,
    state: 'done',
    overall: 1,
    layers: snap.layers.map((l) => ({ ...l, fraction: 1, phase: 'done' })),
  };
}
