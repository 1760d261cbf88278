import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { call } from '../../api';
import type { InputOf, OutputOf } from '../../../electron/contract';
import { formatEuro } from '../../../electron/core/pagopa/format';
import { ScrollTable } from '../../components/ScrollTable';
import { Field } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { ScreenTitle } from '../../components/ScreenTitle';
import { useAction } from '../../components/useAction';
import { t } from '../../messages/it';
import { pagopaMessages as P } from '../../messages/pagopa';
import { formatAmountInput } from '../../../electron/core/forms/amounts';
import { amountProblem, parseEuro } from './money';
import { FileField } from '../../components/FileField';

type SettingsInput = InputOf<'pagopa.settings.save'>;
type CatalogueItem = OutputOf<'pagopa.catalogue.list'>[number];

const MAX_LOGO_BYTES = 1_000_000;
const TEXT_FIELDS = [
  'cfEnte',
  'enteName',
  'officeName',
  'enteInfo',
  'segregationCode',
  'cbill',
  'physicalChannel',
  'onlineChannel',
  'postalAccount',
  'postalHolder',
  'posteAuthorization',
] as const;
type TextField = (typeof TEXT_FIELDS)[number];

const EMPTY: Record<TextField, string> = Object.fromEntries(TEXT_FIELDS.map((f) => [f, ''])) as Record<TextField, string>;

