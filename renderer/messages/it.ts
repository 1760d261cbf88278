/**
 * Every text the clerk reads, in Italian, in one place: a German edition (Alto Adige) is a
 * translation of this file. Rooms add their own section.
 */
export const it = {
  app: {
    name: 'Sportello',
    skipToContent: 'Vai al contenuto principale',
    loading: 'Caricamento in corso…',
    demoBadge: 'Modalità dimostrativa',
  },
  header: {
    operator: 'Operatore',
    workstation: 'Postazione',
    online: 'In linea',
    offline: 'Non in linea',
    partial: 'Collegamento parziale',
    onlineTitle: 'Tutte le piattaforme nazionali rispondono.',
    offlineTitle: 'Le piattaforme nazionali non rispondono: il lavoro viene salvato e inviato appena possibile.',
    partialTitle: (down: string[]) =>
      `Non rispondono: ${down.join(', ')}. Il lavoro per ${down.length > 1 ? 'queste piattaforme' : 'questa piattaforma'} viene salvato e inviato appena possibile.`,
    openSync: 'Apri Invii alle piattaforme',
    /** The header's counts: what goes by itself, apart from what needs the clerk. */
    toSend: (n: number) => `${n} da inviare`,
    toCheck: (n: number) => `${n} da verificare`,
    lock: 'Blocca postazione',
    lockShortcut: 'Ctrl+Maiusc+L',
    logout: 'Esci',
  },
  nav: {
    label: 'Menu principale',
    home: 'Inizio',
    sync: 'Invii alle piattaforme',
    operators: 'Operatori',
    settings: 'Impostazioni',
    /** The menu's groups, by job. */
    groups: { anagrafe: 'Anagrafe', cie: 'CIE', pagopa: 'pagoPA', invii: 'Invii', amministrazione: 'Amministrazione' },
    /** The button that shows the menu in a narrow window (or at high zoom). */
    show: 'Menu',
  },
  setup: {
    title: 'Primo avvio: crea l’account del responsabile',
    intro: 'Il responsabile gestisce gli operatori e le impostazioni del Comune. Conservare la password in modo sicuro.',
    displayName: 'Nome e cognome',
    username: 'Nome utente',
    codiceFiscale: 'Codice fiscale (per gli invii ad ANPR)',
    password: 'Password',
    passwordHelp: 'Almeno 8 caratteri, con lettere e numeri.',
    confirm: 'Ripeti la password',
    mismatch: 'Le due password non coincidono.',
    submit: 'Crea account e accedi',
  },
  login: {
    title: 'Accesso',
    username: 'Nome utente',
    password: 'Password',
    submit: 'Accedi',
  },
  lock: {
    title: 'Postazione bloccata',
    intro: (name: string) => `La postazione è stata bloccata. ${name}, inserisca la password per continuare.`,
    password: 'Password',
    submit: 'Sblocca',
    otherUser: 'Accedi con un altro utente',
  },
  home: {
    title: (name: string) => `Buongiorno, ${name}`,
    intro: 'Scegli un’attività dal menu.',
    queueEmpty: 'Nessuna operazione in attesa di invio.',
  },
  operators: {
    title: 'Operatori',
    add: 'Nuovo operatore',
    roles: 'Ruoli',
    active: 'Attivo',
    disabled: 'Disattivato',
    disable: 'Disattiva',
    enable: 'Riattiva',
    created: (u: string) => `Operatore ${u} creato.`,
    roleNames: { responsabile: 'Responsabile', anagrafe: 'Anagrafe', cie: 'Carta d’identità', cassa: 'Cassa e pagamenti' } as Record<
      string,
      string
    >,
    idleTitle: 'Blocco automatico',
    idleLabel: 'Minuti di inattività prima del blocco',
    idleSaved: 'Impostazione salvata.',
    save: 'Salva',
    failedTitle: 'Accessi non riusciti',
    failedIntro:
      'Gli ultimi tentativi di accesso o di sblocco non riusciti su questa postazione (la password tentata non viene mai registrata).',
    failedEmpty: 'Nessun accesso non riuscito.',
    failedWhen: 'Data e ora',
    failedUsername: 'Nome utente tentato',
    failedOutcome: 'Esito',
    failedReasons: {
      credentials: 'Password errata o utente sconosciuto',
      throttled: 'Rifiutato senza verifica: troppi tentativi, attesa in corso',
    } as Record<string, string>,
    failedVia: { login: 'accesso', unlock: 'sblocco' } as Record<string, string>,
  },
  sync: {
    title: 'Invii alle piattaforme nazionali',
    intro: 'Le operazioni registrate allo sportello vengono inviate automaticamente, nell’ordine giusto, appena le piattaforme rispondono.',
    platformNames: {
      anpr: 'ANPR (anagrafe nazionale)',
      gpd: 'pagoPA (posizioni debitorie)',
      agenda: 'Agenda CIE del Ministero',
      hub: 'Hub del Comune (sportelli collegati)',
      io: 'App IO (messaggi ai cittadini)',
    } as Record<string, string>,
    health: { unknown: 'In verifica', reachable: 'Raggiungibile', degraded: 'Risponde con errori', down: 'Non raggiungibile' } as Record<
      string,
      string
    >,
    lastSuccess: 'Ultimo contatto riuscito',
    never: 'mai',
    credentialsTitle: 'Credenziali da verificare',
    credentialsPaused: (platform: string, since: string) =>
      `Dal ${since} ${platform} non accetta le credenziali del Comune: gli invii a questa piattaforma sono sospesi. Le operazioni restano in coda e ripartono da sole appena le credenziali sono accettate (anche dopo l’installazione di un certificato rinnovato), senza riavviare.`,
    platformWords: 'Risposta della piattaforma',
    clockSkew: (s: number) =>
      `L’orologio di questo PC differisce di ${s} secondi da quello della piattaforma: far correggere data e ora, altrimenti ANPR rifiuta gli invii.`,
    counts: {
      pending: 'Da inviare',
      inFlight: 'In invio',
      waiting: 'In nuovo tentativo',
      attention: 'Da verificare',
      done: 'Inviate',
    } as Record<string, string>,
    retryNow: 'Riprova ora',
    attentionTitle: 'Operazioni da verificare',
    attentionEmpty: 'Nessuna operazione richiede il suo intervento.',
    attentionIntro:
      'La piattaforma ha rifiutato queste operazioni. Correggere i dati e reinviare, oppure annullare l’invio indicando il motivo.',
    platformSaid: 'La piattaforma ha risposto',
    answerOf: (platform: string) => `Risposta di ${platform}`,
    shortNames: { anpr: 'ANPR', gpd: 'pagoPA', agenda: 'Agenda CIE', hub: 'Hub del Comune', io: 'App IO' } as Record<string, string>,
    madeBy: (when: string, who: string | null) => `Registrata il ${when}${who ? ` da ${who}` : ''}`,
    cf: 'Codice fiscale',
    noPerson: 'Nessuna persona collegata',
    toCorrect: 'Dati da correggere',
    noneConcerned:
      'La risposta non indica quale dato correggere: controllare gli altri dati qui sotto, oppure annullare l’invio indicando il motivo.',
    otherData: (n: number) => `Altri dati dell’operazione (${n})`,
    readOnly: 'non modificabile con questa correzione',
    followsCorrected: 'segue la data corretta',
    resendAsIs: 'Reinvia senza modifiche',
    required: 'Indicare un valore.',
    badDate: 'Indicare una data valida.',
    badNumber: 'Indicare un numero.',
    resend: 'Reinvia',
    correctAndResend: 'Correggi e reinvia',
    discard: 'Annulla invio',
    discardReason: 'Motivo dell’annullamento',
    confirmDiscard: 'Conferma annullamento',
    cancel: 'Chiudi',
    payload: 'Dati inviati (modificabili)',
    payloadInvalid: 'I dati modificati non sono validi: controllare la sintassi.',
    resent: 'Operazione reinviata.',
    discarded: 'Invio annullato.',
  },
  forms: {
    summaryTitle: (n: number) => (n === 1 ? 'C’è un dato da correggere:' : `Ci sono ${n} dati da correggere:`),
    dateHint: 'gg/mm/aaaa',
  },
  errors: {
    generic: 'Si è verificato un errore. Riprovare.',
  },
};

export type Messages = typeof it;
export const t = it;
