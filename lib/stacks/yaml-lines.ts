import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
  visit,
} from 'yaml';
import type { StackProblem } from '@/lib/stacks/types';

/**
 * Lines of compose-file problems (issue 14): YAML syntax errors found in the browser as the user types, and
 * the messages of the real Compose placed on the line of the setting they name. Browser-safe.
 */

type Segment = string | number;
type StackFile = StackProblem['file'];

/** Bounds: a pathological file must not produce an endless problem list. */
const MAX_PROBLEMS = 50;
/** Compose's message is one line of an editor marker, not a log. */
const MAX_MESSAGE = 2000;

interface Parsed {
  docs: Document.Parsed[];
  lines: LineCounter;
}

function parse(text: string): Parsed {
  const lines = new LineCounter();
  // Compose reads every document of a file and merges them, and honours `<<` merge keys.
  const docs = parseAllDocuments(text, {
    lineCounter: lines,
    uniqueKeys: true,
    prettyErrors: false,
    merge: true,
  });
  return { docs: Array.isArray(docs) ? docs : [], lines };
}

function lineAt(lines: LineCounter, offset: number): number {
  return lines.linePos(offset).line;
}

/** YAML syntax errors, duplicate keys and aliases to anchors that do not exist, with 1-based lines. */
export function yamlProblems(text: string, file: StackFile): StackProblem[] {
  const { docs, lines } = parse(text);
  const problems: StackProblem[] = [];
  for (const doc of docs) {
    for (const error of doc.errors) {
      const line = error.pos ? lineAt(lines, error.pos[0]) : null;
      problems.push({ message: error.message, line, file, path: null });
    }
    if (doc.errors.length > 0) continue;
    visit(doc, {
      Alias(_key, alias) {
        if (alias.resolve(doc) !== undefined) return;
        const line = alias.range ? lineAt(lines, alias.range[0]) : null;
        problems.push({ message: `Unknown anchor "${alias.source}" referenced`, line, file, path: null });
      },
    });
  }
  return problems.slice(0, MAX_PROBLEMS);
}

function keyText(key: unknown): string | null {
  if (isScalar(key)) return key.value === null ? '' : String(key.value);
  return null;
}

/** The node at `segment` under `node` and the offset of where it is written (the key's, for a mapping). */
function child(node: unknown, segment: Segment): { node: unknown; offset: number | null } | null {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (keyText(pair.key) !== String(segment)) continue;
      const keyNode = pair.key as Node | null;
      return { node: pair.value, offset: keyNode?.range?.[0] ?? null };
    }
    return null;
  }
  if (isSeq(node) && typeof segment === 'number' && Number.isInteger(segment)) {
    const item = node.items[segment] as Node | undefined;
    if (item === undefined) return null;
    return { node: item, offset: item.range?.[0] ?? null };
  }
  return null;
}

/** How deep `path` exists in one document, and the offset of the deepest part found. */
function walk(doc: Document.Parsed, path: readonly Segment[]): { depth: number; offset: number | null } {
  let node: unknown = doc.contents;
  let offset: number | null = null;
  let depth = 0;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    const next = child(node, segment);
    if (next === null) break;
    node = next.node;
    if (next.offset !== null) offset = next.offset;
    depth++;
  }
  return { depth, offset };
}

function deepest(parsed: Parsed, path: readonly Segment[]): { depth: number; line: number | null } {
  let best: { depth: number; line: number | null } = { depth: 0, line: null };
  for (const doc of parsed.docs) {
    const found = walk(doc, path);
    if (found.depth > best.depth && found.offset !== null)
      best = { depth: found.depth, line: lineAt(parsed.lines, found.offset) };
  }
  return best;
}

/**
 * The 1-based line of the setting at `path` (e.g. `['services', 'web', 'ports', 0]`), or of its deepest parent
 * that exists; null when not even the first segment does. Sequence indexes may be numbers or digit strings.
 */
export function lineOfPath(text: string, path: (string | number)[]): number | null {
  const normalized = path.map((segment) =>
    typeof segment === 'string' && /^\d+$/.test(segment) ? Number(segment) : segment,
  );
  const parsed = parse(text);
  // A digit string may also be a mapping key (`"8080": …`): try it as written too and keep the deeper match.
  const asNumbers = deepest(parsed, normalized);
  const asWritten = deepest(parsed, path);
  return (asWritten.depth > asNumbers.depth ? asWritten : asNumbers).line;
}

// ---------------------------------------------------------------------------------------------------------
// Compose's messages

