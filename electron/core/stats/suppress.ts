/**
 * Small counts in published figures: a count below 3 could point at a person, so it is published as
 * "<3" (zero too: the rule is "below 3", and a visible 0 next to a hidden 1 would tell them apart).
 * Where a group is published with its total, one hidden part could be found by subtraction
 * (total minus the others), so the smallest other part is withheld as well (secondary suppression),
 * published as "n.d." (it is not below 3, so "<3" would be false).
 */

export const SMALL = '<3';
/** A figure derived from a hidden count (an amount, a mean): not published. */
export const NOT_PUBLISHED = 'n.d.';

export const isSmall = (n: number): boolean => n < 3;

export function publishCount(n: number): string {
  return isSmall(n) ? SMALL : String(n);
}

/**
 * A total and the parts that add up to it, as published: every count below 3 hidden, and when that
 * hides exactly one part under a visible total, the smallest visible part hidden too.
 */
export function publishGroup(total: number, parts: readonly number[]): { total: string; parts: string[]; hidden: boolean[] } {
  const hidden = parts.map(isSmall);
  if (!isSmall(total) && hidden.filter(Boolean).length === 1) {
    let pick = -1;
    parts.forEach((v, i) => {
      if (!hidden[i] && (pick < 0 || v < parts[pick])) pick = i;
    });
    if (pick >= 0) hidden[pick] = true;
  }
  const shown = (v: number, i: number) => (isSmall(v) ? SMALL : hidden[i] ? NOT_PUBLISHED : String(v));
  return { total: publishCount(total), parts: parts.map(shown), hidden };
}
