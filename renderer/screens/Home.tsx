import { t } from '../messages/it';
import { useSession } from '../stores/session';
import { ScreenTitle } from '../components/ScreenTitle';
import { CredentialsNotices } from '../components/CredentialsNotice';
import { countsFor } from '../components/sync-counts';
import { HomeSetupNotices } from './setup';

export function Home() {
  const session = useSession((s) => s.session)!;
  const sync = useSession((s) => s.sync);
  const counts = sync ? countsFor(sync, session.operator?.roles ?? []) : null;
  return (
    <section aria-labelledby="home">
      <ScreenTitle>{t.home.title(session.operator?.displayName ?? '')}</ScreenTitle>
      <HomeSetupNotices />
      <p>{t.home.intro}</p>
      <CredentialsNotices platforms={sync?.platforms ?? []} />
      <p>
        {counts && counts.open > 0
          ? [counts.toSend > 0 && t.header.toSend(counts.toSend), counts.attention > 0 && t.header.toCheck(counts.attention)]
              .filter(Boolean)
              .join(' · ')
          : t.home.queueEmpty}
      </p>
    </section>
  );
}
