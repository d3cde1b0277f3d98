'use client';

import { StreamLanguage } from '@codemirror/language';
import { dockerFile } from '@codemirror/legacy-modes/mode/dockerfile';
import { StateEffect, StateField } from '@codemirror/state';
import { Decoration, type DecorationSet, EditorView } from '@codemirror/view';
import { useEffect } from 'react';
import { editorTheme, useCodeMirror } from '@/components/ui/useCodeMirror';

const setErrorLine = StateEffect.define<number | null>();

/** The line a failed build step came from, marked until the text changes. */
const errorLine = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    let next = tr.docChanged ? Decoration.none : deco.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setErrorLine)) continue;
      if (e.value === null || e.value < 1 || e.value > tr.state.doc.lines) next = Decoration.none;
      else {
        const line = tr.state.doc.line(e.value);
        next = Decoration.set([Decoration.line({ class: 'cm-berth-error-line' }).range(line.from)]);
      }
    }
    return next;
  },
  provide: (f) => EditorView.decorations.from(f),
});

const theme = [
  editorTheme('16rem'),
  EditorView.theme({ '.cm-berth-error-line': { backgroundColor: 'rgba(239, 68, 68, 0.18)' } }),
];

interface Props {
  value: string;
  onChange: (value: string) => void;
  /** 1-based line to mark as the failing step, or null. */
  errorAt: number | null;
  label: string;
}

/**
 * CodeMirror 6 with Dockerfile highlighting. Loaded with next/dynamic from the build page only, so the
 * editor's code weighs on no other page.
 */
export default function DockerfileEditor({ value, onChange, errorAt, label }: Props) {
  const { host, view } = useCodeMirror({
    value,
    onChange,
    extensions: [StreamLanguage.define(dockerFile), errorLine, theme],
    label,
    testId: 'dockerfile-editor',
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: `view` is the stable ref useCodeMirror made.
  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const effects: StateEffect<unknown>[] = [setErrorLine.of(errorAt)];
    if (errorAt && errorAt <= v.state.doc.lines)
      effects.push(EditorView.scrollIntoView(v.state.doc.line(errorAt).from, { y: 'center' }));
    v.dispatch({ effects });
  }, [errorAt]);

  return <div ref={host} />;
}
