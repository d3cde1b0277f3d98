import type { EngineProgressMessage, ProgressSnapshot } from '@/lib/images/progress';
import { applyProgress, emptySnapshot, finishProgress } from '@/lib/images/progress';
import type { ImageReference } from '@/lib/images/reference';
import { contextValue } from '@/server/context';
import { currentEnvironment } from '@/server/docker/client';
import { pullStream, pushStream, type RegistryAuth } from '@/server/docker/images';
import { readJsonLines } from '@/server/docker/json-lines';
import { toHttpError } from '@/server/http/errors';

export type ImageJobKind = ProgressSnapshot['kind'];

export type Starter = (
  ref: ImageReference,
  auth: RegistryAuth | undefined,
  signal: AbortSignal,
) => Promise<NodeJS.ReadableStream>;

export interface JobRequest {
  kind: ImageJobKind;
  reference: ImageReference;
  auth?: RegistryAuth;
  /** Which stored credentials (if any): viewers with different credentials never share an engine stream. */
  authKey?: string;
}

type Listener = (snap: ProgressSnapshot) => void;

interface Job {
  snap: ProgressSnapshot;
  listeners: Set<Listener>;
  abort: AbortController;
  timer: NodeJS.Timeout | null;
  done: Promise<ProgressSnapshot>;
}

export interface JobHandle {
  /** The job as it stands when joined (a late viewer starts from here, not from zero). */
  snapshot: ProgressSnapshot;
  /** Resolves with the final snapshot: done, error or cancelled. */
  done: Promise<ProgressSnapshot>;
  /** Stops watching; the last viewer to leave cancels the engine pull or push. */
  leave: () => void;
}

/** Progress reaches viewers at most this often: a pull sends hundreds of lines a second. */
const EMIT_EVERY_MS = 150;

/**
 * Pulls and pushes in progress: one engine stream per reference (and credentials), fanned out to every
 * viewer who asks for the same one. Each viewer's socket owns its handle; when nobody watches any more the
 * engine request is aborted, which makes the engine cancel the pull.
 */
export class ImageJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly starters: Record<ImageJobKind, Starter> = { pull: pullStream, push: pushStream },
    private readonly emitEveryMs = EMIT_EVERY_MS,
  ) {}

  /** Per engine: the same pull on two environments is two jobs. */
  static key(req: JobRequest, env = currentEnvironment()): string {
    return `${env} ${req.kind} ${req.reference.full} ${req.authKey ?? ''}`;
  }

  join(req: JobRequest, listener: Listener): JobHandle {
    const key = ImageJobs.key(req);
    let job = this.jobs.get(key);
    if (!job) job = this.start(key, req);
    const own = job;
    own.listeners.add(listener);
    return {
      snapshot: own.snap,
      done: own.done,
      leave: () => {
        if (!own.listeners.delete(listener) || own.listeners.size > 0) return;
        if (this.jobs.get(key) === own && own.snap.state === 'running') own.abort.abort();
      },
    };
  }

  get size(): number {
    return this.jobs.size;
  }

  /** Server shutdown: every engine request is aborted. */
  closeAll(): void {
    for (const job of this.jobs.values()) job.abort.abort();
  }

  private start(key: string, req: JobRequest): Job {
    const abort = new AbortController();
    let finish: (snap: ProgressSnapshot) => void = () => {};
    const job: Job = {
      snap: emptySnapshot(req.kind, req.reference.familiar),
      listeners: new Set(),
      abort,
      timer: null,
      done: new Promise((resolve) => {
        finish = resolve;
      }),
    };
    this.jobs.set(key, job);

    const emit = () => {
      job.timer = null;
      for (const l of job.listeners) l(job.snap);
    };
    const schedule = () => {
      if (!job.timer) job.timer = setTimeout(emit, this.emitEveryMs);
    };
    const end = (snap: ProgressSnapshot) => {
      if (this.jobs.get(key) !== job) return;
      this.jobs.delete(key);
      if (job.timer) clearTimeout(job.timer);
      job.snap = snap;
      emit();
      job.listeners.clear();
      finish(snap);
    };
    abort.signal.addEventListener('abort', () =>
      end({ ...job.snap, state: 'cancelled', error: 'Cancelled: nobody was watching any more' }),
    );

    void this.starters[req.kind](req.reference, req.auth, abort.signal)
      .then((stream) => {
        if (abort.signal.aborted) {
          (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
          return;
        }
        return readJsonLines(stream, (value) => {
          job.snap = applyProgress(job.snap, value as EngineProgressMessage);
          schedule();
        }).then(() => end(finishProgress(job.snap)));
      })
      .catch((err: unknown) => {
        if (abort.signal.aborted) return;
        end({ ...job.snap, state: 'error', error: toHttpError(err).message });
      });
    return job;
  }
}

/** One registry of jobs for the process (in the server context): socket handlers and HTTP routes share it. */
export function imageJobs(): ImageJobs {
  return contextValue('imageJobs', () => new ImageJobs());
}
