/**
 * Which instalments go on which page, following the official templates' paginator
 * (research/pagopa.md §3.4): without Bollettino, page 1 holds the rata unica and one row of 2 or 3
 * cards, later pages rows of 2 or 3; with Bollettino, page 1 holds the rata unica and its
 * bollettino, later pages at most 2 instalments each followed by its own bollettino.
 */

export interface PagePlan {
  /** Page 1 carries the header blocks and the rata unica. */
  first: boolean;
  /** Rows of instalment indexes (0-based into the instalments array). */
  rows: number[][];
  /** Columns used by every row on this page (2 or 3). */
  columns: 2 | 3;
  /** Instalment indexes whose bollettino follows on this page; -1 means the rata unica's. */
  bollettini: number[];
}

function chunk(ids: number[], size: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}

export function planPages(instalments: number, poste: boolean): PagePlan[] {
  if (instalments !== 0 && (instalments < 2 || instalments > 9)) throw new RangeError('instalments must be 0 or 2..9');
  const ids = Array.from({ length: instalments }, (_, i) => i);
  if (poste) {
    const pages: PagePlan[] = [{ first: true, rows: [], columns: 2, bollettini: [-1] }];
    for (const pair of chunk(ids, 2)) pages.push({ first: false, rows: [pair], columns: 2, bollettini: pair });
    return pages;
  }
  if (instalments === 0) return [{ first: true, rows: [], columns: 2, bollettini: [] }];
  const firstCols: 2 | 3 = instalments === 3 || instalments === 7 || instalments === 9 ? 3 : 2;
  const pages: PagePlan[] = [{ first: true, rows: [ids.slice(0, firstCols)], columns: firstCols, bollettini: [] }];
  const rest = ids.slice(firstCols);
  if (rest.length > 0) {
    const cols: 2 | 3 = rest.length % 3 === 0 ? 3 : 2;
    pages.push({ first: false, rows: chunk(rest, cols), columns: cols, bollettini: [] });
  }
  return pages;
}
