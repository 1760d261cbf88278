/** The forms that change an existing record: 5005, 2001, 2003, 5008, 5014 (started from the person's record). */
import { useState, type ReactNode } from 'react';
import { Field } from '../../components/Field';
import { LEGAME, SESSO, STATO_CIVILE } from '../../../electron/core/anagrafe/code-tables';
import { anagrafeText as m } from '../../messages/anagrafe';
import { AddressFields, emptyAddress, residenzaOf, type AddressValue } from './address';
import { CheckField, DecorrenzaField, emptyPlace, PlaceField, SelectField, type PlaceValue } from './inputs';
import { clean, LocalFieldError, resolvePlace, type FormContext, type FormSpec, type PersonView } from './pratica-kit';
import { DateField } from '../../components/DateField';

type Props = { ctx: FormContext; children(spec: FormSpec): ReactNode };
type Member = NonNullable<PersonView['family']>['members'][number];

const fullName = (p: { cognome: string | null; nome: string | null }) => [p.cognome, p.nome].filter(Boolean).join(' ');
const homeComune = (ctx: FormContext) => ({
  nomeComune: ctx.info.comune.nome,
  codiceIstat: ctx.info.comune.codiceIstat,
  siglaProvinciaIstat: ctx.info.comune.siglaProvincia,
});
const homePlace = (ctx: FormContext) => emptyPlace(`${ctx.info.comune.nome} (${ctx.info.comune.siglaProvincia})`);

/** The others in the family when the subject is the intestatario and leaves it: one must become intestatario. */
function useNewHead(person: PersonView) {
  const others = (person.family?.members ?? []).filter((x) => x.id !== person.id);
  const isHead = person.codiceLegame === '1';
  const [newHead, setNewHead] = useState(isHead && others.length > 0 ? others[0].id : '');
  const list = (date: string) => {
    const h = others.find((o) => o.id === newHead);
    return isHead && h
      ? [{ generalita: h.generalita, legameSoggetto: { tipoLegame: '3', dataDecorrenza: date, codiceLegame: '1' } }]
      : undefined;
  };
  const field = (err: string | undefined) =>
    isHead && others.length > 0 ? (
      <SelectField
        label={m.form.newHead}
        help={m.form.newHeadHelp}
        value={newHead}
        options={others.map((o) => [o.id, fullName(o)] as [string, string])}
        onChange={(e) => setNewHead(e.target.value)}
        error={err}
      />
    ) : null;
  return { isHead, list, field };
}

function Atto({
  v,
  set,
  err,
  path,
}: {
  v: { anno: string; parte: string; numero: string };
  set(v: { anno: string; parte: string; numero: string }): void;
  err: FormContext['err'];
  path: string;
}) {
  return (
    <fieldset className="mb-3">
      <legend className="h5">{m.form.atto}</legend>
      <div className="row">
        <div className="col-md-4">
          <Field
            label={m.form.attoAnno}
            value={v.anno}
            inputMode="numeric"
            maxLength={4}
            onChange={(e) => set({ ...v, anno: e.target.value })}
            error={err(`${path}.anno`)}
          />
        </div>
        <div className="col-md-4">
          <Field
            label={m.form.attoParte}
            value={v.parte}
            maxLength={2}
            onChange={(e) => set({ ...v, parte: e.target.value })}
            error={err(`${path}.parte`)}
          />
        </div>
        <div className="col-md-4">
          <Field
            label={m.form.attoNumero}
            value={v.numero}
            maxLength={20}
            onChange={(e) => set({ ...v, numero: e.target.value })}
            error={err(`${path}.numeroAtto`)}
          />
        </div>
      </div>
    </fieldset>
  );
}

