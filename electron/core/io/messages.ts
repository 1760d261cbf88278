/**
 * The words of every IO message, in plain Italian, within IO's limits (subject 10–120 characters,
 * markdown 80–10,000) and with only the markdown IO renders: headings, bold, bullet lists. Values
 * typed by people (station, place, notice subject) lose markdown's special characters first.
 */
import { formatAmountIt } from '../forms/amounts';
import { formatDateIt } from '../forms/dates';
import { IO_MARKDOWN_MAX, IO_MARKDOWN_MIN, IO_SUBJECT_MAX, IO_SUBJECT_MIN } from './model';

/** A CIE appointment as the receipt prints it (core/cie hands these over). */
export interface AppointmentFacts {
  comuneName: string;
  code: string;
  /** YYYY-MM-DD and its long form ("lunedì 7 dicembre 2026"). */
  date: string;
  dateLabel: string;
  /** The person's own time (a family books consecutive slots). */
  time: string;
  stationName: string;
  place: string;
  whatToBring: string[];
}

export interface NoticeFacts {
  enteName: string;
  subject: string;
  noticeNumber: string;
  amountCents: number;
  /** YYYY-MM-DD. */
  dueDate: string;
  instalments: number;
}

export interface MessageText {
  subject: string;
  markdown: string;
}

/** Drops the characters markdown would read as formatting or markup. */
export function plain(s: string): string {
  return s
    .replace(/[\\*_#`[\]<>|~]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Shortens a subject to IO's 120 characters (ending with "…"), and checks both limits. */
export function withinLimits(subject: string, markdown: string): MessageText {
  const s = subject.length > IO_SUBJECT_MAX ? `${subject.slice(0, IO_SUBJECT_MAX - 1).trimEnd()}…` : subject;
  if (s.length < IO_SUBJECT_MIN || markdown.length < IO_MARKDOWN_MIN || markdown.length > IO_MARKDOWN_MAX)
    throw new Error(`IO message outside IO's limits (subject ${s.length}, markdown ${markdown.length})`);
  return { subject: s, markdown };
}

const when = (a: AppointmentFacts) => `${formatDateIt(a.date)} alle ${a.time}`;

function details(a: AppointmentFacts): string {
  return [
    `- **Giorno:** ${plain(a.dateLabel)}`,
    `- **Ora:** ${a.time}`,
    `- **Dove:** ${plain(a.stationName)}, ${plain(a.place)}`,
    `- **Codice della prenotazione:** ${plain(a.code)}`,
  ].join('\n');
}

const bring = (a: AppointmentFacts) => ['## Cosa portare', '', ...a.whatToBring.map((w) => `- ${plain(w)}`)].join('\n');

const CANT_COME = "Se non può venire, avvisi l'ufficio anagrafe: l'orario sarà dato a un'altra persona.";

export function confirmationText(a: AppointmentFacts): MessageText {
  return withinLimits(
    `Carta d'identità: appuntamento il ${when(a)}`,
    [
      `Il Comune di ${plain(a.comuneName)} conferma il suo appuntamento per la **carta d'identità elettronica**.`,
      details(a),
      bring(a),
      CANT_COME,
    ].join('\n\n'),
  );
}

export function reminderText(a: AppointmentFacts): MessageText {
  return withinLimits(
    `Promemoria: domani alle ${a.time} appuntamento per la carta d'identità`,
    [
      `Le ricordiamo che **domani** ha l'appuntamento per la **carta d'identità elettronica** al Comune di ${plain(a.comuneName)}.`,
      details(a),
      bring(a),
      CANT_COME,
    ].join('\n\n'),
  );
}

export function movedText(a: AppointmentFacts, before: { date: string; time: string }): MessageText {
  return withinLimits(
    `Carta d'identità: appuntamento spostato al ${when(a)}`,
    [
      `Il suo appuntamento per la **carta d'identità elettronica** del ${formatDateIt(before.date)} alle ${before.time} è stato **spostato**. Il nuovo appuntamento è:`,
      details(a),
      bring(a),
      CANT_COME,
    ].join('\n\n'),
  );
}

export function cancelledText(a: AppointmentFacts): MessageText {
  return withinLimits(
    `Carta d'identità: appuntamento del ${when(a)} annullato`,
    [
      `Il suo appuntamento per la **carta d'identità elettronica** del ${plain(a.dateLabel)} alle ${a.time} (codice ${plain(a.code)}) è stato **annullato**.`,
      `Per un nuovo appuntamento può rivolgersi all'ufficio anagrafe del Comune di ${plain(a.comuneName)} o prenotare sul sito del Ministero dell'Interno.`,
    ].join('\n\n'),
  );
}

export function noticeText(n: NoticeFacts): MessageText {
  const lines = [
    `- **Importo:** € ${formatAmountIt(n.amountCents)}`,
    `- **Scadenza:** ${formatDateIt(n.dueDate)}`,
    `- **Codice avviso:** ${n.noticeNumber}`,
    `- **Ente creditore:** ${plain(n.enteName)}`,
  ];
  return withinLimits(
    `Avviso di pagamento: ${plain(n.subject)}`,
    [
      `${plain(n.enteName)} le ha emesso un **avviso di pagamento pagoPA** per: ${plain(n.subject)}.`,
      lines.join('\n'),
      'Può pagare subito qui in app con il pulsante **Paga**, oppure con il codice avviso presso banche, uffici postali, tabaccherie e sul sito del Comune.',
      ...(n.instalments > 0
        ? [
            `L'avviso si può pagare anche in ${n.instalments} rate: i codici delle rate sono sull'avviso stampato consegnato allo sportello.`,
          ]
        : []),
    ].join('\n\n'),
  );
}
