import { homedir } from 'node:os';
import { join } from 'node:path';

/** The same folder Electron's app.getPath('userData') gives for "Sportello". */
export function defaultDataDir(): string {
  if (process.env.SPORTELLO_DATA) return process.env.SPORTELLO_DATA;
  const home = homedir();
  switch (process.platform) {
    case 'win32':
      return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Sportello');
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Sportello');
    default:
      return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Sportello');
  }
}
