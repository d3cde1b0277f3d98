/** A tiny inline line chart of recent values (0 at the bottom), cheap enough for one per table row. */
export function Sparkline({
  values,
  max,
  colour = '#0284c7',
  width = 96,
  height = 24,
  label,
}: {
  values: readonly number[];
  /** The top of the scale; defaults to the largest value shown. */
  max?: number;
  colour?: string;
  width?: number;
  height?: number;
  label: string;
}) {
  const top = Math.max(max ?? 0, ...values, 1e-9);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const points = values
    .map(
      (v, i) =>
        `${(i * step).toFixed(1)},${(height - 1 - (Math.min(v, top) / top) * (height - 2)).toFixed(1)}`,
    )
    .join(' ');
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
      className="shrink-0 overflow-visible"
      data-testid="sparkline"
      data-points={values.length}
    >
      <line
        x1={0}
        x2={width}
        y1={height - 0.5}
        y2={height - 0.5}
        stroke="currentColor"
        strokeOpacity={0.15}
      />
      {values.length > 1 && (
        <polyline points={points} fill="none" stroke={colour} strokeWidth={1.5} strokeLinejoin="round" />
      )}
    </svg>
  );
}
