/** The responsabile's daily closing report, in Italian. */
export const auditText = {
  closingTitle: 'Chiusura giornaliera',
  closingIntro:
    'Il riepilogo stampabile delle operazioni del giorno verso le piattaforme nazionali, con il loro esito (inviata, in attesa, da verificare, scartata e perché) e l’impronta del registro degli accessi. Lo stampi a fine giornata, lo firmi e lo conservi: una modifica successiva del registro non corrisponderà più.',
  dateLabel: 'Giorno',
  print: 'Stampa la chiusura (PDF)',
  printed: (items: number, seq: number) =>
    `Chiusura pronta: ${items === 1 ? '1 operazione' : `${items} operazioni`}; registro degli accessi fino alla voce n. ${seq}. Il PDF è stato scaricato: lo stampi e lo conservi.`,
};
