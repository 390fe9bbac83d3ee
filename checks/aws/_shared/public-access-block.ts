import { anyCaseBoolean } from './any-case.js';

/** The four S3 Block Public Access settings, as AWS Config names them (the API capitalises them). */
export const PUBLIC_ACCESS_SETTINGS = ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'] as const;
export type PublicAccessSetting = (typeof PUBLIC_ACCESS_SETTINGS)[number];

/** Each setting's value (`null` when the document does not give it). */
export function publicAccessSettings(doc: unknown): Record<PublicAccessSetting, boolean | null> {
  return Object.fromEntries(PUBLIC_ACCESS_SETTINGS.map((s) => [s, anyCaseBoolean(doc, s) ?? null])) as Record<PublicAccessSetting, boolean | null>;
}