export function PagopaSettings() {
  const m = P.settings;
  const [form, setForm] = useState<Record<TextField, string>>(EMPTY);
  const [slot, setSlot] = useState('');
  const [workstationNumber, setWorkstationNumber] = useState(1);
  const [logo, setLogo] = useState<{ base64: string; mime: string } | null>(null);
  const [logoError, setLogoError] = useState<string | null>(null);
  const [configured, setConfigured] = useState(true);
  const [done, setDone] = useState<string | null>(null);
  // The form is shown once the saved settings are in it: typing into an empty form that the load
  // then overwrites would lose the responsabile's input.
  const [loaded, setLoaded] = useState(false);
  const { busy, error, run, fieldError } = useAction();

  useEffect(() => {
    void call('pagopa.settings.get', {})
      .then((a) => {
        setWorkstationNumber(a.workstationNumber);
        setSlot(String(a.slot ?? a.workstationNumber));
        setConfigured(a.settings !== null);
        if (a.settings) {
          const s = a.settings;
          setForm(Object.fromEntries(TEXT_FIELDS.map((f) => [f, s[f] ?? ''])) as Record<TextField, string>);
          setLogo(s.logoBase64 && s.logoMime ? { base64: s.logoBase64, mime: s.logoMime } : null);
        } else if (a.defaults) {
          setForm({ ...EMPTY, cfEnte: a.defaults.cfEnte, enteName: a.defaults.enteName });
        }
      })
      .catch(() => undefined)
      .finally(() => setLoaded(true));
  }, []);

  const bind = (f: TextField) => ({
    value: form[f],
    onChange: (e: ChangeEvent<HTMLInputElement>) => setForm({ ...form, [f]: e.target.value }),
    error: fieldError(f),
  });

  function pickLogo(e: ChangeEvent<HTMLInputElement>) {
    setLogoError(null);
    const file = e.target.files?.[0];
    if (!file) return;
    if (!['image/png', 'image/jpeg'].includes(file.type)) {
      setLogoError(m.logoWrongType);
      return;
    }
    if (file.size > MAX_LOGO_BYTES) {
      setLogoError(m.logoTooBig);
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      setLogo({ base64: url.slice(url.indexOf(',') + 1), mime: file.type });
    };
    reader.readAsDataURL(file);
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    const input: SettingsInput = {
      ...(Object.fromEntries(TEXT_FIELDS.map((f) => [f, form[f].trim() || null])) as Record<TextField, string | null>),
      cfEnte: form.cfEnte.trim(),
      enteName: form.enteName.trim(),
      segregationCode: form.segregationCode.trim(),
      logoBase64: logo?.base64 ?? null,
      slot: /^\d{1,3}$/.test(slot.trim()) ? Number(slot.trim()) : -1,
    };
    const a = await run(() => call('pagopa.settings.save', input));
    if (a) {
      setDone(m.saved);
      setConfigured(true);
    }
  }

  if (!loaded) return <p role="status">{t.app.loading}</p>;
  return (
    <section className="pagopa-screen">
      <ScreenTitle>{m.title}</ScreenTitle>
      {!configured && <Notice kind="warning">{m.notConfigured}</Notice>}
      {done && <Notice kind="success">{done}</Notice>}
      {error && <Notice kind="error">{error.message}</Notice>}
      <form onSubmit={save} noValidate aria-labelledby="pagopa-ente">
        <h2 id="pagopa-ente" className="h4">
          {m.enteTitle}
        </h2>
        <div className="row">
          <div className="col-md-4">
            <Field label={m.cfEnte} help={m.cfEnteHelp} inputMode="numeric" maxLength={11} {...bind('cfEnte')} />
          </div>
          <div className="col-md-8">
            <Field label={m.enteName} {...bind('enteName')} />
          </div>
          <div className="col-md-6">
            <Field label={m.officeName} {...bind('officeName')} />
          </div>
          <div className="col-md-6">
            <Field label={m.enteInfo} {...bind('enteInfo')} />
          </div>
          <div className="col-md-4">
            <Field label={m.segregationCode} help={m.segregationHelp} inputMode="numeric" maxLength={2} {...bind('segregationCode')} />
          </div>
          <div className="col-md-4">
            <Field label={m.cbill} {...bind('cbill')} />
          </div>
          <div className="col-md-4">
            <Field
              label={m.slot}
              help={m.slotHelp(workstationNumber)}
              inputMode="numeric"
              maxLength={3}
              value={slot}
              onChange={(e) => setSlot(e.target.value)}
              error={fieldError('slot')}
            />
          </div>
          <div className="col-md-6">
            <Field label={m.physicalChannel} {...bind('physicalChannel')} />
          </div>
          <div className="col-md-6">
            <Field label={m.onlineChannel} {...bind('onlineChannel')} />
          </div>
        </div>
        <fieldset className="mb-3">
          <legend className="h5">{m.posteTitle}</legend>
          <div className="row">
            <div className="col-md-4">
              <Field label={m.postalAccount} inputMode="numeric" maxLength={12} {...bind('postalAccount')} />
            </div>
            <div className="col-md-8">
              <Field label={m.postalHolder} {...bind('postalHolder')} />
            </div>
            <div className="col-12">
              <Field label={m.posteAuthorization} {...bind('posteAuthorization')} />
            </div>
          </div>
        </fieldset>
        <fieldset className="mb-3">
          <legend className="h5">{m.logoTitle}</legend>
          {logo ? (
            <div className="d-flex align-items-center gap-3 mb-2">
              <img src={`data:${logo.mime};base64,${logo.base64}`} alt={m.logoCurrent} style={{ maxHeight: 60, maxWidth: 200 }} />
              <button type="button" className="btn btn-sm btn-outline-danger" onClick={() => setLogo(null)}>
                {m.logoRemove}
              </button>
            </div>
          ) : (
            <p>{m.logoNone}</p>
          )}
          <FileField
            id="pagopa-logo"
            label={m.logo}
            accept="image/png,image/jpeg"
            onChange={pickLogo}
            error={logoError ?? fieldError('logo')}
          />
        </fieldset>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {m.save}
        </button>
      </form>

      <Catalogue />
    </section>
  );
}

const NEW_ITEM = { code: '', description: '', amount: '', taxonomy: '', iban: '', active: true };

