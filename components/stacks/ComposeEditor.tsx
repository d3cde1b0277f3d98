'use client';

import { yaml } from '@codemirror/lang-yaml';
import { type Diagnostic, lintGutter, setDiagnostics } from '@codemirror/lint';
import { unifiedMergeView } from '@codemirror/merge';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { useEffect, useRef } from 'react';
import { editorTheme, useCodeMirror } from '@/components/ui/useCodeMirror';

/** A problem to mark: 1-based line (null: not placed, listed only) and message. */
export interface EditorProblem {
  line: number | null;
  message: string;
  severity: 'error' | 'warning';
}

const theme = editorTheme('18rem');

interface Props {
  value: string;
  onChange?: (value: string) => void;
  problems?: readonly EditorProblem[];
  /** When set, the editor shows its changes against this text (unified diff, deletions inline). */
  original?: string | null;
  readOnly?: boolean;
  label: string;
  testId: string;
}

function diagnostics(state: EditorState, problems: readonly EditorProblem[]): Diagnostic[] {
  return problems.flatMap((p) => {
    if (p.line === null || p.line < 1 || p.line > state.doc.lines) return [];
    const line = state.doc.line(p.line);
    return [{ from: line.from, to: line.to, severity: p.severity, message: p.message, source: 'compose' }];
  });
}

/**
 * CodeMirror 6 with YAML highlighting, the problems of the file as inline diagnostics on their lines, and an
 * optional diff against another version. Loaded with next/dynamic by the stack pages only.
 */
export default function ComposeEditor({
  value,
  onChange,
  problems = [],
  original = null,
  readOnly = false,
  label,
  testId,
}: Props) {
  const diff = useRef(new Compartment());
  const { host, view } = useCodeMirror({
    value,
    onChange,
    extensions: [
      yaml(),
      lintGutter(),
      theme,
      diff.current.of([]),
      EditorState.readOnly.of(readOnly),
      EditorView.editable.of(!readOnly),
    ],
    label,
    testId,
  });

  // After `value` above, and again when it changes: the lines of the problems are lines of the current text.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `value` re-places the marks after a text sync.
  useEffect(() => {
    const v = view.current;
    if (v) v.dispatch(setDiagnostics(v.state, diagnostics(v.state, problems)));
  }, [problems, value]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `view` is the stable ref useCodeMirror made.
  useEffect(() => {
    const v = view.current;
    if (!v) return;
    v.dispatch({
      effects: diff.current.reconfigure(
        original === null ? [] : unifiedMergeView({ original, mergeControls: false, gutter: true }),
      ),
    });
  }, [original]);

  return <div ref={host} />;
}
