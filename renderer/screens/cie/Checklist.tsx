import { useEffect, useState } from 'react';
import { confirmNow } from '../../components/confirmNow';
import type { InputOf, OutputOf } from '../../../electron/contract';
import { ApiError, call } from '../../api';
import { Field } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { ReadCieButton } from '../../components/ReadCie';
import { ScreenTitle } from '../../components/ScreenTitle';
import { useAction } from '../../components/useAction';
import { cieText } from '../../messages/cie';
import { Check, Radios, Section, SelectField } from './controls';
import { formatAmountInput, formatAmountIt, parseAmountIt } from '../../../electron/core/forms/amounts';
import { useCie } from './store';
import { DateField } from '../../components/DateField';
import { formatDateIt } from '../../../electron/core/forms/dates';
import { FileField } from '../../components/FileField';

type View = OutputOf<'cie.checklist.get'>;
type Patch = InputOf<'cie.checklist.update'>['patch'];
type PhotoCheck = OutputOf<'cie.checklist.photo'>['check'];
type IssueCase = 'first_issue' | 'renewal' | 'loss_theft' | 'damage';
type IdMethod = 'document_seen' | 'cie_read' | 'witnesses';
type DocType = 'carta_identita' | 'passaporto' | 'patente' | 'altro';
type ConsentHow = 'both_present' | 'signed_declaration' | 'judge_authorisation';
type Fingerprints = 'taken' | 'temporarily_impossible' | 'not_required';
type Organs = 'consent' | 'refusal' | 'not_expressed' | 'not_applicable';

interface Draft {
  case?: IssueCase;
  policeNumber: string;
  policeDate: string;
  policeAuthority: string;
  oldCardHandedIn: boolean;
  parent1: string;
  parent2: string;
  consentHow?: ConsentHow;
  idMethod?: IdMethod;
  docType: DocType;
  docNumber: string;
  cieGenuine: boolean;
  witness1: string;
  witness2: string;
  registryConfirmed: boolean;
  birthDate: string;
  paperPhoto: boolean;
  photoLooksCompliant: boolean;
  fingerprints?: Fingerprints;
  organDonation?: Organs;
  deliveryMode?: 'comune' | 'address';
  street: string;
  postalCode: string;
  municipality: string;
  province: string;
  delegate: string;
  feeMethod?: 'pagopa' | 'cash';
  noticeNumber: string;
  receiptNumber: string;
  amount: string;
  feeNote: string;
}

function fromView(v: View): Draft {
  const d = v.data;
  const id = d.identity;
  const del = d.delivery;
  return {
    case: d.case,
    policeNumber: d.policeReport?.number ?? '',
    policeDate: d.policeReport?.date ?? '',
    policeAuthority: d.policeReport?.authority ?? '',
    oldCardHandedIn: d.oldCardHandedIn === true,
    parent1: d.parentsConsent?.parents[0] ?? '',
    parent2: d.parentsConsent?.parents[1] ?? '',
    consentHow: d.parentsConsent?.how,
    idMethod: id?.method,
    docType: id?.method === 'document_seen' ? id.documentType : 'carta_identita',
    docNumber: id && id.method !== 'witnesses' ? id.documentNumber : '',
    cieGenuine: id?.method === 'cie_read' ? id.passiveAuthValid : false,
    witness1: id?.method === 'witnesses' ? id.witnesses[0] : '',
    witness2: id?.method === 'witnesses' ? id.witnesses[1] : '',
    registryConfirmed: !!d.registryConfirmed,
    birthDate: '',
    paperPhoto: d.photo?.source === 'paper',
    photoLooksCompliant: d.photoLooksCompliant === true,
    fingerprints: d.fingerprints,
    organDonation: d.organDonation,
    deliveryMode: del?.mode,
    street: del?.mode === 'address' ? del.street : '',
    postalCode: del?.mode === 'address' ? del.postalCode : '',
    municipality: del?.mode === 'address' ? del.municipality : '',
    province: del?.mode === 'address' ? del.province : '',
    delegate: del?.delegate ?? '',
    feeMethod: d.fee?.method,
    noticeNumber: d.fee?.method === 'pagopa' ? d.fee.noticeNumber : '',
    receiptNumber: d.fee?.method === 'cash' ? d.fee.receiptNumber : '',
    amount: d.fee ? formatAmountInput(d.fee.amountCents) : v.expectedFeeCents !== null ? formatAmountInput(v.expectedFeeCents) : '',
    feeNote: d.fee?.note ?? '',
  };
}

