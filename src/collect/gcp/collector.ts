import { decodeAsset, mergeAsset, normaliseProjects } from '../../import/gcp-asset.js';
import { compareObservedAt } from '../../import/observed.js';
import type { Resource } from '../../inventory/resource.js';
import { CollectionFailed, unreadable, type Collection, type CollectionError, type CollectorContext } from '../index.js';
import type { GcpCollectOptions } from './index.js';
import { CONTENT_TYPES, describeError, GcpSession, type ContentType } from './session.js';

/** The format live assets carry in `source.format`, as an imported ListAssets response does. */
export const ASSET_API_FORMAT = 'gcp-asset-api';
/** Resource-hierarchy nodes: the only assets organization policies are set on. */
const CRM_NODES = /^cloudresourcemanager\.googleapis\.com\/(Project|Folder|Organization)$/;

interface ParentRead {
  parent: string;
  /** Asset names each content type returned under this parent. */
  names: Set<string>;
  failures: Partial<Record<ContentType, CollectionError>>;
}

/**
 * Read Google Cloud through Cloud Asset Inventory:
 * 1. sign in with Application Default Credentials (none usable: exit 3);
 * 2. the parents: `--projects`, `--folder`, `--organization`, else the ADC project;
 * 3. per parent, ListAssets for RESOURCE, IAM_POLICY and ORG_POLICY, 1000 assets a page;
 * 4. each asset through the importer's decoder, records of one asset merged as the importer does.
 * A content type that cannot be listed is recorded, and what it covers is graded `error`: every
 * graded type under the parent (RESOURCE), every asset under it (IAM_POLICY), its projects,
 * folders and organization (ORG_POLICY).
 */