/** 5005: the family (or some of its members) moves to a new address. */
export function MoveForm({ ctx, children }: Props) {
  const person = ctx.person!;
  const members: Member[] = person.family?.members ?? [];
  const [decorrenza, setDecorrenza] = useState(ctx.info.today);
  const [tipo, setTipo] = useState('03');
  const [addr, setAddr] = useState<AddressValue>(emptyAddress(ctx.info.comune.cap));
  const [chosen, setChosen] = useState<string[]>(members.map((x) => x.id));
  const { err } = ctx;
  const fields = (
    <>
      <div className="row">
        <div className="col-md-6">
          <SelectField
            label={m.form.tipoMutazione}
            value={tipo}
            options={m.mutazioni5005}
            onChange={(e) => setTipo(e.target.value)}
            error={err('richiesta.datiControllo.tipoMutazione')}
          />
        </div>
        <div className="col-md-6">
          <DecorrenzaField value={decorrenza} onChange={setDecorrenza} error={err('testata.dataDecorrenza')} />
        </div>
      </div>
      <AddressFields v={addr} set={setAddr} err={err} path="richiesta.residenzaFamiglia" />
      <fieldset className="mb-3">
        <legend className="h5">{m.form.members}</legend>
        {err('richiesta.elencoSoggettiFamiglia') && (
          <div className="text-danger mb-2" role="alert">
            {err('richiesta.elencoSoggettiFamiglia')}
          </div>
        )}
        {members.map((x) => (
          <CheckField
            key={x.id}
            label={`${fullName(x)} (${LEGAME[x.codiceLegame ?? ''] ?? LEGAME['99']})`}
            checked={chosen.includes(x.id)}
            onChange={(on) => setChosen(on ? [...chosen, x.id] : chosen.filter((c) => c !== x.id))}
          />
        ))}
      </fieldset>
    </>
  );
  async function build() {
    const list = members.filter((x) => chosen.includes(x.id));
    const whole = list.length === members.length;
    // Part of a family moving forms a new one: its first listed intestatario (or the first person) heads it.
    const head = list.find((x) => x.codiceLegame === '1') ?? list[0];
    return clean({
      code: '5005',
      testata: { tipoOperazione: 'C', dataDecorrenza: decorrenza },
      richiesta: {
        generalitaSchedaFamiglia: {
          idFamigliaConvivenzaComune: {
            idFamigliaConvivenzaComuneIstat: ctx.info.comune.codiceIstat,
            idFamigliaConvivenza: person.family!.id,
          },
          ...(person.family!.idFamigliaAnpr ? { idFamigliaConvivenzaANPR: person.family!.idFamigliaAnpr } : {}),
          tipoScheda: '3',
        },
        residenzaFamiglia: [residenzaOf(addr, ctx.info, decorrenza, 'richiesta.residenzaFamiglia')],
        elencoSoggettiFamiglia: list.map((x) => ({
          generalita: x.generalita,
          legameSoggetto: {
            tipoLegame: '3',
            dataDecorrenza: decorrenza,
            codiceLegame: whole ? (x.codiceLegame ?? '99') : x === head ? '1' : x.codiceLegame === '1' ? '99' : (x.codiceLegame ?? '99'),
          },
        })),
        datiControllo: { tipoMutazione: tipo, tipoScheda: whole ? '1' : '2' },
      },
    });
  }
  return <>{children({ fields, build })}</>;
}

/** 2001: death of a resident (morte accertata), with the act and, for an intestatario, the new one. */
export function DeathForm({ ctx, children }: Props) {
  const person = ctx.person!;
  const [data, setData] = useState('');
  const [luogo, setLuogo] = useState<PlaceValue>(homePlace(ctx));
  const [atto, setAtto] = useState({ anno: ctx.info.today.slice(0, 4), parte: '1', numero: '' });
  const head = useNewHead(person);
  const { err } = ctx;
  const fields = (
    <>
      <DateField
        label={m.form.dataDecesso}
        value={data}
        onChange={(e) => setData(e.target.value)}
        error={err('richiesta.datiDecesso.dataEvento') ?? err('richiesta.datiDecesso')}
      />
      <PlaceField
        label={m.form.luogoDecesso}
        value={luogo}
        date={data}
        onChange={setLuogo}
        error={err('richiesta.datiDecesso.luogoEvento')}
      />
      <Atto v={atto} set={setAtto} err={err} path="richiesta.datiDecesso.attoEvento" />
      {head.field(err('richiesta.elencoSoggettiFamiglia'))}
    </>
  );
  async function build() {
    if (!data) throw new LocalFieldError('richiesta.datiDecesso.dataEvento', `${m.form.dataDecesso}: ${m.form.required}`);
    const luogoEvento = await resolvePlace(luogo, data, m.form.luogoDecesso, 'richiesta.datiDecesso.luogoEvento');
    return clean({
      code: '2001',
      testata: { tipoOperazione: 'C', dataDecorrenza: data },
      richiesta: {
        motivoCancellazione: { tipoMotivoCancellazione: '1' },
        generalitaPerRicerca: person.generalita,
        datiDecesso: {
          dataEvento: data,
          luogoEvento,
          attoEvento: { comuneRegistrazione: homeComune(ctx), anno: atto.anno, parte: atto.parte, numeroAtto: atto.numero },
        },
        elencoSoggettiFamiglia: head.list(data),
        datiControllo: { ruoloSoggetto: head.isHead ? '1' : '2' },
      },
    });
  }
  return <>{children({ fields, build })}</>;
}

