import { useEffect, useState } from 'react';
import { call } from '../../api';
import { Notice } from '../../components/Notice';
import { useNav } from '../../stores/nav';
import { PersonRecord } from './PersonRecord';
import { PraticaForm } from './PraticaForm';
import { Search } from './Search';
import type { AnagrafeInfo } from './types';

/** Where in the room the clerk is, carried by the nav param. */
export const route = {
  search: () => null,
  person: (id: string) => `persona:${id}`,
  pratica: (code: string, personId?: string) => `pratica:${code}${personId ? `:${personId}` : ''}`,
};

/** One menu entry; the nav param chooses search (none), a record (persona:ID) or a form (pratica:CODE[:ID]). */
export function AnagrafeScreen() {
  const param = useNav((s) => s.param);
  const [info, setInfo] = useState<AnagrafeInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call('anagrafe.info', {}).then(setInfo, (e: Error) => setError(e.message));
  }, []);
  if (error) return <Notice kind="error">{error}</Notice>;
  if (!info) return null;
  const [kind, a, b] = (param ?? '').split(':');
  // key: a new view remounts, so its title takes focus.
  if (kind === 'persona' && a) return <PersonRecord key={param} id={a} />;
  if (kind === 'pratica' && a) return <PraticaForm key={param} code={a} personId={b ?? null} info={info} />;
  return <Search key="search" />;
}
