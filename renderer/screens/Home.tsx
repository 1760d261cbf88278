import { t } from '../messages/it';
import { useSession } from '../stores/session';
import { useNav } from '../stores/nav';
import { ScreenTitle } from '../components/ScreenTitle';
import { CredentialsNotices } from '../components/CredentialsNotice';
import { countsFor } from '../components/sync-counts';
import { HomeSetupNotices } from './setup';
import { QueueCounts } from '../components/QueueCounts';

export function Home() {
  const session = useSession((s) => s.session)!;
  const sync = useSession((s) => s.sync);
  const counts = sync ? countsFor(sync, session.operator?.roles ?? []) : null;
  const go = useNav((s) => s.go);
  return (
    <section aria-labelledby="home">
      <ScreenTitle>{t.home.title(session.operator?.displayName ?? '')}</ScreenTitle>
      <HomeSetupNotices />
      <p>{t.home.intro}</p>
      <CredentialsNotices platforms={sync?.platforms ?? []} />
      <p data-testid="home-queue">
        {counts && counts.open > 0 ? (
          <QueueCounts toSend={counts.toSend} toCheck={counts.attention} onOpen={() => go('sync', null)} />
        ) : (
          t.home.queueEmpty
        )}
      </p>
    </section>
  );
}
