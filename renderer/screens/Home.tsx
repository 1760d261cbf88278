import { t } from '../messages/it';
import { useSession } from '../stores/session';
import { useNav } from '../stores/nav';
import { ScreenTitle } from '../components/ScreenTitle';
import { CredentialsNotices } from '../components/CredentialsNotice';
import { HomeSetupNotices } from './setup';
import { QueueCounts } from '../components/QueueCounts';

export function Home() {
  const session = useSession((s) => s.session)!;
  const sync = useSession((s) => s.sync);
  const go = useNav((s) => s.go);
  return (
    <section aria-labelledby="home">
      <ScreenTitle>{t.home.title(session.operator?.displayName ?? '')}</ScreenTitle>
      <HomeSetupNotices />
      <p>{t.home.intro}</p>
      <CredentialsNotices platforms={sync?.platforms ?? []} />
      <p data-testid="home-queue">
        {sync && sync.openItems > 0 ? (
          <QueueCounts toSend={sync.toSendItems} toCheck={sync.attentionItems} onOpen={() => go('sync', null)} />
        ) : (
          t.home.queueEmpty
        )}
      </p>
    </section>
  );
}
