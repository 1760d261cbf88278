/** Texts of the "Giornata dimostrativa" screen (demo mode). */
export const demoText = {
  nav: 'Giornata dimostrativa',
  title: 'Giornata dimostrativa',
  intro:
    'Sportello rivive una giornata allo sportello senza collegamento: pratiche anagrafiche, appuntamenti CIE e avvisi pagoPA vengono registrati mentre tutte le piattaforme nazionali (simulate) sono spente. A fine giornata il collegamento torna, su una linea lenta e instabile, e le operazioni partono da sole: si possono seguire in «Anagrafe», «Avvisi pagoPA» e «Invii alle piattaforme».',
  onlyDemo: 'La giornata dimostrativa è disponibile solo in modalità dimostrativa.',
  short: 'Avvia la giornata breve (12 cittadini)',
  full: 'Avvia la giornata intera (53 cittadini)',
  started: 'Giornata avviata.',
  phase: {
    idle: 'La giornata non è ancora cominciata.',
    down: 'Collegamento assente: le operazioni restano in attesa sul computer.',
    back: 'Collegamento tornato (linea rurale): le operazioni vengono inviate.',
    done: 'Giornata conclusa.',
    failed: 'La giornata dimostrativa si è interrotta.',
  } as Record<string, string>,
  progress: (served: number, total: number) => `Cittadini serviti: ${served} di ${total}.`,
  last: 'Ultima operazione',
  notesTitle: 'Da verificare',
  openSync: 'Apri «Invii alle piattaforme»',
  openConflicts: 'Apri «Conflitti prenotazioni»',
};
