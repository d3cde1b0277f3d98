import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FieldError } from '@/lib/http/envelope';
import type { StackProblem, StackValidation } from '@/lib/stacks/types';
import { composeProblem, yamlProblems } from '@/lib/stacks/yaml-lines';
import type { UserPrincipal } from '@/server/auth/guard';
import { requireCompose } from '@/server/compose/binary';
import { CONFIG_TIMEOUT_MS, runCompose } from '@/server/compose/runner';
import { readPolicyFacts } from '@/server/docker/policy-facts';
import { HttpError } from '@/server/http/errors';
import { getSettings } from '@/server/settings/store';
import {
  checkStackConfig,
  checkStackSources,
  type StackPolicyViolation,
  stackPolicyReferences,
  stackViolationMessage,
} from '@/server/stacks/policy';
import {
  COMPOSE_FILE,
  ENV_FILE,
  getStackRecord,
  OVERRIDE_FILE,
  type StackFiles,
  stackDir,
} from '@/server/stacks/store';

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
  const temp = fs.mkdtempSync(path.join(/*turbopackIgnore: true*/ os.tmpdir(), 'berth-stack-'));
  try {
    const composeFile = path.join(/*turbopackIgnore: true*/ temp, COMPOSE_FILE);
    const envFile = path.join(/*turbopackIgnore: true*/ temp, ENV_FILE);
    fs.writeFileSync(composeFile, files.compose, { mode: 0o600 });
    // Always an env file of ours: without it Compose would read the stack folder's current .env.
    fs.writeFileSync(envFile, files.env ?? '', { mode: 0o600 });
    // Relative paths resolve where the stack will run: its own folder, or an adopted stack's project folder.
    const projectDir = getStackRecord(name)?.projectDir ?? stackDir(name);
    const args = ['-p', name, '--project-directory', projectDir, '-f', composeFile];
    if (files.override?.trim()) {
      const overrideFile = path.join(/*turbopackIgnore: true*/ temp, OVERRIDE_FILE);
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
      return {
        ok: false,
        problems: [composeProblem(text, { compose: files.compose, override: files.override ?? undefined })],
      };
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

function refuse(violations: StackPolicyViolation[]): void {
  if (violations.length === 0) return;
  throw new HttpError(
    403,
    'policy',
    violations.map(stackViolationMessage).join('\n'),
    violations.map((v) => ({ path: `body.compose.${v.path}`, message: stackViolationMessage(v) })),
  );
}

/**
 * Before rendering, for everyone but admins: the files Compose would read on Berth's host to render
 * (env_file, extends, include) must be in the stack's folder or pass the host-path policy, since what it reads
 * ends up in the rendered config.
 */
export function enforceStackSources(principal: UserPrincipal, name: string, files: StackFiles): void {
  if (principal.user.role === 'admin') return;
  refuse(
    checkStackSources(
      { compose: files.compose, override: files.override ?? undefined },
      getSettings().security,
      stackDir(name),
    ),
  );
}

/**
 * The security policy on what Compose would run, for everyone but admins: each service as the container it
 * makes, each volume as the volume it makes (server/stacks/policy.ts). 403 naming the service and setting.
 */
export async function enforceStackPolicy(
  principal: UserPrincipal,
  name: string,
  project: RenderedProject,
): Promise<void> {
  if (principal.user.role === 'admin') return;
  const facts = await readPolicyFacts(stackPolicyReferences(project));
  refuse(checkStackConfig(project, getSettings().security, facts, { projectDir: stackDir(name) }));
}
