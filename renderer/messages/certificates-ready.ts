/** "Certificati pronti": the certificates ANPR sent back for the counter's requests, in Italian. */
export const certificatesReadyText = {
  menu: 'Certificati pronti',
  title: 'Certificati pronti',
  intro:
    'I certificati rilasciati da ANPR per le richieste fatte allo sportello, anche quelle registrate senza collegamento: compaiono da soli quando ANPR risponde. Quelli da stampare sono in cima.',
  none: 'Nessun certificato pronto. Le richieste in attesa di ANPR compaiono qui appena arriva il certificato.',
  count: (n: number, toPrint: number) =>
    `${n === 1 ? '1 certificato' : `${n} certificati`}, ${toPrint === 1 ? '1 da stampare' : `${toPrint} da stampare`}.`,
  caption: 'Certificati rilasciati da ANPR',
  person: 'Persona',
  cf: 'Codice fiscale',
  kinds: 'Certificati',
  requested: 'Richiesto il',
  issued: 'Arrivato il',
  state: 'Stato',
  actions: 'Azioni',
  toPrint: 'Da stampare',
  printed: (when: string) => `Stampato il ${when}`,
  print: 'Stampa (PDF)',
  openPerson: 'Apri la scheda',
  printedNow: 'Certificato scaricato: aprirlo e stamparlo. Resta in elenco come stampato.',
  refresh: 'Aggiorna',
};