/** The steps the clerk has filled, as the patch core/cie validates; throws for an unreadable amount. */
function toPatch(d: Draft, v: View): Patch {
  const p: Patch = {};
  if (d.case) p.case = d.case;
  if (d.case === 'loss_theft' && (d.policeNumber || d.policeDate || d.policeAuthority)) {
    p.policeReport = { number: d.policeNumber, date: d.policeDate, authority: d.policeAuthority };
  }
  if (d.case === 'renewal' || d.case === 'damage') p.oldCardHandedIn = d.oldCardHandedIn;
  if (v.minor !== false && d.parent1.trim() && d.consentHow) {
    p.parentsConsent = { parents: [d.parent1, d.parent2].filter((x) => x.trim()), how: d.consentHow };
  }
  if (d.idMethod === 'document_seen') p.identity = { method: 'document_seen', documentType: d.docType, documentNumber: d.docNumber };
  else if (d.idMethod === 'cie_read') p.identity = { method: 'cie_read', documentNumber: d.docNumber, passiveAuthValid: d.cieGenuine };
  else if (d.idMethod === 'witnesses') p.identity = { method: 'witnesses', witnesses: [d.witness1, d.witness2] };
  if (d.registryConfirmed) p.registry = { confirmed: true, ...(v.age === null && d.birthDate ? { birthDate: d.birthDate } : {}) };
  p.photoLooksCompliant = d.photoLooksCompliant;
  if (d.paperPhoto && v.data.photo?.source !== 'file') p.paperPhoto = true;
  if (d.fingerprints) p.fingerprints = d.fingerprints;
  if (d.organDonation) p.organDonation = d.organDonation;
  if (d.deliveryMode === 'comune') p.delivery = { mode: 'comune', delegate: d.delegate || null };
  else if (d.deliveryMode === 'address') {
    p.delivery = {
      mode: 'address',
      street: d.street,
      postalCode: d.postalCode,
      municipality: d.municipality,
      province: d.province,
      delegate: d.delegate || null,
    };
  }
  if (d.feeMethod) {
    const amount = parseAmountIt(d.amount);
    if (!amount.ok) throw new ApiError({ code: 'CIE_FEE_FORMAT', message: amount.message, field: 'fee.amountCents' });
    const cents = amount.cents;
    p.fee =
      d.feeMethod === 'pagopa'
        ? { method: 'pagopa', noticeNumber: d.noticeNumber, amountCents: cents, note: d.feeNote || null }
        : { method: 'cash', receiptNumber: d.receiptNumber, amountCents: cents, note: d.feeNote || null };
  }
  return p;
}

const options = <const T extends string>(labels: Record<string, string>, keys: readonly T[]) =>
  keys.map((k) => ({ value: k, label: labels[k] }));

