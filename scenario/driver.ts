/**
 * The clerk's hands: drives the real UI in Chromium through each visit of the day, with the
 * selectors and flows the rooms' own E2E tests use. Every save is timed (scenario/latency.ts).
 */
import type { Locator, Page } from 'playwright-core';
import { computeCodiceFiscale } from '../electron/core/anagrafe/codice-fiscale';
import type { CardDesk } from './cards';
import { timedSave, type SaveTiming } from './latency';
import { photoJpeg } from '../test/support/browser';
import type { CardHolder, Citizen, Fee, Visit } from './script';
import { romeDate } from '../electron/core/rome-time';

const DAY_MS = 86_400_000;
export const dayFrom = (offsetDays: number) => romeDate(Date.now() + offsetDays * DAY_MS);

const STATUS = '[role="status"], [role="alert"]';

/**
 * How long a save's key or button is held, as a person holds it (about a tenth of a second).
 * Playwright's own press releases at once, which no hand does: the release, where a save starts
 * and its time is taken (scenario/latency.ts), would come while the page may still be handling the
 * press (the focus moving to the button).
 */
const HELD = { delay: 80 };

/** What a visit left behind, for the report and the later steps (resolving the planted errors). */
export interface VisitResult {
  n: number;
  kind: Visit['kind'];
  /** Identified by reading the CIE (true) or by typed data (false). */
  cardRead: boolean;
  bookingCode?: string;
  nav?: string;
  saves: SaveTiming[];
}

export class CounterDriver {
  readonly saves: SaveTiming[] = [];
  private current: SaveTiming[] = [];

  constructor(
    readonly page: Page,
    private readonly desk: CardDesk,
  ) {}

  private get cardsOn(): boolean {
    return this.desk.unavailable === null;
  }

  /** Presses the save's button (or `key` in a field), held as a clerk holds it, and times the save. */
  private async save(what: string, confirm: { selector: string; text?: string }, target: Locator, key?: 'Enter') {
    const t = await timedSave(this.page, what, confirm, () => (key ? target.press(key, HELD) : target.click(HELD)));
    this.saves.push(t);
    this.current.push(t);
    return t;
  }

  // ——— navigation ———

  async open(screenId: string, heading: string | RegExp) {
    await this.page.getByTestId(`nav-${screenId}`).click();
    await this.page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }

  /** bootstrap-italia draws radios and checkboxes over the real inputs: use them as a keyboard user would. */
  async choose(label: string, scope: Page | Locator = this.page) {
    const input = scope.getByLabel(label, { exact: true });
    await input.focus();
    if (!(await input.isChecked())) await this.page.keyboard.press('Space');
  }

  /** The clerk lays the citizen's CIE on the reader, presses the "Leggi CIE" button given, types the CAN, uses the data. */
  async readCard(holder: CardHolder, button: Locator) {
    await this.desk.present(holder);
    await button.click();
    const panel = this.page.getByRole('group', { name: 'Lettura della Carta d’Identità Elettronica' });
    await panel.waitFor();
    await this.page.getByTestId('card-reader-status').getByText('Lettore pronto e carta appoggiata.').waitFor();
    const can = this.page.getByLabel('CAN (6 cifre)');
    await can.fill(holder.can);
    await can.press('Enter');
    await panel
      .getByText(/Carta autentica: verificata/)
      .first()
      .waitFor();
    await this.page.getByRole('button', { name: 'Usa questi dati' }).press('Enter');
    await panel.waitFor({ state: 'detached' });
  }

  // ——— anagrafe ———

  private async openByCf(cf: string) {
    await this.open('anagrafe', 'Anagrafe: ricerca');
    await this.page.getByTestId('anagrafe-search').fill(cf);
    await this.page.getByTestId('search-results').getByText(cf).waitFor();
    await this.page.getByTestId('anagrafe-search').press('Enter');
    await this.page.getByTestId('person-record').waitFor();
  }

  private savePratica(what: string, field: Locator) {
    return this.save(what, { selector: '[data-testid="pratica-saved"]' }, field, 'Enter');
  }

