/** The zone this browser runs in, which the page starts with: what the analyst's clock shows. */
export const browserZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/**
 * The zones to offer, grouped by their area ("Europe", "America", …), `UTC` and any zone given in
 * `always` (the browser's own may be an alias the list leaves out) included.
 */
export function zoneGroups(always: string[]): [string, string[]][] {
  const names = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', ...always]);
  const groups = new Map<string, string[]>();
  for (const name of [...names].sort()) {
    const area = name.includes('/') ? name.slice(0, name.indexOf('/')) : 'Other';
    groups.set(area, [...(groups.get(area) ?? []), name]);
  }
  return [...groups];
}
