import { useEffect, useState } from 'react';
import { call } from '../../api';
import { Notice } from '../../components/Notice';
import { ScreenTitle } from '../../components/ScreenTitle';
import { setupText as m } from '../../messages/setup';
import { t } from '../../messages/it';
import { AnprSection } from './AnprSection';
import { ComuneSection } from './ComuneSection';
import { AgendaSection, GpdSection } from './PlatformSections';
import { WorkstationSection } from './WorkstationSection';
import { HubSection } from './HubSection';
import type { SetupView, Step } from './StepCard';

/** Which of the view's missing items belong to each step. */
const STEP_NEEDS: Record<Step, SetupView['missing']> = {
  comune: ['comune'],
  workstation: ['workstation'],
  anpr: ['anpr', 'certificates'],
  pagopa: ['pagopa', 'gpd'],
  agenda: ['agenda'],
};

/**
 * "Impostazioni": the guided first start and, later, the place to change any setting. The steps
 * at the top say what is done and lead to each section.
 */
export function SetupScreen() {
  const [view, setView] = useState<SetupView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    call('setup.get', {})
      .then(setView)
      .catch((e: Error) => setLoadError(e.message));
  }, []);

  if (!view)
    return (
      <section>
        <ScreenTitle>{m.title}</ScreenTitle>
        {loadError ? <Notice kind="error">{loadError}</Notice> : <p role="status">{t.app.loading}</p>}
      </section>
    );
  if (view.demo)
    return (
      <section>
        <ScreenTitle>{m.title}</ScreenTitle>
        <Notice kind="info">{m.demoIntro}</Notice>
      </section>
    );
  const steps = Object.keys(m.steps) as Step[];
  const done = (s: Step) => !STEP_NEEDS[s].some((x) => view.missing.includes(x));
  return (
    <section className="setup-screen">
      <ScreenTitle>{m.title}</ScreenTitle>
      <p>{m.intro}</p>
      <nav aria-labelledby="setup-steps" className="mb-4">
        <h2 id="setup-steps" className="h5">
          {m.stepsTitle}
        </h2>
        <p className="small mb-2">{m.stepsIntro}</p>
        <ol className="list-unstyled d-flex flex-wrap gap-2 mb-0" data-testid="setup-steps">
          {steps.map((s) => (
            <li key={s}>
              <a
                href={`#setup-${s}`}
                className={`btn btn-sm ${done(s) ? 'btn-success' : 'btn-outline-primary'}`}
                data-step={s}
                data-done={done(s)}
                onClick={(e) => {
                  e.preventDefault();
                  document.getElementById(`setup-${s}`)?.focus();
                }}
              >
                {m.steps[s]} <span className="visually-hidden">: </span>
                <span className="small">({done(s) ? m.stepDone : m.stepTodo})</span>
              </a>
            </li>
          ))}
        </ol>
      </nav>
      <ComuneSection view={view} onSaved={setView} />
      <WorkstationSection key={view.hub?.number ?? 'own'} view={view} onSaved={setView} />
      <AnprSection view={view} onSaved={setView} />
      <GpdSection view={view} onSaved={setView} />
      <AgendaSection view={view} onSaved={setView} />
      <HubSection view={view} onSaved={setView} />
    </section>
  );
}