  private async birth(v: Extract<Visit, { kind: 'birth' }>) {
    const p = this.page;
    await this.openByCf(v.parent.codiceFiscale);
    await p.getByTestId('start-1001').click();
    await p.getByRole('heading', { level: 1, name: /Iscrizione per nascita/ }).waitFor();
    const cognome = (await p.getByLabel('Cognome', { exact: true }).inputValue()).trim();
    const born = dayFrom(-v.daysAgo);
    await p.getByLabel('Nome', { exact: true }).fill(v.nome);
    await p.getByLabel('Sesso').selectOption(v.sesso);
    await p.getByLabel('Data di nascita').fill(born);
    await p.getByLabel('Numero dell’atto').fill(v.atto);
    const cf = computeCodiceFiscale({ cognome, nome: v.nome, sesso: v.sesso, dataNascita: born, belfiore: 'A577' });
    await p.getByLabel('Codice fiscale', { exact: true }).fill(cf);
    await this.savePratica('anagrafe 1001 nascita', p.getByLabel('Codice fiscale', { exact: true }));
  }

  private async immigration(v: Extract<Visit, { kind: 'immigration' }>, card: CardHolder | null) {
    const p = this.page;
    await this.open('anagrafe', 'Anagrafe: ricerca');
    await p.getByRole('button', { name: /Iscrizione per altri motivi/ }).click();
    await p.getByRole('heading', { level: 1, name: 'Iscrizione per altri motivi' }).waitFor();
    await p.getByLabel('Motivo').selectOption('3');
    if (card) {
      await this.readCard(card, p.getByRole('button', { name: 'Leggi CIE' }));
      await p
        .getByText(/Carta autentica: verificata/)
        .first()
        .waitFor();
    } else {
      const x = v.person;
      await p.getByLabel('Cognome').fill(x.cognome);
      await p.getByLabel('Nome', { exact: true }).fill(x.nome);
      await p.getByLabel('Sesso').selectOption(x.sesso);
      await p.getByLabel('Data di nascita').fill(x.dataNascita);
      await p.getByLabel('Luogo di nascita (comune italiano o Stato estero)').fill(x.luogo);
      await p.getByLabel('Codice fiscale', { exact: true }).fill(computeCodiceFiscale(x));
    }
    await p.getByLabel('Stato civile').selectOption('1');
    await this.choose('Cittadinanza italiana');
    await p.getByLabel('Provenienza (comune italiano o Stato estero)').fill(v.person.luogo);
    await p.getByLabel('Nome della strada').fill(v.via);
    await p.getByLabel('Numero civico').fill(v.civico);
    await this.savePratica('anagrafe 1002 iscrizione', p.getByLabel('Numero civico'));
  }

  private async move(v: Extract<Visit, { kind: 'move' }>) {
    const p = this.page;
    await this.openByCf(v.person.codiceFiscale);
    await p.getByTestId('start-5005').click();
    await p.getByRole('heading', { level: 1, name: /Cambio di abitazione/ }).waitFor();
    await p.getByLabel('Nome della strada').fill(v.via);
    await p.getByLabel('Numero civico').fill(v.civico);
    await this.savePratica('anagrafe 5005 cambio di abitazione', p.getByLabel('Numero civico'));
  }

  private async death(v: Extract<Visit, { kind: 'death' }>) {
    const p = this.page;
    await this.openByCf(v.person.codiceFiscale);
    await p.getByTestId('start-2001').click();
    await p.getByLabel('Data del decesso').fill(dayFrom(-v.daysAgo));
    await p.getByLabel('Numero dell’atto').fill(v.atto);
    await this.savePratica('anagrafe 2001 decesso', p.getByLabel('Numero dell’atto'));
  }

  private async civilStatus(v: Extract<Visit, { kind: 'civilStatus' }>) {
    const p = this.page;
    await this.openByCf(v.person.codiceFiscale);
    await p.getByTestId('start-5008').click();
    await p.getByLabel('Data di decorrenza').fill(dayFrom(-v.decorrenzaDaysAgo));
    const current = await p.getByLabel('Stato civile').inputValue();
    await p.getByLabel('Stato civile').selectOption(current === '3' ? '4' : '3');
    await this.savePratica('anagrafe 5008 stato civile', p.getByLabel('Data di decorrenza'));
  }

  // ——— pagoPA ———

