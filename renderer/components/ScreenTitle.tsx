import { useEffect, useRef } from 'react';

/**
 * The screen's h1; takes focus when the screen opens so keyboard and reader users start there,
 * unless the screen gives it to what the clerk does next (`focus={false}`: a saved pratica's
 * "Apri la scheda").
 */
export function ScreenTitle({ children, focus = true }: { children: string; focus?: boolean }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className="h3 mb-3" elementtiming="screen-title">
      {children}
    </h1>
  );
}
