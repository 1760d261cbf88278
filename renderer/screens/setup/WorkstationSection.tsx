import { useState, type FormEvent } from 'react';
import { call } from '../../api';
import { Field, SelectField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useAction } from '../../components/useAction';
import { setupText } from '../../messages/setup';
import { useSession } from '../../stores/session';
import { StepCard, type SetupView, unplacedError } from './StepCard';

/** Step 2: this PC's number (it partitions notice numbers and idOperazioneComune), name and CIE station. */
export function WorkstationSection({ view, onSaved }: { view: SetupView; onSaved(v: SetupView): void }) {
  const m = setupText.workstation;
  const w = view.workstation;
  const [number, setNumber] = useState(String(w.number));
  const [name, setName] = useState(w.name);
  const [station, setStation] = useState(w.cieStationId ?? '');
  const [done, setDone] = useState(false);
  const { busy, error, run, fieldError } = useAction();
  const setSession = useSession((s) => s.set);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(false);
    const v = await run(() =>
      call('setup.workstation.save', {
        number: /^\d{1,3}$/.test(number.trim()) ? Number(number.trim()) : -1,
        name,
        cieStationId: station || null,
      }),
    );
    if (v) {
      setDone(true);
      onSaved(v);
      setSession(await call('session.get', {})); // the header shows the new name
    }
  }
  return (
    <StepCard step="workstation">
      <form onSubmit={submit} noValidate>
        {done && <Notice kind="success">{setupText.saved}</Notice>}
        {unplacedError(error, ['number', 'name']) && <Notice kind="error">{unplacedError(error, ['number', 'name'])}</Notice>}
        <div className="row">
          <div className="col-md-4">
            <Field
              label={m.number}
              help={view.hub ? m.numberFromHub : m.numberHelp}
              inputMode="numeric"
              maxLength={3}
              readOnly={Boolean(view.hub)}
              value={number}
              onChange={(e) => setNumber(e.target.value)}
              error={fieldError('number')}
            />
          </div>
          <div className="col-md-8">
            <Field label={m.name} value={name} onChange={(e) => setName(e.target.value)} error={fieldError('name')} />
          </div>
          <div className="col-md-8">
            <SelectField
              label={m.cieStation}
              help={m.cieHelp}
              value={station}
              onChange={(e) => setStation(e.target.value)}
              placeholder={m.noCieStation}
              options={view.cieStations.map((s) => ({ value: s.id, label: s.name }))}
            />
          </div>
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {m.save}
        </button>
      </form>
    </StepCard>
  );
}
