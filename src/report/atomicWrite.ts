/**
 * Safe file output for `--out`: a regular file is written atomically (a temporary file in the
 * target's own directory, flushed, then renamed over it), so a reader sees the old file or the new
 * one, never half of one, and a failed run leaves the old file intact. What is already at the path
 * is respected:
 *
 * - a **character device or FIFO** (`/dev/null`, a terminal, a named pipe) is written into, never
 *   replaced (renaming over `/dev/null` as root would turn it into a regular file);
 * - a **file-descriptor path** (`/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`) is
 *   that descriptor of this process: written through it, whatever it is open on (a pipe, a file
 *   opened for appending), without reopening or truncating;
 * - a **symbolic link** keeps being a link: the file it points to (followed to the end, even when
 *   it does not exist yet) is the one replaced, atomically, in its own directory;
 * - an **existing file keeps its permission bits** (and, when run as root, its owner); a new file
 *   gets 0666 less the umask, as any program's would;
 * - a directory, a block device or a socket is refused (EISDIR, or an error naming what it is).
 *
 * Several files ({@link atomicWriteAll}, the Markdown report with its SVG charts) are written all
 * or none: every temporary file is written and flushed first (where a full disk or a permission
 * stops the run, nothing has been touched), then each is renamed into place, the files being
 * replaced kept as hard-linked backups until the last rename succeeded; a failed rename puts the
 * earlier ones back.
 *
 * Hand-written rather than `write-file-atomic` (which follows symlinks and keeps modes too): that
 * library renames over whatever is at the path, devices included, and writes one file at a time,
 * with no way to stage several files and commit them together.
 *
 * @module
 */
import { constants } from "node:fs";
import { link, lstat, open, readlink, realpath, rename, rm, stat, type FileHandle } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";

/** One file to write. */
export interface OutputFile {
  /** the path as the user gave it */
  path: string;
  /** text (written as UTF-8) or bytes */
  data: string | Uint8Array;
}

/**
 * 12 random hex digits for a temporary file's name. The name only has to differ from other writers'
 * (the file is created with O_EXCL, so a clash fails instead of clobbering), not be unpredictable:
 * Math.random, rather than node:crypto, whose import adds 2–4 ms to a quick command's start-up.
 */
function tempTag(): string {
  return Math.floor(Math.random() * 2 ** 48).toString(16).padStart(12, "0");
}

/** An error with a file-system code, for the CLI's messages. */
function fsError(code: string, message: string): NodeJS.ErrnoException {
  const e = new Error(message) as NodeJS.ErrnoException;
  e.code = code;
  return e;
}

/** How a path is to be written. */
type Target =
  | { kind: "fd"; fd: number }
  | { kind: "stream"; path: string }
  | { kind: "file"; path: string; mode: number | undefined; uid: number | undefined; gid: number | undefined };

/** `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`: the descriptor number, else undefined. */
function descriptorOf(path: string): number | undefined {
  if (path === "/dev/stdout") return 1;
  if (path === "/dev/stderr") return 2;
  const m = /^\/(?:dev\/fd|proc\/self\/fd)\/(\d+)$/.exec(path);
  return m ? Number(m[1]) : undefined;
}

/** Follow a chain of symlinks that ends at a path that does not exist yet (a dangling link). */
async function followDangling(path: string): Promise<string> {
  let p = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    let st;
    try {
      st = await lstat(p);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return p;
      throw err;
    }
    if (!st.isSymbolicLink()) return p;
    p = resolve(dirname(p), await readlink(p));
  }
  throw fsError("ELOOP", `too many symbolic links from ${path}`);
}

