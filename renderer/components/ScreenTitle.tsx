import { useEffect, useRef } from 'react';

/** The screen's h1; takes focus when the screen opens so keyboard and reader users start there. */
export function ScreenTitle({ children }: { children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h1 ref={ref} tabIndex={-1} className="h3 mb-3" elementtiming="screen-title">
      {children}
    </h1>
  );
}
