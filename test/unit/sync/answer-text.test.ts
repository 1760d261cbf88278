import { describe, expect, it } from 'vitest';
import { answerText } from '../../../electron/core/sync/attention';

describe("the platform's answer as the clerk reads it", () => {
  it('shows its dates gg/mm/aaaa and drops a closing code that repeats the one shown', () => {
    expect(answerText('Esiste una operazione successiva sul soggetto 2026-12-06 (EN240)', 'EN240')).toBe(
      'Esiste una operazione successiva sul soggetto 06/12/2026',
    );
    expect(answerText('Dal 2026-01-02 al 2026-02-03', 'E1')).toBe('Dal 02/01/2026 al 03/02/2026');
  });
  it('keeps a code in the middle, another code, and no text', () => {
    expect(answerText('Errore (EN240) sul soggetto', 'EN240')).toBe('Errore (EN240) sul soggetto');
    expect(answerText('Rifiutata (EN100)', 'EN240')).toBe('Rifiutata (EN100)');
    expect(answerText(null, 'EN240')).toBeNull();
  });
});