/** A dotted Compose path (`services.my.app.ports.0`) matched against a file whose keys may contain dots. */
function resolveDotted(parsed: Parsed, dotted: string): { path: Segment[]; depth: number } {
  const segments = dotted.split('.').filter((s) => s !== '' && s !== '[]');
  let best: { path: Segment[]; depth: number } = { path: segments, depth: 0 };
  for (const doc of parsed.docs) {
    let node: unknown = doc.contents;
    const path: Segment[] = [];
    let i = 0;
    while (i < segments.length) {
      if (isAlias(node)) node = node.resolve(doc);
      let matched = false;
      // Longest key first: service `my.app` before service `my`.
      for (let k = segments.length - i; k >= 1; k--) {
        const key = segments.slice(i, i + k).join('.');
        const segment: Segment = isSeq(node) && /^\d+$/.test(key) ? Number(key) : key;
        const next = child(node, segment);
        if (next === null) continue;
        node = next.node;
        path.push(segment);
        i += k;
        matched = true;
        break;
      }
      if (!matched) break;
    }
    if (path.length > best.depth || (path.length === best.depth && i === segments.length))
      best = { path: i === segments.length ? path : [...path, ...segments.slice(i)], depth: path.length };
  }
  return best;
}

/** Compose's stderr as one message: warnings dropped, continuation lines joined. */
function compact(message: string): string {
  return message
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/\blevel=warn(ing)?\b/.test(line))
    .join(' ')
    .replace(/^decoding failed due to the following error\(s\): /, '')
    .slice(0, MAX_MESSAGE);
}

/** Compose names the files by absolute path (a temp folder or the data dir): keep only their names. */
function stripPaths(message: string): { message: string; override: boolean } {
  let override = false;
  const validating = /^validating (\S+?): /.exec(message);
  if (validating) override = /override/i.test(validating[1] ?? '');
  const inFile = / in (\/\S+?\.ya?ml)\b/.exec(message);
  if (inFile && /override/i.test(inFile[1] ?? '')) override = true;
  const stripped = message
    .replace(/^validating \S+?: /, '')
    .replace(/(?:\/[^\s/:"'`]+)+\/([^\s/:"'`]+)/g, '$1');
  return { message: stripped, override };
}

interface Placement {
  /** Candidate paths, the first that exists in full wins (else the deepest). */
  paths: string[];
  /** A line Compose itself reported. */
  line?: number;
  /** A value to look for in the text when no path fits (a port, a file name, an anchor). */
  needle?: string;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

type Rule = [RegExp, (m: RegExpExecArray) => Placement];

const p = (m: RegExpExecArray, i: number) => m[i] ?? '';

/** What a message says about where the problem is, one rule per message shape Compose 2.26 prints. */
const RULES: Rule[] = [
  [/^yaml: (?:unmarshal errors: )?line (\d+)/, (m) => ({ paths: [], line: Number(m[1]) })],
  [/^yaml: unknown anchor '([^']*)'/, (m) => ({ paths: [], needle: `*${p(m, 1)}` })],
  [/^\(root\) Additional property (\S+) is not allowed/, (m) => ({ paths: [p(m, 1)] })],
  [/^(\S+) Additional property (\S+) is not allowed/, (m) => ({ paths: [`${p(m, 1)}.${p(m, 2)}`] })],
  [
    /^service "([^"]+)" depends on undefined service "([^"]+)"/,
    (m) => ({
      paths: [
        `services.${p(m, 1)}.depends_on.${p(m, 2)}`,
        `services.${p(m, 1)}.depends_on`,
        `services.${p(m, 1)}.network_mode`,
      ],
      needle: p(m, 2),
    }),
  ],
  [
    /^service "([^"]+)" refers to undefined (volume|network|secret|config) ([^\s:]+)/,
    (m) => ({
      paths: [`services.${p(m, 1)}.${p(m, 2) === 'volume' ? 'volumes' : `${p(m, 2)}s`}.${p(m, 3)}`],
      needle: p(m, 3),
    }),
  ],
  [/^service "([^"]+)"/, (m) => ({ paths: [`services.${p(m, 1)}`] })],
  [/^cannot extend service "([^"]+)"/, (m) => ({ paths: [`services.${p(m, 1)}.extends`] })],
  [/^dependency cycle detected: (\S+) ->/, (m) => ({ paths: [`services.${p(m, 1)}.depends_on`] })],
  [/^error while interpolating (\S+?):/, (m) => ({ paths: [p(m, 1)] })],
  [/error decoding '([^']+)'/, (m) => ({ paths: [p(m, 1).replace(/\[([^\]]+)\]/g, '.$1')] })],
  [
    /^Invalid (?:containerPort|hostPort|hostIP|ip address|proto): (\S+)/i,
    (m) => ({ paths: [], needle: p(m, 1) }),
  ],
  [/^env file (\S+) not found/, (m) => ({ paths: [], needle: p(m, 1) })],
  [/^(\S+) (?:must be|does not match|is not|is required|Must|Invalid type)/, (m) => ({ paths: [p(m, 1)] })],
  [/^((?:services|volumes|networks|secrets|configs)\.\S+)\s/, (m) => ({ paths: [p(m, 1)] })],
];

