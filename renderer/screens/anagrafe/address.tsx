/** An address in the Comune: street kind, name, number, CAP; and its ANPR tipoResidenza. */
import { Field } from '../../components/Field';
import { anagrafeText as m } from '../../messages/anagrafe';
import type { AnagrafeInfo } from './types';
import { SelectField } from './inputs';
import { LocalFieldError, type FormContext } from './pratica-kit';

export interface AddressValue {
  specie: string;
  via: string;
  numero: string;
  cap: string;
}

export const emptyAddress = (cap: string): AddressValue => ({ specie: 'VIA', via: '', numero: '', cap });

/** Fields of an address; `path` is the payload path of the tipoResidenza list (errors land here). */
export function AddressFields({
  v,
  set,
  err,
  path,
}: {
  v: AddressValue;
  set(v: AddressValue): void;
  err: FormContext['err'];
  path: string;
}) {
  const base = `${path}.0.indirizzo`;
  return (
    <fieldset className="mb-3">
      <legend className="h5">{m.form.indirizzo}</legend>
      {err(path) && (
        <div className="text-danger mb-2" role="alert">
          {err(path)}
        </div>
      )}
      <div className="row">
        <div className="col-md-3">
          <SelectField
            label={m.form.specie}
            value={v.specie}
            options={m.specie.map((s) => [s, s] as [string, string])}
            onChange={(e) => set({ ...v, specie: e.target.value })}
          />
        </div>
        <div className="col-md-5">
          <Field label={m.form.via} value={v.via} onChange={(e) => set({ ...v, via: e.target.value })} error={err(`${base}.toponimo`)} />
        </div>
        <div className="col-md-2">
          <Field
            label={m.form.civico}
            value={v.numero}
            maxLength={9}
            onChange={(e) => set({ ...v, numero: e.target.value })}
            error={err(`${base}.numeroCivico`)}
          />
        </div>
        <div className="col-md-2">
          <Field
            label={m.form.cap}
            value={v.cap}
            inputMode="numeric"
            maxLength={5}
            onChange={(e) => set({ ...v, cap: e.target.value })}
            error={err(`${base}.cap`)}
          />
        </div>
      </div>
    </fieldset>
  );
}

/** The tipoResidenza of the address; `path` as in AddressFields, for the error of a missing street. */
export function residenzaOf(a: AddressValue, info: AnagrafeInfo, decorrenza: string, path: string) {
  if (!a.via.trim()) throw new LocalFieldError(`${path}.0.indirizzo.toponimo`, `${m.form.via}: ${m.form.required}`);
  if (!a.numero.trim()) throw new LocalFieldError(`${path}.0.indirizzo.numeroCivico`, `${m.form.civico}: ${m.form.required}`);
  return {
    tipoIndirizzo: '1',
    indirizzo: {
      cap: a.cap,
      comune: { nomeComune: info.comune.nome, codiceIstat: info.comune.codiceIstat, siglaProvinciaIstat: info.comune.siglaProvincia },
      toponimo: { specie: a.specie, denominazioneToponimo: a.via.toUpperCase() },
      numeroCivico: { numero: a.numero },
    },
    dataDecorrenzaResidenza: decorrenza,
  };
}