  /** Issues a notice at the counter, prints it, returns its NAV. */
  private async notice(
    debtor: { nome: string; cognome: string; codiceFiscale: string },
    items: string[],
    card: CardHolder | null,
    what: string,
  ): Promise<string> {
    const p = this.page;
    await this.open('pagopa-issue', /Nuovo avviso di pagamento pagoPA/);
    // The screen may still show the previous citizen's notice: start a new one.
    const another = p.getByRole('button', { name: 'Nuovo avviso', exact: true });
    if (await another.isVisible()) {
      await another.click();
      await p.getByRole('button', { name: 'Emetti avviso' }).waitFor();
    }
    await p.getByTestId('item-code').focus();
    for (const code of items) {
      await p.keyboard.type(code);
      await p.keyboard.press('Enter');
    }
    await p
      .getByTestId('chosen-items')
      .getByText(items[items.length - 1], { exact: true })
      .waitFor();
    if (card) await this.readCard(card, p.getByRole('button', { name: 'Leggi CIE' }));
    else {
      await p.getByLabel('Nome e cognome').fill(`${debtor.nome} ${debtor.cognome}`);
      await p.getByLabel('Codice fiscale').fill(debtor.codiceFiscale);
    }
    const submit = p.getByRole('button', { name: 'Emetti avviso' });
    await this.save(what, { selector: '[data-testid="issued-nav"]' }, submit);
    const nav = (await p.getByTestId('issued-nav').getAttribute('data-nav'))!;
    // "Stampa avviso" has the focus: Invio prints (a PDF download).
    const [download] = await Promise.all([p.waitForEvent('download'), p.keyboard.press('Enter')]);
    await download.path();
    return nav;
  }

  // ——— CIE ———

  private async newBookingForm(date: string, time: string | null) {
    const p = this.page;
    await this.openAgenda();
    await p.getByRole('button', { name: 'Nuova prenotazione' }).click();
    await p.getByRole('heading', { level: 1, name: 'Nuova prenotazione CIE' }).waitFor();
    await p.getByLabel('Giorno').fill(date);
    if (time) {
      await p.locator(`select option[value="${time}"]`).waitFor({ state: 'attached' });
      await p.getByLabel('Orario').selectOption(time);
    } else {
      await p.getByLabel('Orario').locator('option').first().waitFor({ state: 'attached' });
    }
  }

  /** Fills a booking's person: from the card, or from the registry by codice fiscale. */
  private async bookingPerson(person: { codiceFiscale: string }, card: CardHolder | null) {
    const p = this.page;
    const fieldset = p.getByTestId('person-0');
    if (card) {
      await this.readCard(card, fieldset.getByRole('button', { name: 'Leggi i dati dalla CIE' }));
      await until(
        'the card data in the booking',
        async () => (await fieldset.getByLabel('Codice fiscale', { exact: true }).inputValue()) === card.codiceFiscale,
      );
    } else {
      await fieldset.getByLabel(/Cerca in anagrafe/).fill(person.codiceFiscale);
      await fieldset
        .getByRole('button', { name: /^Scegli / })
        .first()
        .click();
      await fieldset.getByText('Dati presi dall’anagrafe.').waitFor();
    }
  }

  private async book(
    person: { codiceFiscale: string },
    card: CardHolder | null,
    date: string,
    time: string | null,
    phone: string | null,
    what: string,
  ): Promise<string> {
    const p = this.page;
    await this.newBookingForm(date, time);
    await this.bookingPerson(person, card);
    if (phone) await p.getByLabel('Telefono', { exact: true }).fill(phone);
    await this.save(
      what,
      { selector: STATUS, text: 'Prenotazione registrata con il codice' },
      p.getByRole('button', { name: 'Prenota', exact: true }),
    );
    const title = p.getByRole('heading', { level: 1, name: /^Prenotazione [A-Z0-9-]+$/ });
    return (await title.textContent())!.replace('Prenotazione ', '');
  }

  /** The agenda's day view, whatever view of the CIE room the clerk left open (booking, checklist). */
  private async openAgenda() {
    const p = this.page;
    await p.getByTestId('nav-cie-agenda').click();
    const heading = p.getByRole('heading', { level: 1, name: 'Agenda CIE' });
    const toBooking = p.getByRole('button', { name: 'Torna alla prenotazione' });
    const toAgenda = p.getByRole('button', { name: 'Torna all’agenda' });
    for (let i = 0; i < 3; i++) {
      await heading.or(toBooking).or(toAgenda).first().waitFor();
      if (await heading.isVisible()) return;
      if (await toBooking.isVisible()) await toBooking.click();
      else if (await toAgenda.isVisible()) await toAgenda.click();
    }
    await heading.waitFor();
  }