function placement(message: string): Placement {
  for (const [pattern, place] of RULES) {
    const match = pattern.exec(message);
    if (match) return place(match);
  }
  return { paths: [] };
}

/** The first line from `from` (1-based) that mentions `needle` as a whole word, comments aside. */
function findNeedle(text: string, needle: string, from = 1): number | null {
  const pattern = new RegExp(`(^|[^\\w.-])${escapeRegExp(needle)}($|[^\\w.-])`);
  const lines = text.split(/\r?\n/);
  for (let i = Math.max(0, from - 1); i < lines.length; i++) {
    if (pattern.test((lines[i] ?? '').replace(/(^|\s)#.*$/, ''))) return i + 1;
  }
  return null;
}

/** The best line for a placement in one file, and how sure it is (2: whole path, 1: parent or needle). */
function placeIn(
  text: string,
  where: Placement,
): { line: number | null; path: string | null; score: number } {
  const parsed = parse(text);
  let fallback: { line: number | null; path: string | null; score: number } = {
    line: null,
    path: null,
    score: 0,
  };
  for (const dotted of where.paths) {
    const resolved = resolveDotted(parsed, dotted);
    const found = deepest(parsed, resolved.path);
    const whole = found.depth === resolved.path.length && found.depth > 0;
    if (whole) return { line: found.line, path: resolved.path.join('.'), score: 2 };
    if (found.line !== null && fallback.line === null)
      fallback = { line: found.line, path: resolved.path.join('.'), score: found.depth > 0 ? 1 : 0 };
  }
  if (where.needle !== undefined) {
    // Below the deepest parent found: `data` in the web service's volumes, not the first `data` in the file.
    const line = findNeedle(text, where.needle, fallback.line ?? 1);
    if (line !== null) return { line, path: fallback.path ?? where.paths[0] ?? null, score: 1.5 };
  }
  return fallback;
}

/**
 * A message of the real Compose (`docker compose config` stderr) as a problem on a line of the file it is
 * about: temp paths removed, warnings dropped, placed by the path it names or the `line N` it reports.
 */
export function composeProblem(message: string, texts: { compose: string; override?: string }): StackProblem {
  const { message: text, override: namesOverride } = stripPaths(compact(message));
  const where = placement(text);
  const hasOverride = texts.override !== undefined && texts.override.trim() !== '';

  if (where.line !== undefined) {
    // Compose does not say which file a YAML error is in: the one our own reader also refuses.
    const inOverride =
      hasOverride &&
      yamlProblems(texts.compose, 'compose').length === 0 &&
      yamlProblems(texts.override ?? '', 'override').length > 0;
    const file: StackFile = namesOverride || inOverride ? 'override' : 'compose';
    const source = file === 'override' ? (texts.override ?? '') : texts.compose;
    const ours = yamlProblems(source, file)[0];
    const lineCount = source.split(/\r?\n/).length;
    // go-yaml reports some errors on the line their block started (`did not find expected key` on line 1);
    // our reader's line is where the text actually goes wrong.
    const line = ours?.line ?? (where.line >= 1 && where.line <= lineCount ? where.line : null);
    return { message: text, line, file, path: null };
  }

  const inCompose = placeIn(texts.compose, where);
  if (namesOverride && hasOverride) {
    const placed = placeIn(texts.override ?? '', where);
    return { message: text, line: placed.line, file: 'override', path: placed.path };
  }
  if (hasOverride && inCompose.score < 2) {
    const placed = placeIn(texts.override ?? '', where);
    if (placed.score > inCompose.score)
      return { message: text, line: placed.line, file: 'override', path: placed.path };
  }
  return { message: text, line: inCompose.line, file: 'compose', path: inCompose.path };
}
