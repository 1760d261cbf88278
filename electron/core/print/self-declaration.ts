/**
 * The prefilled self-declaration (dichiarazione sostitutiva di certificazione, D.P.R. 445/2000
 * art. 46) printed offline while the certificate request waits for ANPR. Input is plain data (the
 * anagrafe room builds it from the registry); output is a PDF with Titillium Web embedded.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import { SportelloError } from '../errors';

export type SelfDeclarationStatement = 'nascita' | 'residenza' | 'cittadinanza' | 'esistenzaInVita' | 'statoCivile' | 'statoFamiglia';

export interface SelfDeclarationData {
  comune: { name: string; siglaProvincia: string };
  dichiarante: {
    cognome: string;
    nome: string;
    sesso: 'M' | 'F' | 'N';
    codiceFiscale: string;
    dataNascita: string;
    luogoNascita: string;
    indirizzo: string;
    cittadinanza: string;
    statoCivile: string;
  };
  familyMembers: { cognome: string; nome: string; dataNascita: string; luogoNascita: string; relazione: string }[];
  statements: SelfDeclarationStatement[];
  /** Place and date printed above the signature (date YYYY-MM-DD). */
  luogo: string;
  data: string;
}

const FONT_FILES = { regular: 'TitilliumWeb-Regular.ttf', bold: 'TitilliumWeb-Bold.ttf' };

function fontPaths(): { regular: string; bold: string } {
  const assets = [fileURLToPath(new URL('../../../assets/fonts/', import.meta.url)), join(process.cwd(), 'assets', 'fonts')];
  const dir = assets.find((d) => existsSync(join(d, FONT_FILES.regular)));
  if (dir) return { regular: join(dir, FONT_FILES.regular), bold: join(dir, FONT_FILES.bold) };
  const bi = fileURLToPath(new URL('../../../node_modules/bootstrap-italia/dist/fonts/Titillium_Web/', import.meta.url));
  const regular = join(bi, 'titillium-web-v10-latin-ext_latin-regular.ttf');
  const bold = join(bi, 'titillium-web-v10-latin-ext_latin-700.ttf');
  if (existsSync(regular) && existsSync(bold)) return { regular, bold };
  throw new SportelloError(
    'PRINT_FONTS_MISSING',
    'Impossibile preparare la stampa: mancano i caratteri tipografici. Reinstallare Sportello.',
  );
}

const it = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
};

function statementText(s: SelfDeclarationStatement, d: SelfDeclarationData): string {
  const p = d.dichiarante;
  const a = p.sesso === 'F' ? 'a' : 'o';
  switch (s) {
    case 'nascita':
      return `di essere nat${a} a ${p.luogoNascita} il ${it(p.dataNascita)};`;
    case 'residenza':
      return `di essere residente nel Comune di ${d.comune.name} (${d.comune.siglaProvincia}), ${p.indirizzo};`;
    case 'cittadinanza':
      return `di essere cittadin${a} ${p.cittadinanza};`;
    case 'esistenzaInVita':
      return 'di essere in vita;';
    case 'statoCivile':
      return `di essere ${p.statoCivile};`;
    case 'statoFamiglia':
      return 'che la propria famiglia anagrafica è composta da:';
  }
}

/** Renders the self-declaration as a PDF buffer. */
export function renderSelfDeclaration(d: SelfDeclarationData): Promise<Buffer> {
  const fonts = fontPaths();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 64, right: 64 },
    info: { Title: 'Dichiarazione sostitutiva di certificazione', Creator: 'Sportello' },
  });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const p = d.dichiarante;
  const width = doc.page.width - 128;

  doc.font('bold').fontSize(15).text('DICHIARAZIONE SOSTITUTIVA DI CERTIFICAZIONE', { align: 'center', width });
  doc.font('regular').fontSize(10).text('(art. 46 D.P.R. 28 dicembre 2000, n. 445)', { align: 'center', width });
  doc.moveDown(2);
  doc.fontSize(11);
  doc.font('regular').text(`Il/La sottoscritto/a `, { continued: true }).font('bold').text(`${p.cognome} ${p.nome}`, { continued: true });
  doc.font('regular').text(`, nato/a a ${p.luogoNascita} il ${it(p.dataNascita)}, codice fiscale `, { continued: true });
  doc.font('bold').text(p.codiceFiscale, { continued: true });
  doc.font('regular').text(`, residente a ${d.comune.name} (${d.comune.siglaProvincia}), ${p.indirizzo},`);
  doc.moveDown();
  doc.text(
    "consapevole delle sanzioni penali previste dall'art. 76 del D.P.R. 445/2000 nel caso di dichiarazioni non veritiere, di formazione o uso di atti falsi, e della decadenza dai benefici eventualmente conseguiti (art. 75),",
    { align: 'justify', width },
  );
  doc.moveDown();
  doc.font('bold').text('DICHIARA', { align: 'center', width });
  doc.moveDown(0.5);
  doc.font('regular');
  for (const s of d.statements) {
    doc.text(`•  ${statementText(s, d)}`, { indent: 0, width });
    if (s === 'statoFamiglia') {
      for (const m of d.familyMembers) {
        doc.text(`      – ${m.cognome} ${m.nome}, nato/a a ${m.luogoNascita} il ${it(m.dataNascita)} (${m.relazione})`, { width });
      }
    }
    doc.moveDown(0.3);
  }
  doc.moveDown();
  doc
    .fontSize(9)
    .text(
      'Informativa (Reg. UE 2016/679, art. 13): i dati sono trattati dal Comune esclusivamente per il procedimento per il quale la dichiarazione viene resa. ' +
        'La dichiarazione non necessita di autenticazione della firma (art. 3 e art. 38 D.P.R. 445/2000) ed è valida con la stessa efficacia dei certificati che sostituisce; le pubbliche amministrazioni e i gestori di pubblici servizi sono tenuti ad accettarla (art. 74).',
      { align: 'justify', width },
    );
  doc.moveDown(2);
  doc.fontSize(11).text(`${d.luogo}, ${it(d.data)}`);
  doc.moveDown(2);
  doc.text('Il/La dichiarante', { align: 'right', width });
  doc.moveDown(2);
  doc.text('______________________________', { align: 'right', width });
  doc.end();
  return done;
}
