/**
 * Making a write survive a crash or a power loss: a rename is durable only once the renamed
 * file's bytes are on disk (fsync of the file before the rename) and the folder entry is too
 * (fsync of the folder after it). Without the first, a crash can leave the new name on an empty
 * file; without the second, the old file can come back.
 */
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Flushes a file's bytes to disk. */
export async function syncFile(path: string): Promise<void> {
  const fd = await open(path, 'r');
  try {
    await fd.sync();
  } finally {
    await fd.close();
  }
}

/** Flushes a folder's entries (names created, renamed, removed) to disk, where the system allows it. */
export async function syncDir(path: string): Promise<void> {
  let fd: Awaited<ReturnType<typeof open>>;
  try {
    fd = await open(path, 'r');
  } catch {
    return; // a folder that cannot be opened for reading (some systems): nothing more to do
  }
  try {
    await fd.sync();
  } catch (error) {
    // Some file systems refuse fsync on a folder; the rename itself has happened.
    if (
      (error as NodeJS.ErrnoException).code !== 'EINVAL' &&
      (error as NodeJS.ErrnoException).code !== 'EISDIR'
    )
      throw error;
  } finally {
    await fd.close();
  }
}

/**
 * Renames a written temporary file onto its target durably: file synced, renamed, folder synced.
 * @example await durableRename('.out.tmp', 'out.jsonl')
 */
export async function durableRename(temp: string, target: string): Promise<void> {
  await syncFile(temp);
  await rename(temp, target);
  await syncDir(dirname(target));
}