  private async openBooking(code: string) {
    const p = this.page;
    await this.openAgenda();
    await p.getByLabel('Cerca per codice prenotazione').fill(code);
    await p.getByLabel('Cerca per codice prenotazione').press('Enter');
    await p.getByRole('heading', { level: 1, name: `Prenotazione ${code}` }).waitFor();
  }

  /** The issuing checklist to "pronto per CIEOnline": identity by card or by document, fee by pagoPA notice or cash. */
  private async checklist(name: string, card: CardHolder | null, fee: Fee, nav: string | null, n: number) {
    const p = this.page;
    await p.getByRole('heading', { level: 1, name: `Lista di controllo: ${name}` }).waitFor();
    if (card) {
      await this.choose('Rinnovo (documento scaduto o in scadenza)');
      await this.choose('Il vecchio documento è stato ritirato');
      await this.readCard(card, p.getByRole('button', { name: 'Leggi CIE' }));
      await p.getByText('CIE letta e autentica.').waitFor();
    } else {
      await this.choose('Primo rilascio');
      await this.choose('Documento di riconoscimento visto');
      await p.getByLabel('Numero del documento').fill(`AX${String(1000000 + n)}`);
    }
    await this.choose('I dati anagrafici sono stati confermati con il cittadino');
    await p.locator('#cie-photo-file').setInputFiles({ name: 'foto.jpg', mimeType: 'image/jpeg', buffer: await photoJpeg(p) });
    await p.getByText(/Foto adatta: 600×780 pixel/).waitFor();
    await this.choose('La foto è recente (meno di sei mesi), a volto intero, su sfondo chiaro, senza ritocchi');
    await this.choose('Rilevate');
    await this.choose('Consenso');
    await this.choose('Ritiro in Comune');
    if (fee === 'pagopa') {
      await this.choose('Avviso pagoPA');
      await p.getByLabel('Codice avviso pagoPA (18 cifre)').fill(nav!);
    } else {
      await this.choose('Contanti allo sportello');
      await p.getByLabel('Numero della ricevuta').fill(`R-${dayFrom(0).slice(0, 4)}-${String(n).padStart(4, '0')}`);
    }
    await this.save(
      'cie lista di controllo pronta',
      { selector: STATUS, text: 'Pronto per CIEOnline: emettere la carta' },
      p.getByRole('button', { name: 'Pronto per CIEOnline' }),
    );
  }

  private async appointment(c: Citizen, v: Extract<Visit, { kind: 'appointment' }>, r: VisitResult) {
    const p = this.page;
    const name = `${v.person.nome} ${v.person.cognome}`;
    // Booked by phone for later today; when the citizen comes, the fee notice first, then the checklist.
    r.bookingCode = await this.book(v.person, null, dayFrom(0), null, null, 'cie prenotazione per oggi');
    if (v.fee === 'pagopa') r.nav = await this.notice(v.person, ['CIE-STATO', 'CIE-COMUNE'], null, 'pagopa avviso per la CIE');
    await this.openBooking(r.bookingCode);
    await this.save(
      'cie arrivo registrato',
      { selector: STATUS, text: 'Arrivo registrato' },
      p.getByRole('button', { name: 'Registra l’arrivo' }),
    );
    await p.getByRole('button', { name: `Apri la lista di ${name}` }).click();
    await this.checklist(name, c.card, v.fee, r.nav ?? null, c.n);
  }

  private async walkIn(c: Citizen, v: Extract<Visit, { kind: 'walkIn' }>, r: VisitResult) {
    const p = this.page;
    const name = `${v.person.nome} ${v.person.cognome}`;
    await this.open('cie-walkins', 'Coda senza appuntamento');
    await p.getByLabel('Nome e cognome').fill(name);
    await this.save('cie numero in coda', { selector: STATUS, text: 'assegnato.' }, p.getByLabel('Nome e cognome'), 'Enter');
    const number = /Numero (\d+) assegnato/.exec((await p.getByText(/Numero \d+ assegnato/).textContent())!)![1];
    if (v.fee === 'pagopa') r.nav = await this.notice(v.person, ['CIE-STATO', 'CIE-COMUNE'], null, 'pagopa avviso per la CIE');
    await this.open('cie-walkins', 'Coda senza appuntamento');
    await p.getByRole('button', { name: `Servi il numero ${number}`, exact: true }).click();
    await p.getByRole('heading', { level: 1, name: `Servire il numero ${number}` }).waitFor();
    await p.locator('select option').first().waitFor({ state: 'attached' });
    const fieldset = p.getByTestId('person-0');
    await fieldset.getByLabel('Codice fiscale', { exact: true }).fill(v.person.codiceFiscale);
    await fieldset.getByLabel('Data di nascita', { exact: true }).fill(v.person.dataNascita);
    await this.save(
      'cie servito dalla coda',
      { selector: 'h1', text: `Lista di controllo: ${name}` },
      p.getByRole('button', { name: 'Registra e apri la lista di controllo' }),
    );
    await this.checklist(name, c.card, v.fee, r.nav ?? null, c.n);
  }

