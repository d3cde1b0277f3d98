'use client';

import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef } from 'react';
import type uPlot from 'uplot';

interface Series {
  label: string;
  color: string;
  values: number[];
}

/** A small live time chart (uPlot: canvas, cheap to redraw every second). */
export function LineChart({
  times,
  series,
  format,
  height = 160,
  testId,
}: {
  times: number[];
  series: Series[];
  format: (v: number) => string;
  height?: number;
  testId?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const formatRef = useRef(format);
  formatRef.current = format;
  const labels = series.map((s) => `${s.label}|${s.color}`).join(',');

  // biome-ignore lint/correctness/useExhaustiveDependencies: the chart is rebuilt only when its series change
  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | null = null;
    void import('uplot').then(({ default: UPlot }) => {
      if (disposed || !host.current) return;
      const width = host.current.clientWidth || 400;
      plot.current = new UPlot(
        {
          width,
          height,
          legend: { show: true },
          scales: { x: { time: true } },
          axes: [
            { stroke: '#94a3b8', grid: { stroke: '#94a3b833' } },
            {
              stroke: '#94a3b8',
              grid: { stroke: '#94a3b833' },
              size: 70,
              values: (_u, vals) => vals.map((v) => formatRef.current(v)),
            },
          ],
          series: [
            {},
            ...series.map((s) => ({
              label: s.label,
              stroke: s.color,
              width: 1.5,
              value: (_u: uPlot, v: number | null) => (v === null ? '—' : formatRef.current(v)),
            })),
          ],
        },
        [[], ...series.map(() => [])],
        host.current,
      );
      observer = new ResizeObserver(() => {
        if (host.current && plot.current) plot.current.setSize({ width: host.current.clientWidth, height });
      });
      observer.observe(host.current);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [labels, height]);

  useEffect(() => {
    plot.current?.setData([times.map((t) => t / 1000), ...series.map((s) => s.values)]);
  });

  return <div ref={host} data-testid={testId} data-points={times.length} />;
}
