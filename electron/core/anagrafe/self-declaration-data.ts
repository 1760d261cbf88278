/** Builds the self-declaration's data from a person's record (the read is audited). */
import { recordAudit } from '../audit/log';
import type { Actor, Db } from '../store/types';
import type { SelfDeclarationData, SelfDeclarationStatement } from '../print/self-declaration';
import { getComuneSettings } from '../comune/settings';
import type { TipoLuogoEvento } from './pratica-model';
import { familyMembers, readPersonRecord } from './registry';

const STATO_CIVILE: Record<string, [string, string]> = {
  '1': ['celibe', 'nubile'],
  '2': ['coniugato', 'coniugata'],
  '3': ['vedovo', 'vedova'],
  '4': ['divorziato', 'divorziata'],
  '6': ['unito civilmente', 'unita civilmente'],
};

const RELAZIONE: Record<string, string> = {
  '1': 'intestatario',
  '2': 'coniuge',
  '3': 'figlio/a',
  '28': 'unito/a civilmente',
  '23': 'convivente',
};

export function placeText(json: string | null): string {
  if (!json) return '';
  const l = JSON.parse(json) as TipoLuogoEvento;
  if (l.comune) return `${l.comune.nomeComune} (${l.comune.siglaProvinciaIstat})`;
  if (l.localita) return `${l.localita.descrizioneLocalita ? `${l.localita.descrizioneLocalita}, ` : ''}${l.localita.descrizioneStato}`;
  return l.luogoEccezionale ?? '';
}

export function selfDeclarationFor(
  db: Db,
  actor: Actor,
  personId: string,
  statements: SelfDeclarationStatement[],
  today: string,
): SelfDeclarationData {
  const rec = readPersonRecord(db, actor, personId);
  const s = getComuneSettings(db);
  const p = rec.person;
  const female = p.sesso === 'F' ? 1 : 0;
  const citt = p.cittadinanza ? (JSON.parse(p.cittadinanza) as { descrizioneStato: string; codiceStato: string }[]) : [];
  const a = rec.address;
  return {
    comune: { name: s.comuneName, siglaProvincia: s.siglaProvincia },
    dichiarante: {
      cognome: p.cognome ?? '',
      nome: p.nome ?? '',
      sesso: (p.sesso as 'M' | 'F' | 'N' | null) ?? 'N',
      codiceFiscale: p.codice_fiscale ?? '',
      dataNascita: p.data_nascita ?? '',
      luogoNascita: placeText(p.luogo_nascita),
      indirizzo: a ? [a.specie, a.denominazione, a.numero].filter(Boolean).join(' ') : '',
      cittadinanza: citt
        .map((c) => (c.codiceStato === '100' ? (female ? 'italiana' : 'italiano') : `dello Stato: ${c.descrizioneStato}`))
        .join(', '),
      statoCivile: STATO_CIVILE[p.stato_civile ?? '']?.[female] ?? 'in stato civile non documentato',
    },
    familyMembers: p.family_id
      ? familyMembers(db, p.family_id).map((m) => ({
          cognome: m.cognome ?? '',
          nome: m.nome ?? '',
          dataNascita: m.data_nascita ?? '',
          luogoNascita: placeText(m.luogo_nascita),
          relazione: RELAZIONE[m.codice_legame ?? ''] ?? 'altro componente',
        }))
      : [],
    statements,
    luogo: s.comuneName,
    data: today,
  };
}

/** The self-declaration's PDF (the print module is loaded on first use); the printing is audited. */
export async function selfDeclarationPdf(
  db: Db,
  actor: Actor,
  personId: string,
  statements: SelfDeclarationStatement[],
  today: string,
): Promise<Buffer> {
  const data = selfDeclarationFor(db, actor, personId, statements, today);
  const { renderSelfDeclaration } = await import('../print/self-declaration');
  const pdf = await renderSelfDeclaration(data);
  recordAudit(db, actor, { action: 'person.selfDeclaration', entityType: 'person', entityId: personId, detail: { statements } });
  return pdf;
}
