import { useState } from 'react';
import { hasRole } from '../../electron/core/auth/roles';
import { t } from '../messages/it';
import type { SessionView } from '../stores/session';
import { screens } from './registry';
import { MENU_GROUPS, type ScreenDef } from './screen-def';

/**
 * The screens this operator may use, in the menu's order (home, then each group): only their roles'
 * screens, demo-only screens only in demo mode. Alt+1…9 opens the first nine in this order.
 */
export function menuScreens(session: SessionView): ScreenDef[] {
  const mine = screens.filter((d) => (d.role === 'any' || hasRole(session.operator!.roles, d.role)) && (!d.demoOnly || session.demo));
  return [...mine.filter((d) => d.group === null), ...MENU_GROUPS.flatMap((g) => mine.filter((d) => d.group === g))];
}

/**
 * The left menu, grouped by job (bootstrap-italia's sidebar link list): a heading per group the
 * operator has a screen in, the open screen marked with aria-current. Below the lg breakpoint
 * (a narrow window, or 200 % zoom) it folds behind a "Menu" button so the screen starts at the top.
 */
export function Menu({ visible, current, go }: { visible: ScreenDef[]; current: string; go(id: string): void }) {
  const [open, setOpen] = useState(false);
  const shortcut = new Map(visible.slice(0, 9).map((d, i) => [d.id, `Alt+${i + 1}`]));
  const link = (d: ScreenDef) => (
    <li key={d.id}>
      <a
        href={`#${d.id}`}
        className={`list-item${d.id === current ? ' active medium' : ''}`}
        aria-current={d.id === current ? 'page' : undefined}
        aria-keyshortcuts={shortcut.get(d.id)}
        onClick={(e) => {
          e.preventDefault();
          setOpen(false);
          go(d.id);
        }}
        data-testid={`nav-${d.id}`}
      >
        <span>{d.title}</span>
      </a>
    </li>
  );
  const groups = MENU_GROUPS.map((g) => ({ g, items: visible.filter((d) => d.group === g) })).filter((x) => x.items.length > 0);
  return (
    <nav className="sidebar-wrapper py-lg-3" aria-label={t.nav.label}>
      <button
        type="button"
        className="btn btn-outline-primary btn-sm d-lg-none my-2"
        aria-expanded={open}
        aria-controls="main-menu"
        onClick={() => setOpen(!open)}
      >
        {t.nav.show}
      </button>
      <div id="main-menu" className={`sidebar-linklist-wrapper${open ? '' : ' d-none d-lg-block'}`}>
        <div className="link-list-wrapper">
          <ul className="link-list">{visible.filter((d) => d.group === null).map(link)}</ul>
          {groups.map(({ g, items }) => (
            // A heading per group, not a labelled region: screen readers list headings, and a
            // region named "Anagrafe" would be one more thing answering to that name.
            <div key={g}>
              <h2 className="link-list-heading h6 mt-3 mb-1">{t.nav.groups[g]}</h2>
              <ul className="link-list">{items.map(link)}</ul>
            </div>
          ))}
        </div>
      </div>
    </nav>
  );
}
