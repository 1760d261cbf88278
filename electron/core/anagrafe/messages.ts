/**
 * Every Italian sentence the anagrafe room shows to a clerk, in one place (a German edition for
 * Alto Adige is a translation of this file). Messages say what happened and what to do.
 */

import { formatDateIt as formatDate } from '../forms/dates';

export { formatDate };

/** Italian names of payload fields, used to name the field at fault. */
export const FIELD_LABELS: Record<string, string> = {
  codFiscale: 'Codice fiscale',
  codiceFiscale: 'Codice fiscale',
  cognome: 'Cognome',
  nome: 'Nome',
  sesso: 'Sesso',
  dataNascita: 'Data di nascita',
  luogoNascita: 'Luogo di nascita',
  comune: 'Comune',
  localita: 'Località estera',
  codiceStato: 'Codice dello Stato',
  descrizioneStato: 'Stato',
  nomeComune: 'Nome del comune',
  codiceIstat: 'Codice ISTAT del comune',
  siglaProvinciaIstat: 'Sigla della provincia',
  cittadinanza: 'Cittadinanza',
  statoCivile: 'Stato civile',
  dataDecorrenza: 'Data di decorrenza',
  dataDecorrenzaCancellazione: 'Data di decorrenza della cancellazione',
  dataDecorrenzaResidenza: 'Data di decorrenza della residenza',
  tipoIndirizzo: 'Tipo di indirizzo',
  specie: 'Tipo di strada',
  idSchedaSoggettoComuneIstat: 'Codice ISTAT del comune',
  idFamigliaConvivenzaComuneIstat: 'Codice ISTAT del comune',
  code: 'Tipo di pratica',
  dataEvento: 'Data del decesso',
  datiDecesso: 'Dati del decesso',
  datiSentenza: 'Dati della sentenza',
  cap: 'CAP',
  denominazioneToponimo: 'Nome della via',
  numero: 'Numero civico',
  residenzaFamiglia: 'Nuovo indirizzo',
  residenza: 'Indirizzo di residenza',
  elencoSoggettiFamiglia: 'Componenti della famiglia',
  elencoSoggetti: 'Componenti della famiglia',
  codiceLegame: 'Relazione di parentela',
  tipoLegame: 'Tipo di legame',
  legameSoggetto: 'Relazione di parentela',
  famConv: 'Famiglia',
  famiglia: 'Famiglia',
  generalitaSchedaFamiglia: 'Famiglia',
  idFamigliaConvivenza: 'Famiglia',
  idSchedaSoggetto: 'Scheda della persona in ANPR',
  generalitaPerRicerca: 'Persona',
  attribuzioneFamiglia: 'Famiglia di destinazione',
  gestioneCF: 'Gestione del codice fiscale',
  ruoloSoggetto: 'Ruolo nella famiglia',
  tipoMutazione: 'Tipo di variazione',
  tipoScheda: 'Tipo di scheda',
  tipoRettifica: 'Tipo di rettifica',
  motivoCancellazione: 'Motivo della cancellazione',
  idMotivoIscrizione: 'Motivo dell’iscrizione',
  tipoOperazione: 'Tipo di operazione',
  soggettoIntestatario: 'Intestatario del certificato',
  tipoCertificato: 'Tipo di certificato',
  criteriRicerca: 'Criteri di ricerca',
  attoNascita: 'Atto di nascita',
  numeroAtto: 'Numero dell’atto',
  anno: 'Anno',
  parte: 'Parte',
  serie: 'Serie',
  ufficioMunicipio: 'Ufficio o municipio',
  comuneRegistrazione: 'Comune di registrazione',
  maternita: 'Madre',
  paternita: 'Padre',
};

/** Whose field it is, when the path says so: the mother's surname is "Cognome della madre". */
const OWNERS: [string, string][] = [
  ['maternita', 'della madre'],
  ['paternita', 'del padre'],
  ['attoNascita', 'dell’atto'],
];

