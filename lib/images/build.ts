import { z } from 'zod';
import type { EngineProgressMessage } from '@/lib/images/progress';
import { parseImageReference } from '@/lib/images/reference';

/** What the build form sends (over socket.io): a Dockerfile from the editor, or an uploaded context. */
export const buildRequestSchema = z
  .object({
    /** Dockerfile text from the editor; built with an otherwise empty context. */
    dockerfile: z
      .string()
      .max(256 * 1024, 'The Dockerfile is too long (256 KB at most)')
      .optional(),
    /** An uploaded context tar (POST /api/images/build/context). */
    contextId: z.uuid('Not an uploaded context id').optional(),
    /** Path of the Dockerfile inside an uploaded context. */
    dockerfilePath: z
      .string()
      .max(255)
      .regex(/^[^/\0][^\0]*$/, 'A relative path inside the context')
      .optional(),
    tags: z
      .array(
        z.string().superRefine((value, ctx) => {
          const parsed = parseImageReference(value, { defaultTag: false });
          if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
          else if (parsed.ref.digest)
            ctx.addIssue({ code: 'custom', message: 'A build tag cannot have a digest' });
        }),
      )
      .max(20)
      .default([]),
    /** `KEY=value` pairs, as `--build-arg` takes them. */
    buildArgs: z
      .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*=/, 'A build argument is KEY=value'))
      .max(100)
      .default([]),
    target: z
      .string()
      .max(128)
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'Not a stage name')
      .optional(),
    noCache: z.boolean().default(false),
    pull: z.boolean().default(false),
  })
  .refine((b) => !!b.dockerfile?.trim() !== !!b.contextId, {
    message: 'Give either a Dockerfile or an uploaded context, not both or neither',
    path: ['dockerfile'],
  });
export type BuildRequest = z.input<typeof buildRequestSchema>;
export type BuildRequestParsed = z.output<typeof buildRequestSchema>;

export interface BuildStep {
  number: number;
  total: number;
  instruction: string;
}

export interface BuildResult {
  ok: boolean;
  imageId: string | null;
  error: string | null;
  /** The step that failed, and its line in the editor's Dockerfile when known (1-based). */
  failedStep: (BuildStep & { line: number | null }) | null;
  cancelled?: boolean;
}

export interface BuildState {
  steps: BuildStep[];
  imageId: string | null;
  error: string | null;
}

export function emptyBuildState(): BuildState {
  return { steps: [], imageId: null, error: null };
}

const STEP = /^Step (\d+)\/(\d+) : (.*)$/;

/** Folds one message of the engine's build stream; returns the log lines it adds. */
export function applyBuildMessage(state: BuildState, msg: EngineProgressMessage): string[] {
  if (msg.error || msg.errorDetail?.message) {
    state.error = msg.errorDetail?.message ?? msg.error ?? 'build failed';
    return [state.error];
  }
  if (msg.aux?.ID) state.imageId = msg.aux.ID;
  const text = msg.stream ?? (msg.status ? `${msg.id ? `${msg.id}: ` : ''}${msg.status}\n` : '');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const line of lines) {
    const m = STEP.exec(line.trim());
    if (m) state.steps.push({ number: Number(m[1]), total: Number(m[2]), instruction: m[3] ?? '' });
  }
  return lines;
}

interface Instruction {
  line: number;
  text: string;
}

/** The Dockerfile's instructions with their first line: comments, blank lines and continuations folded. */
export function dockerfileInstructions(dockerfile: string): Instruction[] {
  const out: Instruction[] = [];
  let current: Instruction | null = null;
  dockerfile.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!current && (line === '' || line.startsWith('#'))) return;
    if (current && line.startsWith('#')) return;
    const continued = line.endsWith('\\');
    const part = continued ? line.slice(0, -1).trim() : line;
    if (current) current.text += ` ${part}`;
    else current = { line: i + 1, text: part };
    if (!continued) {
      out.push({ line: current.line, text: current.text.replace(/\s+/g, ' ').trim() });
      current = null;
    }
  });
  if (current) out.push(current);
  return out;
}

/**
 * Where a build failed: the last step the engine started, located in the editor's Dockerfile by its text
 * (the engine prints the instruction as written), or a parse error's own line number.
 */
export function buildResult(state: BuildState, dockerfile?: string): BuildResult {
  if (!state.error) return { ok: true, imageId: state.imageId, error: null, failedStep: null };
  const parseLine = /line (\d+)/i.exec(state.error);
  const last = state.steps.at(-1);
  if (!last) {
    const line = parseLine ? Number(parseLine[1]) : null;
    return {
      ok: false,
      imageId: null,
      error: state.error,
      failedStep: line ? { number: 0, total: 0, instruction: '', line } : null,
    };
  }
  let line: number | null = null;
  if (dockerfile) {
    const wanted = last.instruction.replace(/\s+/g, ' ').trim().toLowerCase();
    const instructions = dockerfileInstructions(dockerfile);
    const byText = instructions.filter((ins) => ins.text.toLowerCase() === wanted);
    // The same instruction may appear twice: prefer the one at the step's position.
    line =
      byText.find((ins) => ins === instructions[last.number - 1])?.line ??
      byText[0]?.line ??
      instructions[last.number - 1]?.line ??
      null;
  }
  return { ok: false, imageId: null, error: state.error, failedStep: { ...last, line } };
}
