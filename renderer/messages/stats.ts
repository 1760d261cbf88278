/** The "Riepilogo" screen and the monthly open data, in Italian. */
const n = (count: number, one: string, many: string) => (count === 1 ? `1 ${one}` : `${count} ${many}`);

export const statsText = {
  nav: 'Riepilogo',
  title: 'Riepilogo dello sportello',
  intro:
    'Il lavoro dello sportello in grafici, ciascuno con la sua tabella: persone servite, attesa per la CIE, avvisi pagoPA, invii alle piattaforme. Solo conteggi, nessun dato delle persone.',
  period: 'Periodo',
  last30: 'Ultimi 30 giorni',
  loading: 'Caricamento dei dati…',
  range: (from: string, to: string) => `Dal ${from} al ${to}.`,
  showTable: 'Mostra la tabella',
  hideTable: 'Nascondi la tabella',
  day: 'Giorno',
  total: 'Totale',
  served: {
    title: 'Persone servite al giorno',
    pratiche: 'Pratiche anagrafe',
    cie: 'Persone servite per la CIE',
    notices: 'Avvisi pagoPA emessi',
    caption: 'Persone servite al giorno, per tipo di servizio',
    summary: (total: number, from: string, to: string, busiest: string | null, max: number) =>
      `Grafico a barre impilate: ${n(total, 'servizio', 'servizi')} dal ${from} al ${to}` +
      (busiest ? `; il giorno con più servizi è il ${busiest} (${max}).` : '.'),
  },
  wait: {
    title: 'Giorni di attesa per la CIE',
    band: 'Attesa',
    count: 'Appuntamenti',
    caption: 'Appuntamenti CIE serviti, per giorni di attesa tra prenotazione e appuntamento',
    stats: (measured: number, mean: number | null, median: number | null) =>
      measured === 0
        ? 'Nessun appuntamento servito nel periodo.'
        : `${n(measured, 'appuntamento servito', 'appuntamenti serviti')}: attesa media ${String(mean).replace('.', ',')} giorni, mediana ${String(median).replace('.', ',')} giorni (un accesso senza appuntamento conta 0 giorni).`,
    summary: (bands: { label: string; count: number }[]) =>
      `Grafico a barre: appuntamenti serviti per giorni di attesa. ${bands.map((b) => `${b.label}: ${b.count}`).join('; ')}.`,
  },
  notices: {
    title: 'Avvisi pagoPA: pagati e da pagare',
    state: 'Stato',
    count: 'Avvisi',
    paid: 'Pagati',
    unpaid: 'Da pagare',
    cancelled: 'Annullati',
    caption: 'Avvisi pagoPA emessi nel periodo, per stato',
    summary: (paid: number, unpaid: number, cancelled: number) =>
      `Grafico a barre: avvisi emessi nel periodo, ${paid} pagati, ${unpaid} da pagare, ${cancelled} annullati.`,
  },
  sync: {
    title: 'Invii alle piattaforme',
    intro:
      'Per ogni piattaforma, le operazioni registrate ogni giorno e dove sono ora: inviate, da verificare (serve una persona), ancora in coda.',
    done: 'Inviate',
    attention: 'Da verificare',
    queued: 'In coda',
    caption: (platform: string) => `Operazioni per ${platform}, per giorno di registrazione e stato`,
    summary: (platform: string, done: number, attention: number, queued: number) =>
      `Grafico a barre impilate, ${platform}: ${done} inviate, ${attention} da verificare, ${queued} in coda nel periodo.`,
  },
  openData: {
    title: 'Dati aperti del mese',
    intro:
      'Scarica i conteggi del mese da pubblicare come dati aperti: un file CSV (UTF-8) e i suoi metadati DCAT-AP_IT (JSON-LD), licenza CC BY 4.0. Nessun dato personale; i conteggi inferiori a 3 compaiono come "<3". L’esportazione è registrata.',
    month: 'Mese',
    email: 'Email di contatto per i dati (facoltativa)',
    emailHelp: 'Per esempio anagrafe@comune.esempio.it: compare nei metadati come punto di contatto.',
    submit: 'Scarica i dati aperti (CSV e metadati)',
    done: (month: string, rows: number) =>
      `Dati aperti di ${month} scaricati: ${n(rows, 'riga', 'righe')} nel CSV e il file dei metadati. Li pubblichi sul sito del Comune o sul portale dei dati aperti.`,
  },
  months: [
    'gennaio',
    'febbraio',
    'marzo',
    'aprile',
    'maggio',
    'giugno',
    'luglio',
    'agosto',
    'settembre',
    'ottobre',
    'novembre',
    'dicembre',
  ],
};
