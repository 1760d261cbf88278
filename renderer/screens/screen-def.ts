import type { ComponentType } from 'react';
import type { Role } from '../../electron/core/auth/roles';

/** One screen of the counter. Its own module so the rooms' index.ts files and registry.ts import no circle. */
export interface ScreenDef {
  id: string;
  title: string;
  /** Role needed to see it in the menu; 'any' for every operator. */
  role: Role | 'any';
  component: ComponentType;
  /** Shown only in demo mode. */
  demoOnly?: boolean;
}