function Catalogue() {
  const m = P.settings;
  const [items, setItems] = useState<CatalogueItem[]>([]);
  const [editing, setEditing] = useState<CatalogueItem | null>(null);
  const [form, setForm] = useState(NEW_ITEM);
  const [amountError, setAmountError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run, fieldError } = useAction();
  const formBox = useRef<HTMLFormElement>(null);
  const reload = () =>
    call('pagopa.catalogue.list', { includeInactive: true })
      .then(setItems)
      .catch(() => undefined);
  useEffect(() => void reload(), []);

  function edit(item: CatalogueItem) {
    setEditing(item);
    setDone(null);
    setAmountError(null);
    setForm({
      code: item.code,
      description: item.description,
      amount: formatAmountInput(item.amountCents),
      taxonomy: item.taxonomy,
      iban: item.iban,
      active: item.active,
    });
    setTimeout(() => formBox.current?.querySelector('input')?.focus(), 0);
  }

  function reset() {
    setEditing(null);
    setForm(NEW_ITEM);
    setAmountError(null);
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    const cents = parseEuro(form.amount);
    setAmountError(amountProblem(form.amount));
    if (cents === null) return;
    const saved = await run(() =>
      call('pagopa.catalogue.save', {
        id: editing?.id,
        code: form.code,
        description: form.description,
        amountCents: cents,
        taxonomy: form.taxonomy,
        iban: form.iban,
        active: form.active,
      }),
    );
    if (saved) {
      setDone(m.itemSaved(saved.code));
      reset();
      await reload();
    }
  }

  async function toggle(item: CatalogueItem) {
    setDone(null);
    const saved = await run(() => call('pagopa.catalogue.save', { ...item, active: !item.active }));
    if (saved) {
      setDone(saved.active ? m.itemReactivated(saved.code) : m.itemDeactivated(saved.code));
      await reload();
    }
  }

  return (
    <section aria-labelledby="pagopa-catalogue" className="mt-5">
      <h2 id="pagopa-catalogue" className="h4">
        {m.catalogueTitle}
      </h2>
      {done && <Notice kind="success">{done}</Notice>}
      {error && <Notice kind="error">{error.message}</Notice>}
      <ScrollTable>
        <table className="table align-middle" data-testid="catalogue-table">
          <caption className="visually-hidden">{m.catalogueCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{m.code}</th>
              <th scope="col">{m.description}</th>
              <th scope="col" className="text-end">
                {m.amount}
              </th>
              <th scope="col">{m.taxonomy}</th>
              <th scope="col">{m.iban}</th>
              <th scope="col">{m.state}</th>
              <th scope="col">{m.actions}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id} data-code={i.code}>
                <th scope="row">
                  <code>{i.code}</code>
                </th>
                <td>{i.description}</td>
                <td className="text-end text-nowrap">{formatEuro(i.amountCents)}</td>
                <td>
                  <code>{i.taxonomy}</code>
                </td>
                <td className="font-monospace small">{i.iban}</td>
                <td>{i.active ? m.active : m.inactive}</td>
                <td>
                  <div className="d-flex gap-1 flex-wrap">
                    <button type="button" className="btn btn-sm btn-outline-primary" onClick={() => edit(i)}>
                      {m.edit}
                      <span className="visually-hidden"> {m.editFor(i.code)}</span>
                    </button>
                    <button type="button" className="btn btn-sm btn-outline-secondary" onClick={() => toggle(i)} disabled={busy}>
                      {i.active ? m.deactivate : m.reactivate}
                      <span className="visually-hidden"> {m.editFor(i.code)}</span>
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>

      <form ref={formBox} onSubmit={save} noValidate aria-labelledby="pagopa-item-form" className="mt-3">
        <h3 id="pagopa-item-form" className="h5">
          {editing ? m.editItem(editing.code) : m.newItem}
        </h3>
        <div className="row">
          <div className="col-md-3">
            <Field
              label={m.code}
              value={form.code}
              onChange={(e) => setForm({ ...form, code: e.target.value.toUpperCase() })}
              error={fieldError('code')}
            />
          </div>
          <div className="col-md-6">
            <Field
              label={m.description}
              value={form.description}
              onChange={(e) => setForm({ ...form, description: e.target.value })}
              error={fieldError('description')}
            />
          </div>
          <div className="col-md-3">
            <Field
              label={m.amount}
              help={P.common.amountHelp}
              inputMode="decimal"
              value={form.amount}
              onChange={(e) => setForm({ ...form, amount: e.target.value })}
              error={amountError ?? fieldError('amountCents')}
            />
          </div>
          <div className="col-md-4">
            <Field
              label={m.taxonomy}
              help={m.taxonomyHelp}
              value={form.taxonomy}
              onChange={(e) => setForm({ ...form, taxonomy: e.target.value })}
              error={fieldError('taxonomy')}
            />
          </div>
          <div className="col-md-8">
            <Field
              label={m.iban}
              value={form.iban}
              onChange={(e) => setForm({ ...form, iban: e.target.value })}
              error={fieldError('iban')}
            />
          </div>
        </div>
        <div className="form-check mb-3">
          <input
            id="pagopa-item-active"
            className="form-check-input"
            type="checkbox"
            checked={form.active}
            onChange={(e) => setForm({ ...form, active: e.target.checked })}
          />
          <label className="form-check-label" htmlFor="pagopa-item-active">
            {m.activeLabel}
          </label>
        </div>
        <div className="d-flex gap-2">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {m.saveItem}
          </button>
          {editing && (
            <button type="button" className="btn btn-outline-secondary" onClick={reset}>
              {P.common.cancel}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