/** Label of the deepest named key of a payload path, with whose it is (madre, padre, atto). */
export function labelFor(path: readonly PropertyKey[]): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const k = path[i];
    if (typeof k !== 'string' || !FIELD_LABELS[k]) continue;
    const label = FIELD_LABELS[k];
    const owner = OWNERS.find(([key, whose]) => path.slice(0, i).includes(key) && !label.includes(whose));
    return owner ? `${label} ${owner[1]}` : label;
  }
  return 'Dati della pratica';
}

const CF_PARTS: Record<string, string> = {
  cognome: 'al cognome',
  nome: 'al nome',
  sesso: 'al sesso',
  dataNascita: 'alla data di nascita',
  luogoNascita: 'al luogo di nascita',
};

export const M = {
  invalidField: (label: string, detail: string) => `${label}: ${detail}`,
  cfFormat:
    'Codice fiscale: il formato non è valido. Deve avere 16 caratteri (6 lettere, 2 cifre, 1 lettera, 2 cifre, 1 lettera, 3 cifre, 1 lettera). Verificare la trascrizione.',
  cfCheckChar:
    "Codice fiscale: l'ultimo carattere (di controllo) non corrisponde. Verificare di averlo trascritto correttamente dal tesserino.",
  cfMismatch: (field: string) =>
    `Codice fiscale: non corrisponde ${CF_PARTS[field] ?? 'ai dati'} indicato. Controllare ${FIELD_LABELS[field]?.toLowerCase() ?? 'i dati'} o il codice fiscale sul tesserino.`,
  cfMissing:
    'Codice fiscale: manca. Indicarlo come sul tesserino, oppure (per chi non l’ha ancora, come un neonato) spuntare «Chiedere ad ANPR di attribuire il codice fiscale».',
  nameMissing: (label: string) => `${label}: manca. Indicarlo come è scritto nell’atto.`,
  dataNascitaMissing: 'Data di nascita: manca. Compilare il campo.',
  sessoMissing: 'Sesso: manca. Sceglierlo come indicato nell’atto.',
  cfMustBeEmpty: 'Codice fiscale: va lasciato vuoto quando si chiede ad ANPR di attribuirlo o di attribuire un omocodice.',
  placeUnknown: (label: string) => `${label}: non trovato nell'elenco dei comuni e degli Stati. Scegliere il luogo dall'elenco proposto.`,
  placeNotYet: (label: string, name: string, from: string, date: string) =>
    `${label}: ${name} non esisteva ancora il ${formatDate(date)} (istituito il ${formatDate(from)}). Indicare il comune o lo Stato come si chiamava a quella data.`,
  placeCeased: (label: string, name: string, to: string, date: string) =>
    `${label}: ${name} non esisteva più il ${formatDate(date)} (cessato il ${formatDate(to)}). Indicare il comune o lo Stato valido a quella data.`,
  decorrenzaBeforeLast: (label: string, last: string) =>
    `${label}: non può essere precedente al ${formatDate(last)}, data dell'ultima operazione registrata per questa persona. Correggere la data.`,
  decorrenzaFuture: (label: string) => `${label}: non può essere una data futura. Correggere la data.`,
  decorrenzaMissing: 'Data di decorrenza: manca. Indicare la data da cui vale la variazione.',
  decorrenzaBeforeBirth: (label: string) => `${label}: non può essere precedente alla data di nascita. Correggere la data.`,
  personNotFound: 'Persona: non trovata nel registro locale. Cercarla di nuovo e aprirne la scheda prima di compilare la pratica.',
  personNotResident: (status: string) => `Persona: risulta ${status} e non può essere oggetto di questa pratica.`,
  personAlreadyResident:
    'Codice fiscale: una persona con questo codice fiscale è già iscritta in anagrafe. Aprirne la scheda invece di iscriverla di nuovo.',
  familyNotFound: 'Famiglia: non trovata nel registro locale. Sceglierla di nuovo dalla ricerca.',
  familyTwoHeads: "Relazione di parentela: la famiglia ha già un intestatario. Indicare un'altra relazione (ad esempio figlio o coniuge).",
  familyNoHead: 'Componenti della famiglia: la famiglia deve avere un intestatario. Indicare chi è l’intestatario (relazione 1).',
  familyManyHeads: 'Componenti della famiglia: è indicato più di un intestatario. Lasciarne uno solo.',
  familyNewHeadNeeded:
    "Componenti della famiglia: la persona è l'intestatario e nella famiglia restano altri componenti. Indicare il nuovo intestatario tra di loro.",
  familyLeftWithoutHead:
    "Componenti della famiglia: l'intestatario lascia la famiglia ma altri componenti restano. Includere nella pratica anche loro o indicarne il nuovo intestatario.",
  familyMemberElsewhere:
    'Componenti della famiglia: una delle persone indicate appartiene a un’altra famiglia. Per spostarla scegliere "nuova famiglia".',
  familyMemberUnknown: 'Componenti della famiglia: una delle persone indicate non appartiene a questa famiglia.',
  familyNewHeadNotMember: 'Componenti della famiglia: il nuovo intestatario deve essere un componente della stessa famiglia.',
  ruoloMismatch: (isHead: boolean) =>
    `Ruolo nella famiglia: la persona ${isHead ? 'è' : 'non è'} l'intestatario della famiglia. Indicare ${isHead ? '1 (intestatario)' : '2 (altro componente)'}.`,
  birthParentsMissing: 'Genitori: mancano. Indicare almeno la madre o il padre (cognome, nome e codice fiscale) come nell’atto di nascita.',
  birthFatherMissing: 'Padre: mancano i dati. Indicarli, oppure far entrare il neonato nella sola famiglia della madre.',
  birthMotherMissing: 'Madre: mancano i dati. Indicarli, oppure far entrare il neonato nella sola famiglia del padre.',
  birthFamilyMissing:
    'Famiglia e indirizzo: mancano. Il neonato entra nella famiglia di un genitore residente, che gli dà l’indirizzo: indicare il codice fiscale della madre o del padre, oppure registrare la nascita dalla scheda della famiglia in cui entra.',
  birthLegameMissing: 'Relazione di parentela: manca. Indicare la relazione del neonato con l’intestatario della famiglia.',
  birthParentNotResident:
    'Famiglia e indirizzo: nessun genitore indicato risulta residente con una famiglia in questo Comune, quindi il neonato non avrebbe un indirizzo. Controllare il codice fiscale del genitore, oppure registrare la nascita dalla scheda della famiglia in cui entra.',
  manyInvalid: (n: number) => `Ci sono ${n} dati da correggere: sono indicati accanto a ciascun campo.`,
  addressRequired: 'Indirizzo di residenza: manca. Indicare via, numero civico e CAP.',
  praticaNotFound: 'Pratica non trovata.',
  correctionOutsideAnswer: (code: string, allowed: string, field: string) =>
    `La risposta di ANPR (${code}) riguarda solo ${allowed}: «${field}» non si può cambiare con questa correzione. Se anche quel dato è sbagliato, annullare la pratica indicando il motivo e registrarne una nuova.`,
  correctionIdentity: (field: string | undefined) =>
    `Una correzione non può cambiare la persona a cui si riferisce la pratica${field ? ` («${field}»)` : ''}. Se la pratica riguarda un’altra persona, annullarla indicando il motivo e registrarne una nuova.`,
  inAttesa: 'In attesa di ANPR',
};

export const STATUS_LABELS: Record<string, string> = {
  residente: 'residente',
  deceduto: 'deceduta',
  cancellato: 'cancellata dall’anagrafe',
  annullato: 'annullata',
};
