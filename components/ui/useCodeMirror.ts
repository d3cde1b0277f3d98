'use client';

import { EditorState, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { type RefObject, useEffect, useRef } from 'react';

/** Berth's editor look: the form inputs' border, a monospace face, at least `minHeight` tall. */
export const editorTheme = (minHeight: string) =>
  EditorView.theme({
    '&': { fontSize: '13px', border: '1px solid rgb(203 213 225)', borderRadius: '6px' },
    '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', minHeight },
  });

/**
 * One CodeMirror 6 view in `host`, made once (its extensions are read at mount only), whose text follows `value`
 * and reports edits through `onChange`. Only editors loaded with next/dynamic use it, so CodeMirror weighs on the
 * pages that edit files alone.
 */
export function useCodeMirror({
  value,
  onChange,
  extensions,
  label,
  testId,
}: {
  value: string;
  onChange?: (value: string) => void;
  extensions: Extension[];
  label: string;
  testId: string;
}): { host: RefObject<HTMLDivElement | null>; view: RefObject<EditorView | null> } {
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
          ...extensions,
          EditorView.contentAttributes.of({ 'aria-label': label, 'data-testid': testId }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) onChangeRef.current?.(u.state.doc.toString());
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

  return { host, view };
}
