import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FieldError } from '@/lib/http/envelope';
import type { StackProblem, StackValidation } from '@/lib/stacks/types';
import type { UserPrincipal } from '@/server/auth/guard';
import { requireCompose } from '@/server/compose/binary';
import { CONFIG_TIMEOUT_MS, runCompose } from '@/server/compose/runner';
import { readPolicyFacts } from '@/server/docker/policy-facts';
import { HttpError } from '@/server/http/errors';
import { getSettings } from '@/server/settings/store';
import {
  composeProblem,
  judgeRenderedProject,
  outsideFileReferences,
  renderedReferences,
  yamlProblems,
} from '@/server/stacks/interim';
import { COMPOSE_FILE, ENV_FILE, OVERRIDE_FILE, type StackFiles, stackDir } from '@/server/stacks/store';

export type RenderedProject = Record<string, unknown> & {
  services?: Record<string, Record<string, unknown>>;
};

export type Rendered = { ok: true; project: RenderedProject } | { ok: false; problems: StackProblem[] };

/**
 * Compose's verdict on files before anything is written: they go to a temporary folder and `docker compose
 * config --format json` renders them as if they were in the stack's own folder (`--project-directory`), so
 * relative paths resolve where they will run. YAML syntax is checked first (Compose's YAML lines are off).
 */
export async function renderFiles(name: string, files: StackFiles): Promise<Rendered> {
  const syntax = [
    ...yamlProblems(files.compose, 'compose'),
    ...(files.override ? yamlProblems(files.override, 'override') : []),
  ];
  if (syntax.length > 0) return { ok: false, problems: syntax };
  const compose = await requireCompose();
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-stack-'));
  try {
    const composeFile = path.join(temp, COMPOSE_FILE);
    const envFile = path.join(temp, ENV_FILE);
    fs.writeFileSync(composeFile, files.compose, { mode: 0o600 });
    // Always an env file of ours: without it Compose would read the stack folder's current .env.
    fs.writeFileSync(envFile, files.env ?? '', { mode: 0o600 });
    const args = ['-p', name, '--project-directory', stackDir(name), '-f', composeFile];
    if (files.override?.trim()) {
      const overrideFile = path.join(temp, OVERRIDE_FILE);
      fs.writeFileSync(overrideFile, files.override, { mode: 0o600 });
      args.push('-f', overrideFile);
    }
    args.push('--env-file', envFile, 'config', '--format', 'json');
    const outcome = await runCompose({
      binary: compose.path,
      args,
      cwd: temp,
      timeoutMs: CONFIG_TIMEOUT_MS,
      captureStdout: true,
    });
    if (outcome.exitCode !== 0) {
      const message =
        outcome.lines.filter((l) => !/^\s*(WARN|time=)/.test(l)).join('\n') ||
        outcome.spawnError ||
        (outcome.timedOut ? 'docker compose config did not answer in time' : 'docker compose config failed');
      // Compose names temporary paths; the user knows the files by their own names.
      const text = message.split(temp).join('.');
      return { ok: false, problems: [composeProblem(text, files.compose, files.override)] };
    }
    const project = JSON.parse(outcome.stdout) as RenderedProject;
    return { ok: true, project };
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

export function serviceNames(project: RenderedProject): string[] {
  return Object.keys(project.services ?? {}).sort();
}

export function toValidation(rendered: Rendered): StackValidation {
  return rendered.ok
    ? { ok: true, problems: [], services: serviceNames(rendered.project) }
    : { ok: false, problems: rendered.problems, services: [] };
}

/** A 400 naming Compose's message and the line, with each problem as a field of the body. */
export function invalidFiles(problems: StackProblem[]): HttpError {
  const first = problems[0];
  const where = (p: StackProblem) =>
    `${p.file === 'override' ? OVERRIDE_FILE : COMPOSE_FILE}${p.line ? `, line ${p.line}` : ''}`;
  const fields: FieldError[] = problems.map((p) => ({
    path: `body.${p.file}${p.path ? `.${p.path}` : ''}`,
    message: p.message,
    ...(p.line ? { line: p.line } : {}),
  }));
  return new HttpError(
    400,
    'bad_request',
    first ? `Invalid compose file (${where(first)}): ${first.message}` : 'Invalid compose file',
    fields,
  );
}

/** Renders the files or throws the 400 of their first problem. */
export async function renderOrThrow(name: string, files: StackFiles): Promise<RenderedProject> {
  const rendered = await renderFiles(name, files);
  if (!rendered.ok) throw invalidFiles(rendered.problems);
  return rendered.project;
}

/**
 * The security policy on what Compose would run, for everyone but admins: each service as the container it
 * makes, each volume as the volume it makes, and files Compose would read from Berth's host. 403 naming the
 * service and the setting.
 */
export async function enforceStackPolicy(
  principal: UserPrincipal,
  name: string,
  files: StackFiles,
  project: RenderedProject,
): Promise<void> {
  if (principal.user.role === 'admin') return;
  const settings = getSettings().security;
  const facts = await readPolicyFacts(renderedReferences(project));
  const violations = judgeRenderedProject(project, settings, facts);
  if (settings.allowHostBindMounts !== true) {
    for (const ref of outsideFileReferences(files.compose, stackDir(name))) {
      violations.push({
        service: ref.path.startsWith('services.') ? (ref.path.split('.')[1] ?? null) : null,
        path: ref.path,
        setting: 'allowHostBindMounts',
        message: `Host bind mounts are not allowed for your role (setting "allowHostBindMounts"): ${ref.path} reads ${ref.file} outside the stack's folder`,
      });
    }
  }
  if (violations.length === 0) return;
  throw new HttpError(
    403,
    'policy',
    violations.map((v) => `${v.message} (${v.path})`).join('\n'),
    violations.map((v) => ({ path: `body.compose.${v.path}`, message: v.message })),
  );
}
