/** The errors a clerk can meet while reading a CIE: stable codes, Italian messages that say what to do. */
import { SportelloError } from '../errors';

export const CardErrorCode = {
  wrongCan: 'CARD_WRONG_CAN',
  wrongMrz: 'CARD_WRONG_MRZ',
  removed: 'CARD_REMOVED',
  noExtendedApdu: 'CARD_READER_NO_EXTENDED_APDU',
  notGenuine: 'CARD_NOT_GENUINE',
  notCie: 'CARD_NOT_CIE',
  noReader: 'CARD_NO_READER',
  noCard: 'CARD_NO_CARD',
  serviceDown: 'CARD_SERVICE_DOWN',
  busy: 'CARD_BUSY',
  protocol: 'CARD_PROTOCOL',
  unsupported: 'CARD_UNSUPPORTED',
  badInput: 'CARD_BAD_INPUT',
} as const;

const messages: Record<string, string> = {
  CARD_WRONG_CAN: 'Il CAN inserito non è corretto. Controlli le 6 cifre stampate sul fronte della carta, in basso a destra, e riprovi.',
  CARD_WRONG_MRZ:
    'I dati della zona a lettura ottica (numero del documento, data di nascita, data di scadenza) non corrispondono alla carta. Li ricontrolli sul retro della carta e riprovi.',
  CARD_REMOVED:
    'La carta è stata spostata o tolta dal lettore durante la lettura. La appoggi di nuovo sul lettore, la tenga ferma fino alla fine e riprovi.',
  CARD_READER_NO_EXTENDED_APDU:
    'Questo lettore non supporta i comandi lunghi (APDU estese) che servono per leggere la CIE con il CAN. Provi la lettura con i dati MRZ oppure usi un lettore compatibile e avvisi il responsabile.',
  CARD_NOT_GENUINE:
    'La carta non ha superato i controlli di autenticità: i dati potrebbero essere stati alterati. Non usi questi dati, controlli il documento a vista e avvisi il responsabile.',
  CARD_NOT_CIE: 'La carta appoggiata sul lettore non è una Carta d’Identità Elettronica. Appoggi la CIE del cittadino e riprovi.',
  CARD_NO_READER: 'Nessun lettore di carte è collegato al computer. Colleghi il lettore e riprovi.',
  CARD_NO_CARD: 'Non c’è nessuna carta sul lettore. Appoggi la CIE sul lettore e riprovi.',
  CARD_SERVICE_DOWN:
    'Il servizio del computer che gestisce i lettori di carte non risponde. Attenda qualche secondo e riprovi; se il problema continua, riavvii il computer.',
  CARD_BUSY: 'Un altro programma sta usando la carta. Chiuda gli altri programmi che leggono carte e riprovi.',
  CARD_PROTOCOL: 'La comunicazione con la carta si è interrotta in modo imprevisto. Tolga la carta, la riappoggi sul lettore e riprovi.',
  CARD_UNSUPPORTED:
    'Questa carta usa un protocollo di sicurezza che Sportello non supporta ancora. Inserisca i dati a mano e avvisi il responsabile.',
  CARD_BAD_INPUT: 'I dati inseriti per aprire la carta non sono nel formato giusto. Li ricontrolli e riprovi.',
};

export function cardError(code: string, details?: Record<string, unknown>, cause?: unknown): SportelloError {
  return new SportelloError(code, messages[code] ?? messages.CARD_PROTOCOL, details, cause ? { cause } : undefined);
}