/** 2003: cancellation for other reasons (abroad, irreperibilità, …). */
export function CancelForm({ ctx, children }: Props) {
  const person = ctx.person!;
  const [motivo, setMotivo] = useState('5');
  const [data, setData] = useState(ctx.info.today);
  const [note, setNote] = useState('');
  const [dest, setDest] = useState<PlaceValue>(emptyPlace());
  const head = useNewHead(person);
  const { err } = ctx;
  const fields = (
    <>
      <SelectField
        label={m.form.motivo}
        value={motivo}
        options={m.motivi2003}
        onChange={(e) => setMotivo(e.target.value)}
        error={err('richiesta.datiCancellazione.motivoCancellazione')}
      />
      <DateField
        label={m.form.dataCancellazione}
        value={data}
        onChange={(e) => setData(e.target.value)}
        error={err('richiesta.datiCancellazione.dataDecorrenzaCancellazione')}
      />
      <Field
        label={m.form.note}
        value={note}
        maxLength={80}
        onChange={(e) => setNote(e.target.value)}
        error={err('richiesta.datiCancellazione.notecancellazione')}
      />
      <PlaceField label={m.form.destinazione} value={dest} date={data} onChange={setDest} error={err('richiesta.destinazione')} />
      {head.field(err('richiesta.elencoSoggetti'))}
    </>
  );
  async function build() {
    const destinazione = dest.text.trim() ? await resolvePlace(dest, data, m.form.destinazione, 'richiesta.destinazione') : undefined;
    return clean({
      code: '2003',
      testata: { tipoOperazione: 'C', dataDecorrenza: data },
      richiesta: {
        datiCancellazione: { motivoCancellazione: motivo, notecancellazione: note, dataDecorrenzaCancellazione: data },
        generalitaPerRicerca: person.generalita,
        destinazione,
        elencoSoggetti: head.list(data),
        datiControllo: { ruoloSoggetto: head.isHead ? '1' : '2' },
      },
    });
  }
  return <>{children({ fields, build })}</>;
}

