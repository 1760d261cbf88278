/** Every text of the initial load screen (the responsabile's), in Italian. */
export const loadText = {
  menu: 'Caricamento iniziale',
  title: 'Caricamento iniziale dei residenti da ANPR',
  intro:
    'Carica nel registro locale i residenti del Comune come li conosce ANPR, perché lo sportello possa lavorare anche senza rete. Si fa una volta, all’avvio; si può interrompere e riprendere.',
  source: 'Da dove caricare',
  sources: {
    'anpr-4001': 'Estrazione da ANPR di tutti i residenti del Comune (servizio 4001)',
    'anpr-4002': 'Estrazione da ANPR dei codici fiscali di un elenco (servizio 4002)',
    file: 'File di estrazione ANPR già presente su questo PC',
  } as Record<'anpr-4001' | 'anpr-4002' | 'file', string>,
  path: 'Percorso del file di estrazione',
  pathHelp: 'Il percorso completo sul PC dello sportello, per esempio /home/anagrafe/estrazione-4001.xml.',
  cfList: 'Codici fiscali da caricare',
  cfListHelp:
    'Uno per riga (o separati da spazi o virgole). ANPR ne accetta al massimo 2.000 per richiesta: Sportello divide l’elenco da sé.',
  start: 'Avvia il caricamento',
  resume: 'Riprendi il caricamento',
  running: 'Caricamento in corso',
  progressLabel: 'Avanzamento del caricamento',
  counts: (loaded: number, families: number, addresses: number, refused: number) =>
    `Caricate ${loaded.toLocaleString('it-IT')} persone, ${families.toLocaleString('it-IT')} famiglie, ${addresses.toLocaleString('it-IT')} indirizzi; ${refused === 1 ? '1 riga scartata' : `${refused.toLocaleString('it-IT')} righe scartate`}.`,
  timeLeft: (seconds: number) =>
    seconds < 60 ? `Tempo rimanente stimato: meno di un minuto.` : `Tempo rimanente stimato: circa ${Math.round(seconds / 60)} minuti.`,
  timeUnknown: 'Tempo rimanente: in calcolo…',
  interrupted:
    'Il caricamento precedente si è interrotto (programma chiuso o PC spento). Le persone già caricate restano: premere «Riprendi il caricamento» per continuare da dove si era fermato.',
  failed: 'Il caricamento si è fermato:',
  done: 'Caricamento completato.',
  summary: 'Riepilogo',
  refusedTitle: 'Righe scartate',
  refusedNone: 'Nessuna riga scartata.',
  refusedAfter: 'L’elenco delle righe scartate si vede quando il caricamento si ferma o finisce.',
  refusedLoading: 'Lettura delle righe scartate…',
  refusedShown: (shown: number, total: number) => (shown < total ? `Sono mostrate le prime ${shown} di ${total}.` : ''),
  cf: 'Codice fiscale',
  name: 'Cognome e nome',
  reason: 'Motivo',
  newLoad: 'Per un nuovo caricamento scegliere la fonte qui sotto.',
  abandon: 'Abbandona il caricamento interrotto',
  abandonConfirm:
    'Abbandonare questo caricamento? Le persone già caricate restano nel registro, ma il caricamento non si potrà più riprendere: servirà avviarne uno nuovo (le persone già presenti saranno indicate come scartate).',
  abandonYes: 'Sì, abbandona il caricamento',
  abandonNo: 'No, torna indietro',
  abandoned: 'Il caricamento è stato abbandonato. Le persone già caricate restano; per caricare le altre avviare un nuovo caricamento.',
  unfinishedHint: 'Per avviare un nuovo caricamento, prima riprendere o abbandonare quello interrotto.',
};
