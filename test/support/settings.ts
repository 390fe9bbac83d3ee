import { parseSettings } from '../../src/config/settings.js';

/** Why `safeguard.yaml` with this text is refused: the message, as the CLI prints it after "safeguard: error: ". */
export function settingsRefusal(yaml: string): string {
  try {
    parseSettings(yaml, 'safeguard.yaml');
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the settings to be refused');
}
