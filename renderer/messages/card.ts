/** The card room's texts (reading the CIE, CSCA certificates), in Italian. */
export const cardText = {
  open: 'Leggi CIE',
  panelTitle: 'Lettura della Carta d’Identità Elettronica',
  instructions: 'Appoggiare la carta sul lettore e digitare il CAN: le 6 cifre in basso a destra sul fronte della carta.',
  canLabel: 'CAN (6 cifre)',
  canHelp: 'Il CAN non viene conservato: si cancella dopo ogni lettura.',
  canInvalid: 'Il CAN è formato da 6 cifre.',
  read: 'Leggi',
  reading: 'Lettura in corso: tenere la carta ferma sul lettore fino alla fine…',
  close: 'Chiudi',
  closeHint: 'Esc chiude il pannello.',
  use: 'Usa questi dati',
  used: 'Dati della CIE inseriti nel modulo: li controlli prima di salvare.',
  readAgain: 'Leggi un’altra carta',
  done: 'Lettura completata.',
  genuine: 'Carta autentica: verificata con il certificato dello Stato italiano',
  cscaName: (name: string) => `Certificato usato: ${name}`,
  photoAlt: (nome: string, cognome: string) => `Foto del titolare della carta, ${nome} ${cognome}`,
  resultTitle: 'Dati letti dalla carta',
  fields: {
    cognome: 'Cognome',
    nome: 'Nome',
    sesso: 'Sesso',
    dataNascita: 'Data di nascita',
    luogoNascita: 'Luogo di nascita',
    codiceFiscale: 'Codice fiscale',
    indirizzo: 'Indirizzo di residenza',
    numeroDocumento: 'Numero della carta',
    scadenzaDocumento: 'Scadenza della carta',
  },
  sex: { M: 'Maschile', F: 'Femminile' } as Record<string, string>,
  warnings: {
    'codice-fiscale-format': 'Il codice fiscale letto dalla carta non ha un formato valido: lo controlli con il cittadino.',
    'codice-fiscale-birth-date':
      'Il codice fiscale letto dalla carta non corrisponde alla data di nascita: verifichi i dati con il cittadino.',
    'codice-fiscale-sex': 'Il codice fiscale letto dalla carta non corrisponde al sesso indicato: verifichi i dati con il cittadino.',
    'document-expired': 'La carta è scaduta: i dati si possono usare, ma il documento non è più valido per il riconoscimento.',
  } as Record<string, string>,
  status: {
    checking: 'Controllo del lettore…',
    ready: 'Lettore pronto e carta appoggiata.',
    noCard: 'Lettore pronto: appoggiare la carta.',
    noReader: 'Nessun lettore di carte collegato: collegarlo al computer.',
    down: 'Il servizio dei lettori di carte non risponde: attendere qualche secondo.',
    missing:
      'Su questo computer manca il supporto per i lettori di carte: inserire i dati a mano. Il resto di Sportello funziona normalmente.',
    noCsca: 'Manca il certificato dello Stato per verificare le carte: chiedere al responsabile di importarlo.',
  },
  /** PC/SC missing: what to tell the Comune's IT person (the same steps as the README's "Lettore di carte"). */
  install: {
    reason: {
      'module-missing': 'Il modulo di Sportello per il lettore di carte non è stato compilato su questo computer.',
      'library-missing': 'Manca la libreria di sistema per i lettori di carte (PC/SC).',
      'load-failed': 'Il modulo di Sportello per il lettore di carte non si avvia su questo computer.',
    } as Record<string, string>,
    forIt: 'Per l’assistenza informatica del Comune:',
    linux: [
      'installare i pacchetti pcscd e libpcsclite-dev (Debian e Ubuntu: sudo apt-get install pcscd libpcsclite-dev);',
      'nella cartella di Sportello eseguire npm rebuild smartcard;',
      'riavviare Sportello.',
    ],
    windows: [
      'verificare che il servizio Windows «Smart card» sia avviato (è già compreso in Windows, tipo di avvio: automatico);',
      'nella cartella di Sportello eseguire npm rebuild smartcard;',
      'riavviare Sportello.',
    ],
  },
  csca: {
    title: 'Certificati per verificare le CIE',
    intro:
      'Sportello verifica ogni CIE letta con il certificato dello Stato italiano (CSCA), pubblicato dal Ministero dell’Interno. Importi qui il file del certificato e lo aggiorni quando il Ministero ne pubblica uno nuovo.',
    file: 'File del certificato (PEM, DER o master list)',
    fileHelp: 'Il file scaricato dal sito del Ministero dell’Interno, di solito con estensione .pem, .cer, .der o .ml.',
    import: 'Importa',
    noFile: 'Scegliere prima il file del certificato.',
    imported: (added: number, already: number) =>
      already === 0
        ? added === 1
          ? 'Certificato importato.'
          : `${added} certificati importati.`
        : `Certificati nel file: ${added} nuovi, ${already} già presenti nell’elenco.`,
    empty: 'Nessun certificato: le CIE non si possono ancora verificare.',
    listCaption: 'Certificati CSCA attendibili',
    subject: 'Intestatario',
    validTo: 'Valido fino al',
    source: 'Origine',
    actions: 'Azioni',
    expired: 'scaduto',
    imported_: 'Importato',
    demo: 'Carta di prova (modalità dimostrativa)',
    remove: 'Togli',
    removeLabel: (subject: string) => `Togli il certificato ${subject}`,
    removed: 'Certificato tolto dall’elenco.',
    testTitle: 'Prova del lettore',
    testIntro: 'Legga una carta per controllare che lettore e certificati funzionino. I dati letti non vengono salvati.',
    testDone: 'La lettura di prova è riuscita.',
  },
};