export async function collectGcp(options: GcpCollectOptions, context: CollectorContext): Promise<Collection> {
  const session = new GcpSession(options, context.progress);
  try {
    const named = namedParents(options);
    try {
      await session.connect(named.find((p) => p.startsWith('projects/'))?.slice('projects/'.length));
    } catch (err) {
      const hint = named.some((p) => p.startsWith('projects/')) ? '' : ' (or GOOGLE_CLOUD_PROJECT, so that no project lookup is needed)';
      throw new CollectionFailed(`GCP: no usable credentials (${describeError(err)}); set GOOGLE_APPLICATION_CREDENTIALS${hint} or run gcloud auth application-default login`);
    }
    const parents = named.length ? named : await defaultParent(session);
    const byName = new Map<string, Resource>();
    const reads = parents.map((parent): ParentRead => ({ parent, names: new Set(), failures: {} }));
    const graded = [...new Set(context.resourceTypes.filter((t) => t !== '*'))].sort();

    await Promise.all(reads.flatMap((read) => (Object.keys(CONTENT_TYPES) as ContentType[]).map(async (contentType) => {
      const operation = CONTENT_TYPES[contentType];
      let count = 0;
      let token: string | undefined;
      const asked = new Set<string>();
      try {
        do {
          const page = await session.listAssets(read.parent, contentType, token);
          for (const [i, raw] of (page.assets ?? []).entries()) {
            let asset: Resource;
            try {
              asset = decodeAsset(raw, { file: operation, at: `${read.parent} ${contentType} assets[${i}]`, index: i }, ASSET_API_FORMAT);
            } catch (err) {
              session.failed(operation, read.parent, [contentType], err, `asset ${i} could not be decoded and was left out`);
              continue;
            }
            read.names.add(asset.id);
            add(byName, asset);
            count++;
          }
          if (contentType === 'RESOURCE') session.progress.found('gcp', 'cloudasset', read.parent, (page.assets ?? []).length);
          token = page.nextPageToken || undefined;
          // A page token already followed would page for ever: stop, and grade what the listing covers "error".
          if (token && asked.has(token)) throw new Error(`ListAssets repeated a nextPageToken after ${asked.size + 1} pages: paging stopped`);
          if (token) asked.add(token);
        } while (token);
        session.ok(operation, read.parent, [contentType], count);
      } catch (err) {
        const note = contentType === 'RESOURCE' ? 'every graded type under this parent is graded "error"' : contentType === 'IAM_POLICY' ? 'the assets under this parent are graded "error"' : 'the projects, folders and organization under this parent are graded "error"';
        const error = session.failed(operation, read.parent, [contentType], err, count ? `${count} records were read before the failure; ${note}` : note);
        read.failures[contentType] = { operation, region: 'global', error };
      }
    })));

    const resources = [...byName.values()];
    for (const read of reads) {
      const account = read.parent.replace(/^projects\//, '');
      const resourceFailure = read.failures.RESOURCE;
      if (resourceFailure) {
        for (const type of graded) resources.push(unreadable({ provider: 'gcp', type, account, region: 'all', error: resourceFailure, idPrefix: `//safeguard.unread/${read.parent}/` }));
        // A check grades every type (the eligible-service check): one stand-in for the types not listed.
        if (context.resourceTypes.includes('*')) {
          const r = unreadable({ provider: 'gcp', type: '*', account, region: 'all', error: resourceFailure, idPrefix: `//safeguard.unread/${read.parent}/` });
          r.name = `every resource type other than those listed in ${account} (not read)`;
          resources.push(r);
        }
      }
      for (const r of resources) {
        if (!read.names.has(r.id) || r.related.collectionError) continue;
        const failure = resourceFailure ?? read.failures.IAM_POLICY ?? (CRM_NODES.test(r.type) ? read.failures.ORG_POLICY : undefined);
        if (failure) r.related.collectionError = failure;
      }
    }
    normaliseProjects(resources);

    if (!session.coverage.some((e) => e.status === 'ok')) {
      const first = session.coverage.find((e) => e.status === 'failed');
      throw new CollectionFailed(`GCP: every call failed${first ? ` (first: ${first.operation} on ${first.account}: ${first.error})` : ''}`);
    }
    return {
      provider: 'gcp',
      resources,
      // Projects read (after normaliseProjects, by id where the Project asset says it), and parents not read at all.
      accounts: [...new Set(resources.map((r) => r.account).filter((a): a is string => Boolean(a)))].sort(),
      regions: [...new Set(resources.map((r) => r.region).filter((r): r is string => Boolean(r) && r !== 'all'))].sort(),
      methods: ['cloud-asset'],
      coverage: session.coverage,
      calls: Object.fromEntries(Object.entries(session.record.calls).sort()),
      attempts: session.record.attempts,
    };
  } finally {
    context.progress.done();
  }
}

/** `--organization`, `--folder`, `--projects` as ListAssets parents. */
function namedParents(options: GcpCollectOptions): string[] {
  return [...new Set([
    ...(options.organization ? [`organizations/${options.organization.replace(/^organizations\//, '')}`] : []),
    ...(options.folder ? [`folders/${options.folder.replace(/^folders\//, '')}`] : []),
    ...(options.projects ?? []).map((p) => `projects/${p.replace(/^projects\//, '')}`),
  ])];
}

/** The ADC project, when the scan names no parent. */
async function defaultParent(session: GcpSession): Promise<string[]> {
  const project = await session.defaultProject();
  if (!project) throw new CollectionFailed('GCP: no project to scan: give --projects, --folder or --organization, or set GOOGLE_CLOUD_PROJECT');
  return [`projects/${project}`];
}

/**
 * The importer's rule for records of one asset name: a RESOURCE record and its IAM_POLICY and
 * ORG_POLICY records merge into one resource; two full records (an asset under two parents read)
 * keep the newer, with the older one's other facts.
 */
function add(byName: Map<string, Resource>, r: Resource): void {
  const existing = byName.get(r.id);
  if (!existing) {
    byName.set(r.id, r);
    return;
  }
  if (existing.related.resourceMissing || r.related.resourceMissing) {
    mergeAsset(existing, r);
    return;
  }
  if (compareObservedAt(r.source.observedAt, existing.source.observedAt) >= 0) {
    for (const [k, v] of Object.entries(existing.related)) if (!(k in r.related)) r.related[k] = v;
    byName.set(r.id, r);
  }
}