export function ChecklistScreen({ bookingId, personIdx, shown }: { bookingId: string; personIdx: number; shown?: View }) {
  const m = cieText.checklist;
  const open = useCie((s) => s.open);
  const [v, setV] = useState<View | null>(shown ?? null);
  const [d, setD] = useState<Draft | null>(() => (shown ? fromView(shown) : null));
  const [done, setDone] = useState<string | null>(null);
  const [photo, setPhoto] = useState<PhotoCheck | null>(null);
  const [pratica, setPratica] = useState('');
  const [reopenReason, setReopenReason] = useState('');
  const [fees, setFees] = useState<{ feeCents: number; duplicateFeeCents: number } | null>(null);
  const { busy, error, run, fieldError } = useAction();
  const ref = { bookingId, personIdx };
  useEffect(() => {
    call('cie.config.get', {})
      .then((c) => setFees(c.settings))
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    if (shown) return;
    call('cie.checklist.get', ref)
      .then((x) => {
        setV(x);
        setD(fromView(x));
      })
      .catch(() => undefined);
  }, [bookingId, personIdx]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!v || !d)
    return (
      <section>
        <ScreenTitle>{m.title('…')}</ScreenTitle>
      </section>
    );
  const set = (patch: Partial<Draft>) => setD({ ...d, ...patch });
  const name = `${v.person.givenNames} ${v.person.surname}`;
  const closed = v.state !== 'open';
  const loaded = (x: View) => {
    setV(x);
    setD(fromView(x));
  };

  async function save(): Promise<View | undefined> {
    const x = await run(() => call('cie.checklist.update', { ...ref, patch: toPatch(d!, v!) }));
    if (x)
      confirmNow(
        () => setDone(m.saved),
        () => loaded(x),
      );
    return x;
  }

  async function ready() {
    const x = await run(() => call('cie.checklist.ready', { ...ref, patch: toPatch(d!, v!) }));
    if (x)
      confirmNow(
        () => setDone(m.readyDone),
        () => loaded(x),
      );
    else setV(await call('cie.checklist.get', ref).catch(() => v!));
  }

  async function uploadPhoto(file: File | undefined) {
    if (!file) return;
    const base64 = await new Promise<string>((resolve, reject) => {
      const r = new FileReader();
      r.onload = () => resolve(String(r.result).split(',')[1] ?? '');
      r.onerror = () => reject(r.error);
      r.readAsDataURL(file);
    });
    const x = await run(() => call('cie.checklist.photo', { ...ref, base64 }));
    if (x) {
      setPhoto(x.check);
      setV(x.checklist);
    }
  }

  // The fee follows the case being chosen now, before it is saved.
  const expectedFee =
    !d.case || !fees ? v.expectedFeeCents : d.case === 'loss_theft' || d.case === 'damage' ? fees.duplicateFeeCents : fees.feeCents;
  const fileCheck = photo ?? (v.data.photo?.source === 'file' ? v.data.photo.check : null);
  return (
    <section>
      <ScreenTitle>{m.title(name)}</ScreenTitle>
      <p>{m.intro(v.booking.code, v.age)}</p>
      <button type="button" className="btn btn-outline-secondary btn-sm mb-3" onClick={() => open({ kind: 'booking', id: bookingId })}>
        {m.backToBooking}
      </button>
      {done && <Notice kind="success">{done}</Notice>}
      {error && <Notice kind="error">{error.message}</Notice>}
      {v.state === 'ready' && (
        <Notice kind="info">
          <span data-testid="checklist-state">{m.readyState}</span>
        </Notice>
      )}
      {v.state === 'issued' && (
        <Notice kind="info">
          <span data-testid="checklist-state">{m.issuedState(v.cieOnlinePratica ?? '')}</span>
        </Notice>
      )}
      {closed && <p>{m.closed}</p>}

      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <fieldset disabled={closed}>
          <Section title={m.stepCase}>
            <Radios
              legend={m.stepCase}
              name="case"
              value={d.case}
              onChange={(c) => set({ case: c })}
              options={options(m.cases, ['first_issue', 'renewal', 'loss_theft', 'damage'])}
              error={fieldError('case')}
            />
            {d.case === 'loss_theft' && (
              <div className="row g-3">
                <div className="col-md-4">
                  <Field
                    label={m.policeNumber}
                    value={d.policeNumber}
                    onChange={(e) => set({ policeNumber: e.target.value })}
                    error={fieldError('policeReport.number')}
                  />
                </div>
                <div className="col-md-4">
                  <DateField
                    label={m.policeDate}
                    value={d.policeDate}
                    onChange={(e) => set({ policeDate: e.target.value })}
                    error={fieldError('policeReport.date')}
                  />
                </div>
                <div className="col-md-4">
                  <Field
                    label={m.policeAuthority}
                    value={d.policeAuthority}
                    onChange={(e) => set({ policeAuthority: e.target.value })}
                    error={fieldError('policeReport.authority')}
                  />
                </div>
              </div>
            )}
            {(d.case === 'renewal' || d.case === 'damage') && (
              <Check label={m.oldCard} checked={d.oldCardHandedIn} onChange={(x) => set({ oldCardHandedIn: x })} />
            )}
          </Section>

          {v.minor !== false && (
            <Section title={m.stepConsent}>
              <div className="row g-3">
                <div className="col-md-6">
                  <Field
                    label={m.parent1}
                    value={d.parent1}
                    onChange={(e) => set({ parent1: e.target.value })}
                    error={fieldError('parentsConsent.parents.0')}
                  />
                </div>
                <div className="col-md-6">
                  <Field label={m.parent2} value={d.parent2} onChange={(e) => set({ parent2: e.target.value })} />
                </div>
              </div>
              <Radios
                legend={m.consentHow}
                name="consent"
                value={d.consentHow}
                onChange={(x) => set({ consentHow: x })}
                options={options(m.consentWays, ['both_present', 'signed_declaration', 'judge_authorisation'])}
              />
            </Section>
          )}

          <Section title={m.stepIdentity}>
            <ReadCieButton
              onRead={(p, ver) => set({ idMethod: 'cie_read', docNumber: p.numeroDocumento ?? '', cieGenuine: ver.genuine })}
            />
            {d.idMethod === 'cie_read' && <p role="status">{m.cieRead(d.cieGenuine)}</p>}
            <Radios
              legend={m.identityMethod}
              name="identity"
              value={d.idMethod}
              onChange={(x) => set({ idMethod: x })}
              options={options(
                m.identityMethods,
                d.idMethod === 'cie_read' ? ['document_seen', 'cie_read', 'witnesses'] : ['document_seen', 'witnesses'],
              )}
            />
            {d.idMethod === 'document_seen' && (
              <div className="row g-3">
                <div className="col-md-6">
                  <SelectField
                    label={m.documentType}
                    value={d.docType}
                    onChange={(e) => set({ docType: e.target.value as DocType })}
                    options={options(m.documentTypes, ['carta_identita', 'passaporto', 'patente', 'altro'])}
                  />
                </div>
                <div className="col-md-6">
                  <Field
                    label={m.documentNumber}
                    value={d.docNumber}
                    onChange={(e) => set({ docNumber: e.target.value })}
                    error={fieldError('identity.documentNumber')}
                    autoComplete="off"
                  />
                </div>
              </div>
            )}
            {d.idMethod === 'witnesses' && (
              <div className="row g-3">
                <div className="col-md-6">
                  <Field
                    label={m.witness(1)}
                    value={d.witness1}
                    onChange={(e) => set({ witness1: e.target.value })}
                    error={fieldError('identity.witnesses.0')}
                  />
                </div>
                <div className="col-md-6">
                  <Field
                    label={m.witness(2)}
                    value={d.witness2}
                    onChange={(e) => set({ witness2: e.target.value })}
                    error={fieldError('identity.witnesses.1')}
                  />
                </div>
              </div>
            )}
          </Section>

          <Section title={m.stepRegistry}>
            <p className="mb-2">
              {v.person.surname} {v.person.givenNames}
              {v.person.codiceFiscale ? ` · ${v.person.codiceFiscale}` : ''}
              {v.person.birthDate ? ` · ${formatDateIt(v.person.birthDate)}` : ''}
            </p>
            {v.age === null && (
              <DateField
                label={m.birthDate}
                value={d.birthDate}
                onChange={(e) => set({ birthDate: e.target.value })}
                error={fieldError('registry.birthDate')}
              />
            )}
            <Check label={m.registryConfirm} checked={d.registryConfirmed} onChange={(x) => set({ registryConfirmed: x })} />
          </Section>

          <Section title={m.stepPhoto}>
            <FileField
              id="cie-photo-file"
              label={m.photoFile}
              help={m.photoHelp}
              accept=".jpg,.jpeg,image/jpeg"
              onChange={(e) => void uploadPhoto(e.target.files?.[0])}
            />
            {fileCheck && (
              <div role="status" data-testid="photo-check">
                {fileCheck.ok ? (
                  <p className="text-success">
                    {m.photoOk(
                      fileCheck.widthPx ?? 0,
                      fileCheck.heightPx ?? 0,
                      Math.ceil(fileCheck.bytes / 1000),
                      fileCheck.effectiveDpi ?? 0,
                    )}
                  </p>
                ) : (
                  <>
                    <p className="text-danger mb-1">{m.photoBad}</p>
                    <ul>
                      {fileCheck.problems.map((p) => (
                        <li key={p.code}>{p.message}</li>
                      ))}
                    </ul>
                  </>
                )}
              </div>
            )}
            <Check label={m.paperPhoto} checked={d.paperPhoto} onChange={(x) => set({ paperPhoto: x })} />
            <Check label={m.photoCompliant} checked={d.photoLooksCompliant} onChange={(x) => set({ photoLooksCompliant: x })} />
          </Section>

          <Section title={m.stepFingerprints}>
            <p className="small">{m.fingerprintsHelp(v.fingerprintsRequired)}</p>
            <Radios
              legend={m.stepFingerprints}
              name="fingerprints"
              value={d.fingerprints}
              onChange={(x) => set({ fingerprints: x })}
              options={options(m.fingerprints, v.fingerprintsRequired === false ? ['not_required'] : ['taken', 'temporarily_impossible'])}
            />
          </Section>

          <Section title={m.stepOrgans}>
            <Radios
              legend={m.stepOrgans}
              name="organs"
              value={d.organDonation}
              onChange={(x) => set({ organDonation: x })}
              options={options(m.organs, v.minor ? ['not_applicable'] : ['consent', 'refusal', 'not_expressed'])}
            />
          </Section>

          <Section title={m.stepDelivery}>
            <Radios
              legend={m.stepDelivery}
              name="delivery"
              value={d.deliveryMode}
              onChange={(x) => set({ deliveryMode: x })}
              options={options(m.deliveryModes, ['comune', 'address'])}
            />
            {d.deliveryMode === 'address' && (
              <div className="row g-3">
                <div className="col-md-6">
                  <Field
                    label={m.street}
                    value={d.street}
                    onChange={(e) => set({ street: e.target.value })}
                    error={fieldError('delivery.street')}
                  />
                </div>
                <div className="col-md-2">
                  <Field
                    label={m.postalCode}
                    value={d.postalCode}
                    inputMode="numeric"
                    maxLength={5}
                    onChange={(e) => set({ postalCode: e.target.value })}
                    error={fieldError('delivery.postalCode')}
                  />
                </div>
                <div className="col-md-3">
                  <Field
                    label={m.municipality}
                    value={d.municipality}
                    onChange={(e) => set({ municipality: e.target.value })}
                    error={fieldError('delivery.municipality')}
                  />
                </div>
                <div className="col-md-1">
                  <Field
                    label={m.province}
                    value={d.province}
                    maxLength={2}
                    onChange={(e) => set({ province: e.target.value.toUpperCase() })}
                    error={fieldError('delivery.province')}
                  />
                </div>
              </div>
            )}
            {d.deliveryMode && <Field label={m.delegate} value={d.delegate} onChange={(e) => set({ delegate: e.target.value })} />}
          </Section>

          <Section title={m.stepFee}>
            {expectedFee !== null && <p className="small">{m.feeExpected(cieText.common.euro(formatAmountIt(expectedFee)))}</p>}
            <Radios
              legend={m.stepFee}
              name="fee"
              value={d.feeMethod}
              onChange={(x) => set({ feeMethod: x, amount: d.amount || (expectedFee !== null ? formatAmountInput(expectedFee) : '') })}
              options={options(m.feeMethods, ['pagopa', 'cash'])}
            />
            {d.feeMethod && (
              <div className="row g-3">
                <div className="col-md-5">
                  {d.feeMethod === 'pagopa' ? (
                    <Field
                      label={m.noticeNumber}
                      value={d.noticeNumber}
                      inputMode="numeric"
                      onChange={(e) => set({ noticeNumber: e.target.value })}
                      error={fieldError('fee.noticeNumber')}
                    />
                  ) : (
                    <Field
                      label={m.receiptNumber}
                      value={d.receiptNumber}
                      onChange={(e) => set({ receiptNumber: e.target.value })}
                      error={fieldError('fee.receiptNumber')}
                    />
                  )}
                </div>
                <div className="col-md-3">
                  <Field
                    label={m.amount}
                    value={d.amount}
                    inputMode="decimal"
                    onChange={(e) => set({ amount: e.target.value })}
                    error={fieldError('fee.amountCents')}
                  />
                </div>
                <div className="col-md-4">
                  <Field label={m.feeNote} value={d.feeNote} onChange={(e) => set({ feeNote: e.target.value })} />
                </div>
              </div>
            )}
          </Section>

          {!closed && (
            <div className="d-flex gap-2 flex-wrap mb-3">
              <button type="submit" className="btn btn-outline-primary" disabled={busy}>
                {m.save}
              </button>
              <button type="button" className="btn btn-primary" disabled={busy} onClick={ready}>
                {m.ready}
              </button>
            </div>
          )}
        </fieldset>
      </form>

      {!closed && (
        <section aria-labelledby="cie-missing-title" className="mb-3">
          <h2 id="cie-missing-title" className="h5">
            {m.missingTitle}
          </h2>
          {v.missing.length === 0 ? (
            <p>{m.nothingMissing}</p>
          ) : (
            <ul data-testid="checklist-missing">
              {v.missing.map((x) => (
                <li key={x.code}>{x.message}</li>
              ))}
            </ul>
          )}
        </section>
      )}

      {v.state === 'ready' && (
        <>
          <form
            className="card card-bg p-3 mb-3"
            onSubmit={async (e) => {
              e.preventDefault();
              const x = await run(() => call('cie.checklist.pratica', { ...ref, pratica }));
              if (x) {
                loaded(x);
                setDone(m.praticaDone(x.cieOnlinePratica ?? ''));
              }
            }}
          >
            <Field
              label={m.pratica}
              value={pratica}
              onChange={(e) => setPratica(e.target.value)}
              error={fieldError('cieOnlinePratica')}
              autoComplete="off"
            />
            <div>
              <button type="submit" className="btn btn-primary" disabled={busy}>
                {m.praticaSubmit}
              </button>
            </div>
          </form>
          <form
            className="card card-bg p-3 mb-3"
            onSubmit={async (e) => {
              e.preventDefault();
              const x = await run(() => call('cie.checklist.reopen', { ...ref, reason: reopenReason }));
              if (x) {
                loaded(x);
                setDone(null);
              }
            }}
          >
            <Field
              label={m.reopenReason}
              value={reopenReason}
              onChange={(e) => setReopenReason(e.target.value)}
              error={fieldError('reason')}
            />
            <div>
              <button type="submit" className="btn btn-outline-secondary" disabled={busy}>
                {m.reopenSubmit}
              </button>
            </div>
          </form>
        </>
      )}
    </section>
  );
}
