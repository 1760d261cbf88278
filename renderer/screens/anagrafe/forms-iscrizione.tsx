/** The forms that register a person: birth (1001) and iscrizione for other reasons (1002). */
import { useEffect, useState } from 'react';
import { Field } from '../../components/Field';
import { ReadCieButton, type CiePrefill } from '../../components/ReadCie';
import { LEGAME, SESSO, STATO_CIVILE } from '../../../electron/core/anagrafe/code-tables';
import { anagrafeText as m } from '../../messages/anagrafe';
import { anprConsultText as anprText } from '../../messages/anpr-consult';
import { useHandoff, type AnprPersonFound } from '../../stores/handoff';
import { CheckField, DecorrenzaField, emptyPlace, PlaceField, SelectField, type PlaceValue } from './inputs';
import { clean, noting, resolvePlace, type FormContext, type FormIssue, type FormSpec } from './pratica-kit';
import { AddressFields, emptyAddress, residenzaOf, type AddressValue } from './address';
import { DateField } from '../../components/DateField';

const ITALIA = { descrizioneStato: 'ITALIA', codiceStato: '100' };

interface Identity {
  cognome: string;
  nome: string;
  sesso: string;
  dataNascita: string;
  luogo: PlaceValue;
  cf: string;
  askCf: boolean;
}

function IdentityFields({
  v,
  set,
  err,
  path,
  allowAskCf,
}: {
  v: Identity;
  set(v: Identity): void;
  err: FormContext['err'];
  path: string;
  allowAskCf: boolean;
}) {
  return (
    <fieldset className="mb-3">
      <legend className="h5">{m.form.person}</legend>
      <div className="row">
        <div className="col-md-6">
          <Field
            label={m.form.cognome}
            value={v.cognome}
            autoFocus
            onChange={(e) => set({ ...v, cognome: e.target.value })}
            error={err(`${path}.cognome`)}
          />
        </div>
        <div className="col-md-6">
          <Field label={m.form.nome} value={v.nome} onChange={(e) => set({ ...v, nome: e.target.value })} error={err(`${path}.nome`)} />
        </div>
        <div className="col-md-4">
          <SelectField
            label={m.form.sesso}
            value={v.sesso}
            options={SESSO}
            placeholder={m.form.choose}
            onChange={(e) => set({ ...v, sesso: e.target.value })}
            error={err(`${path}.sesso`)}
          />
        </div>
        <div className="col-md-4">
          <DateField
            label={m.form.dataNascita}
            value={v.dataNascita}
            onChange={(e) => set({ ...v, dataNascita: e.target.value })}
            error={err(`${path}.dataNascita`)}
          />
        </div>
        <div className="col-md-12">
          <PlaceField
            label={m.form.luogoNascita}
            value={v.luogo}
            date={v.dataNascita}
            onChange={(luogo) => set({ ...v, luogo })}
            error={err(`${path}.luogoNascita`)}
          />
        </div>
        <div className="col-md-6">
          <Field
            label={m.form.cf}
            value={v.cf}
            maxLength={16}
            help={m.form.cfHelp}
            disabled={v.askCf}
            className="text-uppercase"
            onChange={(e) => set({ ...v, cf: e.target.value.toUpperCase() })}
            error={err(`${path}.codiceFiscale`)}
          />
        </div>
        {allowAskCf && (
          <div className="col-md-6 pt-md-4">
            <CheckField
              label={m.form.cfAsk}
              checked={v.askCf}
              onChange={(askCf) => set({ ...v, askCf, cf: askCf ? '' : v.cf })}
              error={err('richiesta.datiControllo.gestioneCF')}
            />
          </div>
        )}
      </div>
    </fieldset>
  );
}

