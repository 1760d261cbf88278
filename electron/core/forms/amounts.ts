/**
 * Euro amounts in one Italian format: "1.234,56" (dot for thousands, comma for cents), "1234" and
 * "1234,5" too. What could mean two things is not guessed: the clerk is asked. Pure (page and back end).
 */

export type AmountParse = { ok: true; cents: number } | { ok: false; message: string };

const words = (s: string) => `«${s}»`;

/** The integer cents of `text`, or the Italian reason it was not taken. */
export function parseAmountIt(text: string, opts: { allowZero?: boolean } = {}): AmountParse {
  const s = text.replace(/[\s€]/g, '');
  if (!s) return { ok: false, message: 'Campo obbligatorio: scrivere l’importo in euro, ad esempio 16,79.' };
  const m = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(s);
  if (m) {
    // "1.234" alone: thousands or a decimal point typed by habit? Asked, not guessed.
    if (/^\d{1,3}\.\d{3}$/.test(s)) {
      const [a, b] = s.split('.');
      return {
        ok: false,
        message: `Importo ${words(s)} non chiaro: scrivere ${words(`${s},00`)} se sono ${a}${b} euro, oppure ${words(`${a},${b.slice(0, 2)}`)} se sono ${a} euro e ${b.slice(0, 2)} centesimi (il punto separa le migliaia, la virgola i centesimi).`,
      };
    }
    const cents = Number(m[1].replace(/\./g, '')) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
    if (!Number.isSafeInteger(cents)) return { ok: false, message: `Importo ${words(s)} troppo grande.` };
    if (cents < 0 || (cents === 0 && !opts.allowZero)) return { ok: false, message: 'L’importo deve essere maggiore di zero.' };
    return { ok: true, cents };
  }
  const dot = /^(\d+)\.(\d{1,2})$/.exec(s);
  if (dot) return { ok: false, message: `Per i centesimi usare la virgola: scrivere ${words(`${dot[1]},${dot[2].padEnd(2, '0')}`)}.` };
  const comma3 = /^(\d{1,3}),(\d{3})$/.exec(s);
  if (comma3) {
    const [a, b] = [comma3[1], comma3[2]];
    return {
      ok: false,
      message: `Importo ${words(s)} non chiaro: dopo la virgola vanno al massimo due cifre (i centesimi). Scrivere ${words(`${a}.${b},00`)} se sono ${a}${b} euro, oppure ${words(`${a},${b.slice(0, 2)}`)} se sono ${a} euro e ${b.slice(0, 2)} centesimi.`,
    };
  }
  return {
    ok: false,
    message: `Importo ${words(s)} non valido: scriverlo come 1.234,56 (solo cifre, il punto per le migliaia, la virgola per i centesimi).`,
  };
}

/** 150000 → "1.500,00" (every amount shown: screens, notices, receipts). */
export function formatAmountIt(cents: number): string {
  const neg = cents < 0;
  const abs = Math.abs(cents);
  const grouped = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${neg ? '-' : ''}${grouped},${String(abs % 100).padStart(2, '0')}`;
}

/** 150000 → "1500,00": what the clerk finds in an edit field to change (no thousands dots to step over). */
export function formatAmountInput(cents: number): string {
  return formatAmountIt(cents).replace(/\./g, '');
}
