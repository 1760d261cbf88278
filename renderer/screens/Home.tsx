import { t } from '../messages/it';
import { useSession } from '../stores/session';
import { ScreenTitle } from '../components/ScreenTitle';
import { CredentialsNotices } from '../components/CredentialsNotice';
import { HomeSetupNotices } from './setup';

export function Home() {
  const session = useSession((s) => s.session)!;
  const sync = useSession((s) => s.sync);
  return (
    <section aria-labelledby="home">
      <ScreenTitle>{t.home.title(session.operator?.displayName ?? '')}</ScreenTitle>
      <HomeSetupNotices />
      <p>{t.home.intro}</p>
      <CredentialsNotices platforms={sync?.platforms ?? []} />
      <p>
        {sync && sync.openItems > 0
          ? [sync.toSendItems > 0 && t.header.toSend(sync.toSendItems), sync.attentionItems > 0 && t.header.toCheck(sync.attentionItems)]
              .filter(Boolean)
              .join(' · ')
          : t.home.queueEmpty}
      </p>
    </section>
  );
}