async function generalita(v: Identity, path: string, issues?: FormIssue[]) {
  const luogoNascita = await noting(
    issues,
    resolvePlace(v.luogo, v.dataNascita, m.form.luogoNascita.split(' (')[0], `${path}.luogoNascita`),
  );
  return clean({
    codiceFiscale: v.cf && !v.askCf ? { codFiscale: v.cf } : undefined,
    cognome: v.cognome.toUpperCase(),
    nome: v.nome.toUpperCase(),
    sesso: v.sesso,
    dataNascita: v.dataNascita,
    luogoNascita,
  });
}

function familyRef(ctx: FormContext) {
  const f = ctx.person?.family;
  return f
    ? {
        idFamigliaConvivenzaComune: { idFamigliaConvivenzaComuneIstat: ctx.info.comune.codiceIstat, idFamigliaConvivenza: f.id },
        ...(f.idFamigliaAnpr ? { idFamigliaConvivenzaANPR: f.idFamigliaAnpr } : {}),
        tipoScheda: '3',
      }
    : null;
}

function FamilyChoice({
  ctx,
  join,
  setJoin,
  legame,
  setLegame,
  errPath,
}: {
  ctx: FormContext;
  join: boolean;
  setJoin(v: boolean): void;
  legame: string;
  setLegame(v: string): void;
  errPath: string;
}) {
  const p = ctx.person;
  if (!p?.family) return null;
  const headName = [p.cognome, p.nome].filter(Boolean).join(' ');
  return (
    <fieldset className="mb-3">
      <legend className="h5">{m.form.famiglia}</legend>
      <CheckField label={m.form.famigliaOf(headName)} checked={join} onChange={setJoin} />
      {join && (
        <SelectField
          label={m.form.relazione}
          value={legame}
          options={Object.entries(LEGAME).filter(([k]) => k !== '1')}
          onChange={(e) => setLegame(e.target.value)}
          error={ctx.err(errPath)}
        />
      )}
    </fieldset>
  );
}

const blankIdentity = (info: FormContext['info'], cognome = ''): Identity => ({
  cognome,
  nome: '',
  sesso: '',
  dataNascita: '',
  luogo: emptyPlace(`${info.comune.nome} (${info.comune.siglaProvincia})`),
  cf: '',
  askCf: false,
});

interface Parent {
  cognome: string;
  nome: string;
  cf: string;
  /** The record's generalita when the parent was taken from the register (ids included). */
  from: Record<string, unknown> | null;
}

const noParent: Parent = { cognome: '', nome: '', cf: '', from: null };

function parentOf(p: FormContext['person'], sesso: string): Parent {
  if (!p || p.sesso !== sesso) return noParent;
  return { cognome: p.cognome ?? '', nome: p.nome ?? '', cf: p.codiceFiscale ?? '', from: p.generalita };
}

/** A parent as tipoGenitore, or nothing when no field was written. */
function genitore(v: Parent) {
  if (!v.cognome.trim() && !v.nome.trim() && !v.cf.trim()) return undefined;
  const ids = v.from ?? {};
  const same = v.from && v.cf.trim().toUpperCase() === String((ids.codiceFiscale as { codFiscale?: string } | undefined)?.codFiscale ?? '');
  return {
    generalita: clean({
      ...(same ? { idSchedaSoggettoComune: ids.idSchedaSoggettoComune, idSchedaSoggettoANPR: ids.idSchedaSoggettoANPR } : {}),
      codiceFiscale: v.cf.trim() ? { codFiscale: v.cf.trim().toUpperCase() } : undefined,
      cognome: v.cognome.toUpperCase(),
      nome: v.nome.toUpperCase(),
    }),
  };
}