/** 5008: change of personal data (all of them are sent, as ANPR requires: EN139) or of stato civile. */
export function ChangeForm({ ctx, children }: Props) {
  const p = ctx.person!;
  const start = {
    cognome: p.cognome ?? '',
    nome: p.nome ?? '',
    sesso: p.sesso ?? '',
    dataNascita: p.dataNascita ?? '',
    cf: p.codiceFiscale ?? '',
    statoCivile: p.statoCivile ?? '',
  };
  const [v, setV] = useState(start);
  const [decorrenza, setDecorrenza] = useState(ctx.info.today);
  const path = 'richiesta.generalitaDaModificare.generalita';
  const { err } = ctx;
  const fields = (
    <>
      <DecorrenzaField value={decorrenza} onChange={setDecorrenza} error={err('testata.dataDecorrenza')} />
      <div className="row">
        <div className="col-md-6">
          <Field
            label={m.form.cognome}
            value={v.cognome}
            onChange={(e) => setV({ ...v, cognome: e.target.value })}
            error={err(`${path}.cognome`)}
          />
        </div>
        <div className="col-md-6">
          <Field label={m.form.nome} value={v.nome} onChange={(e) => setV({ ...v, nome: e.target.value })} error={err(`${path}.nome`)} />
        </div>
        <div className="col-md-4">
          <SelectField
            label={m.form.sesso}
            value={v.sesso}
            options={SESSO}
            onChange={(e) => setV({ ...v, sesso: e.target.value })}
            error={err(`${path}.sesso`)}
          />
        </div>
        <div className="col-md-4">
          <DateField
            label={m.form.dataNascita}
            value={v.dataNascita}
            onChange={(e) => setV({ ...v, dataNascita: e.target.value })}
            error={err(`${path}.dataNascita`)}
          />
        </div>
        <div className="col-md-4">
          <Field
            label={m.form.cf}
            value={v.cf}
            maxLength={16}
            onChange={(e) => setV({ ...v, cf: e.target.value.toUpperCase() })}
            error={err(`${path}.codiceFiscale`)}
          />
        </div>
        <div className="col-md-6">
          <SelectField
            label={m.form.statoCivile}
            value={v.statoCivile}
            options={STATO_CIVILE}
            placeholder={m.form.choose}
            onChange={(e) => setV({ ...v, statoCivile: e.target.value })}
            error={err('richiesta.statoCivile')}
          />
        </div>
      </div>
      {err('richiesta') && (
        <div className="text-danger" role="alert">
          {err('richiesta')}
        </div>
      )}
    </>
  );
  async function build() {
    const dati =
      v.cognome !== start.cognome ||
      v.nome !== start.nome ||
      v.sesso !== start.sesso ||
      v.dataNascita !== start.dataNascita ||
      v.cf !== start.cf;
    const civile = v.statoCivile !== start.statoCivile;
    const tipi = [...(dati ? ['01'] : []), ...(civile ? ['07'] : [])];
    if (tipi.length === 0) throw new LocalFieldError('richiesta', 'Nessun dato è stato modificato: cambiare almeno un campo.');
    return clean({
      code: '5008',
      testata: { tipoOperazione: 'C', dataDecorrenza: decorrenza },
      richiesta: {
        generalitaPerRicerca: p.generalita,
        ...(dati
          ? {
              generalitaDaModificare: {
                generalita: {
                  ...(v.cf ? { codiceFiscale: { codFiscale: v.cf } } : {}),
                  cognome: v.cognome.toUpperCase(),
                  nome: v.nome.toUpperCase(),
                  sesso: v.sesso,
                  dataNascita: v.dataNascita,
                  ...(p.luogoNascitaDati ? { luogoNascita: p.luogoNascitaDati } : {}),
                },
              },
            }
          : {}),
        ...(civile ? { statoCivile: { statoCivile: v.statoCivile } } : {}),
        datiControllo: { tipoMutazione: tipi },
      },
    });
  }
  return <>{children({ fields, build })}</>;
}

/** 5014: rettifica of the residence date (101) or of the place of birth (105). */
export function RettificaForm({ ctx, children }: Props) {
  const p = ctx.person!;
  const [tipo, setTipo] = useState<'101' | '105'>('101');
  const [data, setData] = useState('');
  const [luogo, setLuogo] = useState<PlaceValue>(emptyPlace(p.luogoNascita));
  const [decorrenza, setDecorrenza] = useState(ctx.info.today);
  const { err } = ctx;
  const fields = (
    <>
      <SelectField
        label={m.form.tipoRettifica}
        value={tipo}
        options={{ '101': m.form.rettifica101, '105': m.form.rettifica105 }}
        onChange={(e) => setTipo(e.target.value as '101' | '105')}
        error={err('richiesta.tipoRettifica')}
      />
      {tipo === '101' ? (
        <DateField
          label={m.form.nuovaData}
          value={data}
          onChange={(e) => setData(e.target.value)}
          error={err('richiesta.tipoRettifica.richiestaRettifica101')}
        />
      ) : (
        <PlaceField
          label={m.form.nuovoLuogo}
          value={luogo}
          date={p.dataNascita ?? undefined}
          onChange={setLuogo}
          error={err('richiesta.tipoRettifica.richiestaRettifica105')}
        />
      )}
      <DecorrenzaField value={decorrenza} onChange={setDecorrenza} error={err('testata.dataDecorrenza')} />
    </>
  );
  async function build() {
    const tipoRettifica =
      tipo === '101'
        ? { richiestaRettifica101: { dataDecorrenzaResidenza: data } }
        : {
            richiestaRettifica105: {
              luogoNascita: await resolvePlace(
                luogo,
                p.dataNascita ?? undefined,
                m.form.nuovoLuogo,
                'richiesta.tipoRettifica.richiestaRettifica105',
              ),
            },
          };
    if (tipo === '101' && !data)
      throw new LocalFieldError('richiesta.tipoRettifica.richiestaRettifica101', `${m.form.nuovaData}: ${m.form.required}`);
    return clean({
      code: '5014',
      testata: { tipoOperazione: 'R', dataDecorrenza: decorrenza },
      richiesta: { generalitaPerRicerca: p.generalita, tipoRettifica },
    });
  }
  return <>{children({ fields, build })}</>;
}
