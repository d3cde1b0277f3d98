'use client';

import { StreamLanguage } from '@codemirror/language';
import { dockerFile } from '@codemirror/legacy-modes/mode/dockerfile';
import { EditorState, StateEffect, StateField } from '@codemirror/state';
import { Decoration, type DecorationSet, EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';

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

const theme = EditorView.theme({
  '&': { fontSize: '13px', border: '1px solid rgb(203 213 225)', borderRadius: '6px' },
  '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', minHeight: '16rem' },
  '.cm-berth-error-line': { backgroundColor: 'rgba(239, 68, 68, 0.18)' },
});

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
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the editor is created once; `value` syncs below.
  useEffect(() => {
    if (!host.current) return;
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          StreamLanguage.define(dockerFile),
          errorLine,
          theme,
          EditorView.contentAttributes.of({ 'aria-label': label, 'data-testid': 'dockerfile-editor' }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) onChangeRef.current(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
  }, []);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value)
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

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
