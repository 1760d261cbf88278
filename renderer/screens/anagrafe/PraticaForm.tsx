import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { confirmNow } from '../../components/confirmNow';
import { call } from '../../api';
import type { OutputOf } from '../../../electron/contract';
import { Notice } from '../../components/Notice';
import { FormErrorSummary, noteOf, type SummaryItem } from '../../components/FormErrorSummary';
import { useAction } from '../../components/useAction';
import { ScreenTitle } from '../../components/ScreenTitle';
import { anagrafeText as m } from '../../messages/anagrafe';
import { t } from '../../messages/it';
import { useNav } from '../../stores/nav';
import type { AnagrafeInfo } from './types';
import { BirthForm, IscrizioneForm } from './forms-iscrizione';
import { CancelForm, ChangeForm, DeathForm, MoveForm, RettificaForm } from './forms-variazione';
import type { FormContext, FormIssue, PersonView, PraticaFormComponent } from './pratica-kit';

type Created = OutputOf<'anagrafe.pratica.create'>;

const FORMS: Record<string, PraticaFormComponent> = {
  '1001': BirthForm,
  '1002': IscrizioneForm,
  '5005': MoveForm,
  '2001': DeathForm,
  '2003': CancelForm,
  '5008': ChangeForm,
  '5014': RettificaForm,
};

/** A pratica form: Enter saves, Esc goes back; the refusal is shown next to the field it names. */
export function PraticaForm({ code, personId, info }: { code: string; personId: string | null; info: AnagrafeInfo }) {
  const go = useNav((s) => s.go);
  const [person, setPerson] = useState<PersonView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const [saved, setSaved] = useState<Created | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const registered = useRef(new Set<string>());
  const Form = FORMS[code];

  // The saved view's "Apri la scheda" takes the keyboard (Enter opens the record); its title does
  // not take it (an autoFocus on the button lost it to the title's effect).
  const openRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (saved) openRef.current?.focus();
  }, [saved]);

  useEffect(() => {
    if (personId) call('anagrafe.person', { id: personId }).then(setPerson, (e: Error) => setLoadError(e.message));
  }, [personId]);

  const back = () => go('anagrafe', personId ? `persona:${personId}` : null);
  if (!Form) return <Notice kind="error">{t.errors.generic}</Notice>;
  if (loadError) return <Notice kind="error">{loadError}</Notice>;
  if (personId && !person) return <p role="status">{t.app.loading}</p>;

  // Each problem goes to the most specific registered field path that contains it.
  const bestFor = (field: string) =>
    [...registered.current].filter((p) => field === p || field.startsWith(p + '.')).sort((a, b) => b.length - a.length)[0];
  const problems = error ? (error.issues?.length ? error.issues : [{ path: error.field ?? '', message: error.message }]) : [];
  const byField = new Map<string, string[]>();
  for (const p of problems) {
    const at = p.path ? bestFor(p.path) : undefined;
    if (at) byField.set(at, [...(byField.get(at) ?? []), p.message]);
  }
  // Under the field, its own note without the label the summary needs ("Cognome della madre: …").
  // Two fields with the same note ("Manca. Compilare il campo.") keep their labels, so each note
  // stays its own and the summary's link finds its field.
  const shortNote = (at: string) =>
    byField
      .get(at)
      ?.map((msg) => noteOf(msg, at))
      .join(' ');
  const shared = new Set([...byField.keys()].map(shortNote).filter((n, i, all) => all.indexOf(n) !== i));
  const noteAt = (at: string) => {
    const short = shortNote(at);
    return short !== undefined && shared.has(short) ? byField.get(at)!.join(' ') : short;
  };
  const ctx: FormContext = {
    info,
    person,
    err: (path) => {
      registered.current.add(path);
      return noteAt(path);
    },
  };
  // One summary entry per field path, linked to its field: the nth of the equal notes, in page order.
  const order = [...registered.current];
  const seen = new Set<string>();
  const summary: SummaryItem[] = [];
  for (const p of problems) {
    if (p.path && seen.has(p.path)) continue;
    seen.add(p.path);
    const at = p.path ? bestFor(p.path) : undefined;
    const note = at ? noteAt(at) : undefined;
    if (!at || !note) summary.push({ message: p.message });
    else
      summary.push({ message: p.message, note, nth: Math.max(0, order.filter((x) => byField.has(x) && noteAt(x) === note).indexOf(at)) });
  }
  const title = m.titles[code] ?? code;
  const heading = person ? `${title}: ${[person.cognome, person.nome].filter(Boolean).join(' ')}` : title;

  if (saved) {
    // The person the pratica was for: the one it registered (birth, iscrizione), else the record it
    // was started from (a change of address started from ROSSI ANNA opens ANNA, not the family's head).
    const registers = code === '1001' || code === '1002';
    const target = registers ? (saved.personId ?? personId) : (personId ?? saved.personId);
    return (
      <section>
        <ScreenTitle focus={false}>{heading}</ScreenTitle>
        <Notice kind="success">
          <strong data-testid="pratica-saved">{m.form.saved}</strong>
          <br />
          {m.form.savedDetail}
        </Notice>
        <div className="d-flex gap-2">
          {target && (
            <button ref={openRef} type="button" className="btn btn-primary" onClick={() => go('anagrafe', `persona:${target}`)}>
              {m.form.openRecord}
            </button>
          )}
          <button type="button" className="btn btn-outline-primary" onClick={() => go('anagrafe', null)}>
            {m.record.back}
          </button>
        </div>
      </section>
    );
  }

  return (
    <Form ctx={ctx}>
      {(spec) => {
        async function submit(e: FormEvent) {
          e.preventDefault();
          // A LocalFieldError from build() is refused like the back end's, next to its field.
          // The form's own findings travel with the payload, so the refusal lists them with the back end's.
          const created = await run(async () => {
            const formIssues: FormIssue[] = [];
            const pratica = await spec.build(formIssues);
            return call('anagrafe.pratica.create', { pratica, ...(formIssues.length ? { formIssues } : {}) });
          });
          if (created) confirmNow(() => setSaved(created));
        }
        const onKey = (e: KeyboardEvent) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            back();
          }
        };
        return (
          <section>
            <ScreenTitle>{heading}</ScreenTitle>
            <p className="small text-muted">{m.form.keys}</p>
            <FormErrorSummary
              items={summary}
              intro={summary.length ? `${m.form.refused} ${t.forms.summaryTitle(summary.length)}` : undefined}
            />
            {spec.before}
            <form ref={formRef} onSubmit={submit} onKeyDown={onKey} noValidate aria-label={heading} data-testid={`form-${code}`}>
              {spec.fields}
              <div className="d-flex gap-2 mt-3">
                <button type="submit" className="btn btn-primary" disabled={busy}>
                  {m.form.save}
                </button>
                <button type="button" className="btn btn-outline-secondary" onClick={back}>
                  {m.form.cancel}
                </button>
              </div>
            </form>
          </section>
        );
      }}
    </Form>
  );
}
