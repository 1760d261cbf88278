import { basename } from 'node:path';
import type { AnchorRef, AuditCheck } from './verify';

/** `audit verify`'s answer in plain Italian, for the Comune's IT person: what was checked, what is wrong, what to do. */
export function describeAuditCheck(c: AuditCheck): string[] {
  const out: string[] = [];
  if (c.ok) {
    out.push(`Registro degli accessi integro: ${c.entries} voci verificate, ultima voce n. ${c.head.seq}.`);
    out.push(
      c.anchorsChecked > 0
        ? `Corrisponde a tutte le ${c.anchorsChecked} ancore trovate (file delle ancore e manifest dei backup).`
        : 'Nessuna ancora esterna trovata: verificata solo la coerenza interna del registro.',
    );
    if (c.anchorsSuperseded > 0) out.push(`${c.anchorsSuperseded} ancore precedenti all'ultimo ripristino non sono state confrontate.`);
    return out;
  }
  const why = c.chain.ok
    ? null
    : { hash: 'contenuto alterato', link: 'collegamento alla voce precedente alterato', gap: 'voce mancante' }[c.chain.reason];
  out.push(
    c.chain.ok
      ? 'Registro degli accessi NON integro.'
      : `Registro degli accessi NON integro: prima voce alterata n. ${c.chain.firstBrokenSeq} (${why}).`,
  );
  if (c.matchesUpTo !== null) {
    out.push(
      c.matchesUpTo > 0
        ? `La storia corrisponde fino alla voce n. ${c.matchesUpTo}; dopo questa voce non corrisponde più.`
        : "Nessuna voce del registro può essere confermata: la storia non corrisponde fin dall'inizio.",
    );
  }
  if (c.anchorMismatch) {
    const a = c.anchorMismatch.anchor;
    out.push(
      c.anchorMismatch.kind === 'missing'
        ? `Mancano le voci dalla n. ${c.head.seq + 1} alla n. ${a.seq}, che risultano ${source(a, 'da')}: sono state cancellate.`
        : `La voce n. ${a.seq} non è quella registrata ${source(a, 'in')}: il registro è stato riscritto.`,
    );
  }
  if (c.missingTriggers.length > 0) {
    out.push(
      `Mancano le protezioni del registro contro modifiche e cancellazioni (${c.missingTriggers.join(', ')}): qualcuno le ha rimosse.`,
    );
  }
  if (c.anchorsFile.problem) {
    const p = c.anchorsFile.problem;
    const why = {
      unreadable: 'illeggibile',
      mac: 'firma non valida',
      link: 'collegamento alla riga precedente alterato',
      number: 'numerazione alterata',
    }[p.reason];
    out.push(`Il file delle ancore è stato alterato alla riga ${p.line} (${why}).`);
  }
  if (c.anchorsFileRemoved)
    out.push(
      "Il file delle ancore manca, ma le ancore erano attive (ne esiste la chiave, o il registro ne attesta l'avvio): il file è stato rimosso.",
    );
  for (const m of c.anchorsMissingAtStart) {
    out.push(
      `All'avvio del ${romeWhen(m.at)} Sportello non ha trovato il file delle ancore, che era attivo (voce n. ${m.seq}): il file era stato rimosso e ne è stato iniziato uno nuovo.`,
    );
  }
  if (c.anchorKeyMissing) out.push('Ci sono ancore ma manca la loro chiave (sportello-anchors.key): non è possibile confrontarle.');
  for (const m of c.manifests) {
    if (!m.ok) out.push(`Il manifest ${basename(m.file)} è ${m.reason === 'mac' ? 'stato alterato (firma non valida)' : 'illeggibile'}.`);
    else if (m.backupMatches === false) out.push(`Il backup ${m.manifest.backupFile} non è più quello descritto dal suo manifest.`);
  }
  out.push('Conservare una copia della cartella dei dati e dei backup così come sono e avvisare il responsabile.');
  return out;
}

const romeWhen = (iso: string) =>
  new Intl.DateTimeFormat('it-IT', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Rome' }).format(new Date(iso));

/** "dall'ancora n. 2 del …" / "nell'ancora n. 2 del …", or the same for a backup's manifest. */
function source(a: AnchorRef, prep: 'da' | 'in'): string {
  const when = Number.isNaN(Date.parse(a.at)) ? a.at : romeWhen(a.at);
  return a.source.kind === 'file'
    ? `${prep === 'da' ? "dall'" : "nell'"}ancora n. ${a.source.line} del file delle ancore (${when})`
    : `${prep === 'da' ? 'dal' : 'nel'} manifest del backup ${basename(a.source.file)} (${when})`;
}