  /** Booked by phone for the slot starting now; the citizen never comes (see markAbsent). */
  private async noShow(v: Extract<Visit, { kind: 'noShow' }>, r: VisitResult) {
    r.bookingCode = await this.book(v.person, null, dayFrom(0), null, null, 'cie prenotazione per oggi');
  }

  /** At closing, the clerk marks the absence (allowed once the appointment has begun). */
  async markAbsent(code: string) {
    const p = this.page;
    await this.openBooking(code);
    await this.save(
      'cie assenza registrata',
      { selector: STATUS, text: 'Assenza registrata' },
      p.getByRole('button', { name: 'Segna come assente' }),
    );
  }

  // ——— one citizen ———

  async serve(c: Citizen): Promise<VisitResult> {
    this.current = [];
    const v = c.visit;
    const card = this.cardsOn ? c.card : null;
    const r: VisitResult = { n: c.n, kind: v.kind, cardRead: Boolean(card), saves: [] };
    switch (v.kind) {
      case 'birth':
        await this.birth(v);
        break;
      case 'immigration':
        await this.immigration(v, card);
        break;
      case 'move':
        await this.move(v);
        break;
      case 'death':
        await this.death(v);
        break;
      case 'civilStatus':
        await this.civilStatus(v);
        break;
      case 'booking':
        r.bookingCode = await this.book(
          v.person,
          card,
          dayFrom(v.daysAhead),
          v.time,
          `333 000 ${String(c.n).padStart(4, '0')}`,
          'cie prenotazione per telefono',
        );
        break;
      case 'appointment':
        await this.appointment({ ...c, card }, v, r);
        break;
      case 'walkIn':
        await this.walkIn({ ...c, card }, v, r);
        break;
      case 'noShow':
        await this.noShow(v, r);
        break;
      case 'notice':
        r.nav = await this.notice(v.debtor, v.items, card, 'pagopa avviso');
        break;
    }
    r.saves = this.current;
    return r;
  }

  // ——— resolving what needs a person ———

  /** "Invii alle piattaforme": corrects the refused pratica's decorrenza and resends it. */
  async correctDecorrenza(kind: string, decorrenza: string) {
    const p = this.page;
    await this.open('sync', /Invii alle piattaforme/);
    const item = p.locator(`[data-testid="attention-item"][data-kind="${kind}"]`).first();
    await item.getByRole('button', { name: 'Correggi e reinvia' }).click();
    await item.getByLabel('Data di decorrenza', { exact: true }).fill(decorrenza);
    await this.save(
      'invii: correggi e reinvia',
      { selector: STATUS, text: 'Operazione reinviata.' },
      item.getByRole('button', { name: 'Reinvia' }),
    );
  }

  /** "Conflitti con prenotazioni online": moves the booking to the proposed slot and records who was told. */
  async moveConflict(code: string) {
    const p = this.page;
    await this.open('cie-conflicts', 'Conflitti con prenotazioni online');
    const card = p.getByTestId('conflict-item').filter({ hasText: code });
    await card.locator('input[type="radio"]').first().waitFor({ state: 'attached' });
    await card.getByLabel('Chi è stato avvisato').fill('Il cittadino in persona');
    await card.getByLabel('Come è stato avvisato').selectOption('phone');
    await this.save(
      'conflitto: sposta',
      { selector: STATUS, text: `Prenotazione ${code} spostata` },
      card.getByRole('button', { name: 'Sposta all’orario scelto' }),
    );
  }
}

/** Polls until `ok` holds (for values Playwright's locators cannot wait on, like an input's value). */
export async function until(what: string, ok: () => Promise<boolean>, timeoutMs = 45_000, everyMs = 100): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
