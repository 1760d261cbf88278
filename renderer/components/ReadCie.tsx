/**
 * "Leggi CIE": the clerk lays the card on the reader, types the CAN, and the form fills.
 * (Placeholder until the card room wires `card.read`; the props are the stable interface.)
 */
export interface CiePrefill {
  cognome: string;
  nome: string;
  sesso: 'M' | 'F';
  /** YYYY-MM-DD */
  dataNascita: string;
  /** As printed on the card, e.g. "ROMA (RM)". */
  luogoNascita?: string;
  codiceFiscale?: string;
  /** Residence address from DG11, one line. */
  indirizzo?: string;
  numeroDocumento?: string;
  /** YYYY-MM-DD */
  scadenzaDocumento?: string;
}

export interface CieVerification {
  genuine: boolean;
  /** One Italian sentence for the clerk. */
  summary: string;
}

export interface ReadCieProps {
  onRead(prefill: CiePrefill, verification: CieVerification): void;
  label?: string;
}

export function ReadCieButton(_props: ReadCieProps) {
  return null;
}
