import type { ComponentType } from 'react';
import type { Role } from '../../electron/core/auth/roles';

/** The menu's groups, by the clerk's job, in menu order (the home screen stands before them). */
export const MENU_GROUPS = ['anagrafe', 'cie', 'pagopa', 'invii', 'amministrazione'] as const;
export type MenuGroup = (typeof MENU_GROUPS)[number];

/** One screen of the counter. Its own module so the rooms' index.ts files and registry.ts import no circle. */
export interface ScreenDef {
  id: string;
  title: string;
  /** Role needed to see it in the menu; 'any' for every operator. */
  role: Role | 'any';
  component: ComponentType;
  /** Where the menu lists it; none for the home screen, above the groups. */
  group: MenuGroup | null;
  /** Shown only in demo mode. */
  demoOnly?: boolean;
}
