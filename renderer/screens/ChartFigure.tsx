import { useEffect, useId, useRef, useState } from 'react';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { ScrollTable } from '../components/ScrollTable';
import { statsText as m } from '../messages/stats';

// Only the parts drawn here (chart.js is tree-shakable: what is not registered stays out of the bundle).
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);
Chart.defaults.font.family = "'Titillium Web', Geneva, Tahoma, sans-serif";
Chart.defaults.font.size = 14;
Chart.defaults.color = '#1a1a1a';

export interface Series {
  label: string;
  values: number[];
  /** A colour with at least 3:1 contrast on white (WCAG 1.4.11). */
  color: string;
}

export interface ChartFigureProps {
  title: string;
  /** What the chart shows, in one or two sentences: the canvas's accessible name. */
  summary: string;
  /** One label per bar (or group of stacked bars), as drawn under the axis. */
  labels: string[];
  /** The same labels as the table reads them (e.g. full dates). */
  rowLabels?: string[];
  rowHeader: string;
  series: Series[];
  stacked?: boolean;
  caption: string;
  testId: string;
  /** Heading level of the title (h2 by default; h3 inside a section). */
  level?: 2 | 3;
}

/**
 * A bar chart drawn by chart.js on a canvas (an image with its summary as accessible name) and
 * the same figures in a real table, shown by a button: the keyboard and screen readers read the table.
 */
export function ChartFigure(p: ChartFigureProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [open, setOpen] = useState(false);
  const tableId = useId();
  const titleId = useId();
  // Redrawn when the figures change (`key` stands for labels, series and stacked).
  const key = JSON.stringify([p.labels, p.series, p.stacked]);
  useEffect(() => {
    const chart = new Chart(canvas.current!, {
      type: 'bar',
      data: {
        labels: p.labels,
        datasets: p.series.map((s) => ({ label: s.label, data: s.values, backgroundColor: s.color, borderColor: s.color })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: p.series.length > 1, position: 'bottom' } },
        scales: {
          x: { stacked: p.stacked },
          y: { stacked: p.stacked, beginAtZero: true, ticks: { precision: 0 } },
        },
      },
    });
    return () => chart.destroy();
  }, [key]);
  const Heading = p.level === 3 ? 'h3' : 'h2';
  const totals = p.labels.map((_, i) => p.series.reduce((a, s) => a + s.values[i], 0));
  return (
    <section className="mb-4" aria-labelledby={titleId} data-testid={p.testId}>
      <Heading id={titleId} className={p.level === 3 ? 'h6' : 'h5'}>
        {p.title}
      </Heading>
      <div className="chart-box">
        <canvas ref={canvas} role="img" aria-label={p.summary} />
      </div>
      <button
        type="button"
        className="btn btn-outline-primary btn-sm mt-2"
        aria-expanded={open}
        aria-controls={tableId}
        onClick={() => setOpen(!open)}
      >
        {open ? m.hideTable : m.showTable}
      </button>
      <div id={tableId} hidden={!open} className="mt-2">
        <ScrollTable>
          <table className="table table-sm">
            <caption className="caption-top">{p.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{p.rowHeader}</th>
                {p.series.map((s) => (
                  <th scope="col" key={s.label} className="text-end">
                    {s.label}
                  </th>
                ))}
                {p.stacked && p.series.length > 1 && (
                  <th scope="col" className="text-end">
                    {m.total}
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {p.labels.map((label, i) => (
                <tr key={label}>
                  <th scope="row">{p.rowLabels?.[i] ?? label}</th>
                  {p.series.map((s) => (
                    <td key={s.label} className="text-end">
                      {s.values[i]}
                    </td>
                  ))}
                  {p.stacked && p.series.length > 1 && <td className="text-end">{totals[i]}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      </div>
    </section>
  );
}
