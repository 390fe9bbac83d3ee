import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import * as yauzl from 'yauzl';
import * as yazl from 'yazl';

/** A bundle can travel as one file: a `.zip` (yazl/yauzl) or a `.tar.gz` (node-tar). */
export const ARCHIVE_FORMATS = ['zip', 'tar.gz'] as const;
export type ArchiveFormat = (typeof ARCHIVE_FORMATS)[number];

export function archiveExtension(format: ArchiveFormat): string {
  return format === 'zip' ? '.zip' : '.tar.gz';
}

/**
 * Pack `files` (paths relative to `dir`, `/`-separated) under one top folder `top/`, in the
 * order given, each with the same modification time so the archive depends on content only.
 */
export async function writeArchive(dir: string, top: string, files: readonly string[], dest: string, format: ArchiveFormat, mtime: Date): Promise<void> {
  if (format === 'tar.gz') {
    // node-tar reads paths relative to `cwd`; the top folder is the bundle's own folder name.
    await tar.create({ gzip: { level: 9 }, file: dest, cwd: join(dir, '..'), portable: true, mtime, noDirRecurse: true, strict: true }, files.map((f) => `${top}/${f}`));
    return;
  }
  const zip = new yazl.ZipFile();
  for (const f of files) zip.addFile(join(dir, f), `${top}/${f}`, { mtime, mode: 0o100644 });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(dest, { flags: 'wx' }));
}

export interface ArchiveEntry {
  /** Path inside the archive, `/`-separated. */
  path: string;
  kind: 'file' | 'directory' | 'other';
  size: number;
  sha256: string;
  /** The entry's bytes, for the entries `keep` asked for. */
  bytes?: Buffer;
}

/** Which archive a file is, by its first bytes (a renamed file is still read right). */
export async function sniffArchive(file: string): Promise<ArchiveFormat | undefined> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(4);
    const { bytesRead } = await fh.read(buf, 0, 4, 0);
    if (bytesRead >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && (buf[2] === 0x03 || buf[2] === 0x05) && (buf[3] === 0x04 || buf[3] === 0x06)) return 'zip';
    if (bytesRead >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) return 'tar.gz';
    return undefined;
  } finally {
    await fh.close();
  }
}

/**
 * Every entry of an archive with the SHA-256 of its bytes, read as a stream; nothing is extracted.
 * The bytes of entries `keep` selects (small ones, such as the manifest) are returned too.
 */
export async function readArchive(file: string, format: ArchiveFormat, keep: (path: string) => boolean = () => false): Promise<ArchiveEntry[]> {
  return format === 'zip' ? readZip(file, keep) : readTarGz(file, keep);
}

async function readZip(file: string, keep: (path: string) => boolean): Promise<ArchiveEntry[]> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true });
  const entries: ArchiveEntry[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
      if (entry.fileName.endsWith('/')) {
        entries.push({ path: entry.fileName.replace(/\/+$/, ''), kind: 'directory', size: 0, sha256: '' });
        continue;
      }
      if (mode !== 0 && mode !== 0o100000) {
        entries.push({ path: entry.fileName, kind: 'other', size: entry.uncompressedSize, sha256: '' });
        continue;
      }
      const hash = createHash('sha256');
      const kept: Buffer[] | undefined = keep(entry.fileName) ? [] : undefined;
      let size = 0;
      const stream = await zip.openReadStreamPromise(entry);
      for await (const chunk of stream) {
        hash.update(chunk as Buffer);
        kept?.push(chunk as Buffer);
        size += (chunk as Buffer).length;
      }
      entries.push({ path: entry.fileName, kind: 'file', size, sha256: hash.digest('hex'), ...(kept ? { bytes: Buffer.concat(kept) } : {}) });
    }
  } finally {
    zip.close();
  }
  return entries;
}

async function readTarGz(file: string, keep: (path: string) => boolean): Promise<ArchiveEntry[]> {
  const entries: ArchiveEntry[] = [];
  const pending: Promise<void>[] = [];
  await tar.list({
    file,
    strict: true,
    onReadEntry: (entry) => {
      const path = entry.path.replace(/\/+$/, '');
      if (entry.type === 'Directory') {
        entries.push({ path, kind: 'directory', size: 0, sha256: '' });
        return;
      }
      if (entry.type !== 'File' && entry.type !== 'OldFile' && entry.type !== 'ContiguousFile') {
        entries.push({ path, kind: 'other', size: entry.size ?? 0, sha256: '' });
        return;
      }
      const hash = createHash('sha256');
      const kept: Buffer[] | undefined = keep(path) ? [] : undefined;
      let size = 0;
      const row: ArchiveEntry = { path, kind: 'file', size: 0, sha256: '' };
      entries.push(row);
      pending.push(
        new Promise<void>((resolve, reject) => {
          entry.on('data', (chunk: Buffer) => {
            hash.update(chunk);
            kept?.push(chunk);
            size += chunk.length;
          });
          entry.on('end', () => {
            row.size = size;
            row.sha256 = hash.digest('hex');
            if (kept) row.bytes = Buffer.concat(kept);
            resolve();
          });
          entry.on('error', reject);
        }),
      );
    },
  });
  await Promise.all(pending);
  return entries;
}