/** Mother or father: surname, name and codice fiscale (the register finds the family by it). */
function ParentFields({
  legend,
  v,
  set,
  err,
  path,
  extra,
}: {
  legend: string;
  v: Parent;
  set(v: Parent): void;
  err: FormContext['err'];
  path: string;
  /** Problems of the whole birth shown on this parent's first field (parents missing, no family). */
  extra: { first?: string; cf?: string };
}) {
  const join = (...m: (string | undefined)[]) => m.filter(Boolean).join(' ') || undefined;
  return (
    <fieldset className="mb-3">
      <legend className="h6">{legend}</legend>
      <div className="row">
        <div className="col-md-4">
          <Field
            label={`${m.form.cognome} (${legend.toLowerCase()})`}
            value={v.cognome}
            onChange={(e) => set({ ...v, cognome: e.target.value })}
            error={join(extra.first, err(path), err(`${path}.generalita.cognome`))}
          />
        </div>
        <div className="col-md-4">
          <Field
            label={`${m.form.nome} (${legend.toLowerCase()})`}
            value={v.nome}
            onChange={(e) => set({ ...v, nome: e.target.value })}
            error={err(`${path}.generalita.nome`)}
          />
        </div>
        <div className="col-md-4">
          <Field
            label={`${m.form.parentCf} (${legend.toLowerCase()})`}
            value={v.cf}
            maxLength={16}
            className="text-uppercase"
            onChange={(e) => set({ ...v, cf: e.target.value.toUpperCase() })}
            error={join(extra.cf, err(`${path}.generalita.codiceFiscale`))}
          />
        </div>
      </div>
    </fieldset>
  );
}

/**
 * 1001: a child born. ANPR wants its parents and the family it joins, which gives it its address
 * (a birth carries none of its own): the family of the record it was started from, or that of the
 * parent named by codice fiscale.
 */
export function BirthForm({ ctx, children }: { ctx: FormContext; children(spec: FormSpec): React.ReactNode }) {
  const path = 'richiesta.generalita1001.generalita';
  const [id, setId] = useState<Identity>(() => blankIdentity(ctx.info, ctx.person?.cognome ?? ''));
  const [join, setJoin] = useState(Boolean(ctx.person?.family));
  const [legame, setLegame] = useState('3');
  const [atto, setAtto] = useState({ anno: ctx.info.today.slice(0, 4), parte: '1', numero: '' });
  const [madre, setMadre] = useState<Parent>(() => parentOf(ctx.person, 'F'));
  const [padre, setPadre] = useState<Parent>(() => parentOf(ctx.person, 'M'));
  const { err, info } = ctx;
  const joining = join && Boolean(ctx.person?.family);
  const familyErr = err('richiesta.famConv');

  const fields = (
    <>
      <IdentityFields v={id} set={setId} err={err} path={path} allowAskCf />
      <fieldset className="mb-3">
        <legend className="h5">{m.form.atto}</legend>
        <div className="row">
          <div className="col-md-4">
            <Field
              label={m.form.attoAnno}
              value={atto.anno}
              inputMode="numeric"
              maxLength={4}
              onChange={(e) => setAtto({ ...atto, anno: e.target.value })}
              error={err('richiesta.attoNascita.anno')}
            />
          </div>
          <div className="col-md-4">
            <Field
              label={m.form.attoParte}
              value={atto.parte}
              maxLength={2}
              onChange={(e) => setAtto({ ...atto, parte: e.target.value })}
              error={err('richiesta.attoNascita.parte')}
            />
          </div>
          <div className="col-md-4">
            <Field
              label={m.form.attoNumero}
              value={atto.numero}
              maxLength={20}
              onChange={(e) => setAtto({ ...atto, numero: e.target.value })}
              error={err('richiesta.attoNascita.numeroAtto')}
            />
          </div>
        </div>
      </fieldset>
      <fieldset className="mb-3" data-testid="birth-parents">
        <legend className="h5">{m.form.genitori}</legend>
        <p className="small">{m.form.parentsHelp}</p>
        <ParentFields
          legend={m.form.madre}
          v={madre}
          set={setMadre}
          err={err}
          path="richiesta.maternita"
          extra={{ first: err('richiesta.genitori'), cf: joining ? undefined : familyErr }}
        />
        <ParentFields legend={m.form.padre} v={padre} set={setPadre} err={err} path="richiesta.paternita" extra={{}} />
      </fieldset>
      {ctx.person?.family && (
        <fieldset className="mb-3">
          <legend className="h5">{m.form.famiglia}</legend>
          <CheckField
            label={m.form.birthFamilyOf([ctx.person.cognome, ctx.person.nome].filter(Boolean).join(' '))}
            checked={join}
            onChange={setJoin}
            error={joining ? familyErr : undefined}
          />
          {join && (
            <SelectField
              label={m.form.relazione}
              value={legame}
              options={Object.entries(LEGAME).filter(([k]) => k !== '1')}
              onChange={(e) => setLegame(e.target.value)}
              error={err('richiesta.legameSoggetto.codiceLegame')}
            />
          )}
        </fieldset>
      )}
    </>
  );

  async function build(issues?: FormIssue[]) {
    const g = await generalita(id, path, issues);
    const fam = joining ? familyRef(ctx) : null;
    const maternita = genitore(madre);
    const paternita = genitore(padre);
    // ANPR's attribuzioneFamiglia: 5 the family named, else 1 both parents', 2 the father's, 3 the mother's.
    const attribuzione = fam ? '5' : paternita && !maternita ? '2' : maternita && !paternita ? '3' : '1';
    return clean({
      code: '1001',
      testata: { tipoOperazione: 'C', dataDecorrenza: id.dataNascita },
      richiesta: {
        generalita1001: { generalita: g },
        attoNascita: {
          comuneRegistrazione: {
            nomeComune: info.comune.nome,
            codiceIstat: info.comune.codiceIstat,
            siglaProvinciaIstat: info.comune.siglaProvincia,
          },
          anno: atto.anno,
          parte: atto.parte,
          numeroAtto: atto.numero,
        },
        cittadinanza: ITALIA,
        paternita,
        maternita,
        ...(fam ? { famConv: fam, legameSoggetto: { tipoLegame: '3', dataDecorrenza: id.dataNascita, codiceLegame: legame } } : {}),
        datiControllo: { attribuzioneFamiglia: attribuzione, ...(id.askCf ? { gestioneCF: '1' } : {}) },
      },
    });
  }
  return <>{children({ fields, build })}</>;
}

