import type { Setting } from './setting.js';
import { SETTINGS } from './settings.js';

/** Every setting, grouped, with its variable and default: the text `targeting worker --help` ends with. */
export function settingsHelp(settings: Record<string, Setting<unknown>> = SETTINGS): string {
  const groups = new Map<string, Setting<unknown>[]>();
  for (const s of Object.values(settings)) groups.set(s.group, [...(groups.get(s.group) ?? []), s]);
  const width = Math.max(...Object.values(settings).map((s) => s.env.length));
  const lines = ['', 'Settings (environment variables):'];
  for (const [group, list] of groups) {
    lines.push('', `  ${group}`);
    for (const s of list) {
      lines.push(`    ${s.env.padEnd(width)}  ${s.help}${s.shown !== undefined ? ` [default: ${s.shown}]` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
