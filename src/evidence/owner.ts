/** The owner of a resource from its tags or labels: `owner` (any case), then `team`, then a `*-owner` key. */
export function ownerOf(tags: Readonly<Record<string, string>>): string {
  const entries = Object.entries(tags).map(([k, v]) => [k.trim().toLowerCase(), v.trim()] as const).filter(([, v]) => v !== '');
  const exact = (name: string) => entries.find(([k]) => k === name)?.[1];
  return exact('owner') ?? exact('team') ?? entries.find(([k]) => /[-_.]owner$/.test(k))?.[1] ?? '';
}