/** What is at `path`, and where the bytes must go. */
async function resolveTarget(path: string): Promise<Target> {
  const fd = descriptorOf(path);
  if (fd !== undefined) return { kind: "fd", fd };
  let st;
  try {
    st = await stat(path); // follows symlinks
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    // nothing there, or a link to nothing: create the final target
    return { kind: "file", path: await followDangling(path), mode: undefined, uid: undefined, gid: undefined };
  }
  if (st.isDirectory()) throw fsError("EISDIR", "it is a directory");
  if (st.isCharacterDevice() || st.isFIFO()) return { kind: "stream", path };
  if (!st.isFile()) {
    const what = st.isBlockDevice() ? "a block device" : st.isSocket() ? "a socket" : "not a regular file";
    throw fsError("EINVAL", `it is ${what} (not written)`);
  }
  return { kind: "file", path: await realpath(path), mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
}

/**
 * Write all of `data` through an open descriptor. A pipe that node made non-blocking (stdout, once
 * process.stdout exists) answers EAGAIN while its reader is behind: wait for it (1 ms, doubling to
 * 50 ms) and write the rest.
 */
async function writeAllTo(fd: number, data: string | Uint8Array): Promise<void> {
  const [{ write }, { setTimeout: sleep }] = await Promise.all([import("node:fs"), import("node:timers/promises")]);
  const buf = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  let off = 0;
  let wait = 1;
  while (off < buf.length) {
    const n = await new Promise<number>((ok, fail) => write(fd, buf, off, buf.length - off, null, (err, written) => {
      if (err && (err as NodeJS.ErrnoException).code === "EAGAIN") ok(-1);
      else if (err) fail(err);
      else ok(written);
    }));
    if (n < 0) {
      await sleep(wait);
      wait = Math.min(50, wait * 2);
      continue;
    }
    wait = 1;
    off += n;
  }
}

/** A temporary file written and flushed beside its target, not yet renamed. */
interface Staged {
  /** the path as the user gave it */
  path: string;
  target: string;
  tmp: string;
  existed: boolean;
}

async function stage(path: string, t: Extract<Target, { kind: "file" }>, data: string | Uint8Array): Promise<Staged> {
  const tmp = join(dirname(t.path), `.${basename(t.path)}.${process.pid}.${tempTag()}.tmp`);
  let handle: FileHandle | undefined;
  try {
    // 0666 less the umask for a new file, as any program's; an existing file's own bits
    handle = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o666);
    await handle.writeFile(data);
    if (t.mode !== undefined) {
      if (t.uid !== undefined && t.gid !== undefined && process.getuid?.() === 0) await handle.chown(t.uid, t.gid).catch(() => {});
      await handle.chmod(t.mode); // after chown, which may clear set-id bits
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    return { path, target: t.path, tmp, existed: t.mode !== undefined };
  } catch (err) {
    await handle?.close().catch(() => {});
    await rm(tmp, { force: true }).catch(() => {});
    throw err;
  }
}

/**
 * Write several files all or none (see the module notes): stage every regular file, then rename
 * them into place, restoring the replaced ones if a rename fails; devices, FIFOs and descriptors
 * are written after the files have been committed.
 *
 * @param files - paths as the user gave them, with their contents
 * @throws the file-system error of the first failure (ENOENT for a missing directory, EACCES,
 *   ENOSPC, EISDIR, …), with the user's path of the file in `outputPath`; nothing has been
 *   changed then, except a device or FIFO already written
 * @example
 * await atomicWriteAll([{ path: "report.md", data: md }, { path: "report-gamma.svg", data: svg }]);
 */
export async function atomicWriteAll(files: readonly OutputFile[]): Promise<void> {
  const targets: Target[] = [];
  for (const f of files) targets.push(await blame(f.path, resolveTarget(f.path)));
  const staged: Staged[] = [];
  try {
    for (let i = 0; i < files.length; i++) {
      const t = targets[i]!;
      if (t.kind === "file") staged.push(await blame(files[i]!.path, stage(files[i]!.path, t, files[i]!.data)));
    }
  } catch (err) {
    await Promise.all(staged.map((s) => rm(s.tmp, { force: true }).catch(() => {})));
    throw err;
  }
  await commit(staged);
  for (let i = 0; i < files.length; i++) {
    const t = targets[i]!;
    if (t.kind === "fd") await blame(files[i]!.path, writeAllTo(t.fd, files[i]!.data));
    else if (t.kind === "stream") await blame(files[i]!.path, writeStream(t.path, files[i]!.data));
  }
}

/** The error of `p`, if any, labelled with the user's path in `outputPath` (the one to name in messages). */
async function blame<T>(path: string, p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err && typeof err === "object" && !("outputPath" in err)) (err as { outputPath?: string }).outputPath = path;
    throw err;
  }
}

/** Rename staged files into place; on a failure put back what was replaced and remove what was new. */
async function commit(staged: Staged[]): Promise<void> {
  if (staged.length === 1) {
    const s = staged[0]!;
    try {
      await blame(s.path, rename(s.tmp, s.target));
    } catch (err) {
      await rm(s.tmp, { force: true }).catch(() => {});
      throw err;
    }
    return;
  }
  const backups = new Map<Staged, string>();
  const done: Staged[] = [];
  try {
    for (const s of staged) {
      if (s.existed) {
        const bak = join(dirname(s.target), `.${basename(s.target)}.${process.pid}.${tempTag()}.bak`);
        await blame(s.path, link(s.target, bak));
        backups.set(s, bak);
      }
    }
    for (const s of staged) {
      await blame(s.path, rename(s.tmp, s.target));
      done.push(s);
    }
  } catch (err) {
    for (const s of done.reverse()) {
      const bak = backups.get(s);
      if (bak !== undefined) await rename(bak, s.target).catch(() => {});
      else await rm(s.target, { force: true }).catch(() => {});
    }
    await Promise.all([...staged.map((s) => rm(s.tmp, { force: true }).catch(() => {})), ...[...backups.values()].map((b) => rm(b, { force: true }).catch(() => {}))]);
    throw err;
  }
  await Promise.all([...backups.values()].map((b) => rm(b, { force: true }).catch(() => {})));
}

/** Write into a character device or FIFO in place (opening a FIFO waits for its reader). */
async function writeStream(path: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(path, constants.O_WRONLY);
  try {
    await handle.writeFile(data);
  } finally {
    await handle.close();
  }
}

/**
 * Write `data` to `path` the safe way for what is there (module notes): atomically for a regular or
 * new file (through symlinks, keeping the mode), in place for a device, FIFO or descriptor path.
 *
 * @param path - the target; its directory must exist
 * @param data - text (written as UTF-8) or bytes
 * @throws the underlying file-system error (ENOENT when the directory is missing, EACCES, EISDIR, …)
 * @example
 * await atomicWrite("report.json", JSON.stringify(result)); // report.json replaced in one step
 * await atomicWrite("/dev/null", "x");                       // written into; /dev/null stays a device
 */
export async function atomicWrite(path: string, data: string | Uint8Array): Promise<void> {
  await atomicWriteAll([{ path, data }]);
}