/** The identity of a 1002 from ANPR's record of the person ("Cerca in ANPR"). */
const anprIdentity = (p: AnprPersonFound, info: FormContext['info']): Identity => ({
  ...blankIdentity(info, p.cognome ?? ''),
  nome: p.nome ?? '',
  sesso: p.sesso ?? '',
  dataNascita: p.dataNascita ?? '',
  luogo: emptyPlace(),
  cf: p.codiceFiscale ?? '',
});

/** 1002: a person arriving from abroad or from another Comune; the CIE or ANPR's record fills the identity. */
export function IscrizioneForm({ ctx, children }: { ctx: FormContext; children(spec: FormSpec): React.ReactNode }) {
  const path = 'richiesta.generalita1002.generalita';
  const { err, info } = ctx;
  // A record chosen in "Cerca in ANPR" fills the identity (read once: handed over, then cleared).
  const fromAnpr = useHandoff((s) => s.anprPerson);
  const clearHandoff = useHandoff((s) => s.clear);
  useEffect(() => clearHandoff(), [clearHandoff]);
  const [id, setId] = useState<Identity>(() => (fromAnpr ? anprIdentity(fromAnpr, info) : blankIdentity(info)));
  const [motivo, setMotivo] = useState('4');
  const [statoCivile, setStatoCivile] = useState('');
  const [italiana, setItaliana] = useState(false);
  const [citt, setCitt] = useState<PlaceValue>(emptyPlace());
  const [provenienza, setProvenienza] = useState<PlaceValue>(emptyPlace());
  const [decorrenza, setDecorrenza] = useState(info.today);
  const [join, setJoin] = useState(Boolean(ctx.person?.family));
  const [legame, setLegame] = useState('2');
  const [addr, setAddr] = useState<AddressValue>(emptyAddress(info.comune.cap));
  const [cardNote, setCardNote] = useState<string | null>(() => (fromAnpr ? anprText.prefilled(fromAnpr.idANPR ?? '') : null));

  const fromCard = (c: CiePrefill, verification: { summary: string }) => {
    setId({
      ...id,
      cognome: c.cognome,
      nome: c.nome,
      sesso: c.sesso,
      dataNascita: c.dataNascita,
      luogo: emptyPlace(c.luogoNascita ?? id.luogo.text),
      cf: c.codiceFiscale ?? id.cf,
      askCf: false,
    });
    setCardNote(verification.summary);
  };

  const fields = (
    <>
      <SelectField
        label={m.form.motivo}
        value={motivo}
        options={m.motivi1002}
        onChange={(e) => setMotivo(e.target.value)}
        error={err('richiesta.motivoIscrizione')}
      />
      <IdentityFields v={id} set={setId} err={err} path={path} allowAskCf />
      <div className="row">
        <div className="col-md-6">
          <SelectField
            label={m.form.statoCivile}
            value={statoCivile}
            options={STATO_CIVILE}
            placeholder={m.form.choose}
            onChange={(e) => setStatoCivile(e.target.value)}
            error={err('richiesta.generalita1002.statoCivile')}
          />
        </div>
        <div className="col-md-6">
          <DecorrenzaField value={decorrenza} onChange={setDecorrenza} error={err('testata.dataDecorrenza')} />
        </div>
      </div>
      <CheckField label={m.form.cittadinanzaItaliana} checked={italiana} onChange={setItaliana} />
      {!italiana && (
        <PlaceField label={m.form.cittadinanzaStato} kind="stato" value={citt} onChange={setCitt} error={err('richiesta.cittadinanza')} />
      )}
      <PlaceField
        label={m.form.provenienza}
        value={provenienza}
        date={decorrenza}
        onChange={setProvenienza}
        error={err('richiesta.provenienza')}
      />
      <FamilyChoice
        ctx={ctx}
        join={join}
        setJoin={setJoin}
        legame={legame}
        setLegame={setLegame}
        errPath="richiesta.famiglia.legameSoggetto.codiceLegame"
      />
      {!join && <AddressFields v={addr} set={setAddr} err={err} path="richiesta.residenza" />}
    </>
  );

  async function build(issues?: FormIssue[]) {
    const g = await generalita(id, path, issues);
    const cittadinanza = italiana
      ? [ITALIA]
      : [
          (await noting(issues, resolvePlace(citt, undefined, m.form.cittadinanzaStato, 'richiesta.cittadinanza', 'stato')))?.localita ??
            ITALIA,
        ];
    const prov = provenienza.text.trim()
      ? await noting(issues, resolvePlace(provenienza, decorrenza, m.form.provenienza.split(' (')[0], 'richiesta.provenienza'))
      : undefined;
    const fam = join ? familyRef(ctx) : null;
    return clean({
      code: '1002',
      testata: { tipoOperazione: 'C', dataDecorrenza: decorrenza },
      richiesta: {
        motivoIscrizione: { idMotivoIscrizione: motivo },
        generalita1002: { generalita: g, ...(statoCivile ? { statoCivile: { statoCivile } } : {}) },
        cittadinanza,
        provenienza: prov,
        ...(fam
          ? { famiglia: { famiglia: fam, legameSoggetto: { tipoLegame: '3', dataDecorrenza: decorrenza, codiceLegame: legame } } }
          : {
              residenza: [residenzaOf(addr, info, decorrenza, 'richiesta.residenza')],
              famiglia: {
                famiglia: { tipoScheda: '3' },
                legameSoggetto: { tipoLegame: '3', dataDecorrenza: decorrenza, codiceLegame: '1' },
              },
            }),
        datiControllo: { attribuzioneFamiglia: fam ? '5' : '1', ...(id.askCf ? { gestioneCF: '1' } : {}) },
      },
    });
  }
  const before = (
    <div className="mb-3">
      <ReadCieButton onRead={fromCard} />
      {cardNote && (
        <p role="status" className="small">
          {cardNote}
        </p>
      )}
    </div>
  );
  return <>{children({ fields, build, before })}</>;
}
