import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A table wider than the screen scrolls sideways in its own box (bootstrap's .table-responsive),
 * never the page. While it does, the box is a tab stop so the keyboard can scroll it too (WCAG
 * 2.1.1; axe's scrollable-region-focusable); a table that fits is not one more stop.
 */
export function ScrollTable({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const box = ref.current!;
    const measure = () => setScrolls(box.scrollWidth > box.clientWidth);
    measure();
    const watch = new ResizeObserver(measure);
    watch.observe(box);
    if (box.firstElementChild) watch.observe(box.firstElementChild);
    return () => watch.disconnect();
  }, []);
  return (
    <div ref={ref} className="table-responsive" tabIndex={scrolls ? 0 : undefined}>
      {children}
    </div>
  );
}
