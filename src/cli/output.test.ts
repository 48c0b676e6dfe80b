import { spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, readdir, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RuntimeError } from '../errors.js';
import { textChunks, WRITE_CHUNK, writeFileAtomic, writeFilesAtomic } from './output.js';

/** A named pipe in a new folder, with a reader waiting on it that resolves to all it received. */
async function fifoWithReader(): Promise<{ dir: string; fifo: string; received: Promise<string> }> {
  const dir = await mkdtemp(join(tmpdir(), 'sg-out-'));
  const fifo = join(dir, 'pipe');
  expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
  const received = new Promise<string>((resolve, reject) => {
    let text = '';
    createReadStream(fifo, 'utf8')
      .on('data', (d) => (text += d))
      .on('end', () => resolve(text))
      .on('error', reject);
  });
  return { dir, fifo, received };
}

describe('writeFileAtomic', () => {
  it('keeps the mode of the file it replaces: a 0600 report stays 0600', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sg-out-'));
    const path = join(dir, 'r.json');
    await writeFile(path, 'old', { mode: 0o600 });
    await writeFileAtomic(path, 'new');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readFile(path, 'utf8')).toBe('new');
  });

  it('removes temporary files a killed run left beside the target, and not those of a run still going', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sg-out-'));
    const path = join(dir, 'r.json');
    // Given a run killed mid-write (its pid is gone) and one still running (pid 1 always is)
    await writeFile(join(dir, 'r.json.999999999.tmp'), 'half a report');
    await writeFile(join(dir, 'r.json.1.tmp'), 'being written');
    await writeFile(join(dir, 'other.json.999999999.tmp'), 'not ours');
    await writeFileAtomic(path, 'new');
    expect((await readdir(dir)).sort()).toEqual(['other.json.999999999.tmp', 'r.json', 'r.json.1.tmp']);
  });

  it('replaces a regular file whole and leaves no temporary file behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sg-out-'));
    const path = join(dir, 'r.json');
    await writeFile(path, 'old');
    await writeFileAtomic(path, 'new');
    expect(await readFile(path, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['r.json']);
  });

  it('writes into a named pipe instead of renaming a plain file over it (as `-o /dev/null` or /dev/stdout would be)', async () => {
    // Given a FIFO with a reader waiting on it
    const { dir, fifo, received } = await fifoWithReader();
    // When a report is written to it
    await writeFileAtomic(fifo, 'report\n');
    // Then the reader gets the report and the pipe is still a pipe
    expect(await received).toBe('report\n');
    expect((await stat(fifo)).isFIFO()).toBe(true);
    expect(await readdir(dir)).toEqual(['pipe']);
  });

  it('follows a symbolic link and replaces the file it points to, keeping the link', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sg-out-'));
    await writeFile(join(dir, 'real.json'), 'old');
    await symlink(join(dir, 'real.json'), join(dir, 'link.json'));
    await writeFileAtomic(join(dir, 'link.json'), 'new');
    expect(await readFile(join(dir, 'real.json'), 'utf8')).toBe('new');
    await expect(readlink(join(dir, 'link.json'))).resolves.toBe(join(dir, 'real.json'));
  });

  it('refuses a folder with one line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sg-out-'));
    await expect(writeFileAtomic(dir, 'x')).rejects.toEqual(new RuntimeError(`cannot write ${dir}: it is a folder`));
  });

  it('says "cannot write" in one line when a file stands where a folder of the path should be (not an internal error)', async () => {
    // Given a regular file, and a report path that goes through it as if it were a folder
    const dir = await mkdtemp(join(tmpdir(), 'sg-out-'));
    await writeFile(join(dir, 'plain'), 'x');
    const path = join(dir, 'plain', 'sub', 'report.json');
    // When written (alone, or as one of several outputs), Then the write fails as a RuntimeError naming the path
    await expect(writeFileAtomic(path, 'x')).rejects.toEqual(new RuntimeError(`cannot write ${path}: ENOTDIR`));
    await expect(writeFilesAtomic([{ path: join(dir, 'ok.json'), content: 'x' }, { path, content: 'x' }])).rejects.toEqual(new RuntimeError(`cannot write ${path}: ENOTDIR`));
    // and the other output was not left behind
    expect((await readdir(dir)).sort()).toEqual(['plain']);
  });
});

/** Parts as a report renderer gives them: many, of varied sizes, with multi-byte and astral characters, one longer than a piece and than the file buffer (4 MiB of UTF-8). */
function manyParts(): string[] {
  const parts = ['[\n'];
  for (let i = 0; i < 12000; i++) parts.push(`${i ? ',\n' : ''}{"i":${i},"name":"rôle-${i} 🛟 ${'x'.repeat(i % 700)}"}`);
  parts.push(`,\n"${'é'.repeat(2 * WRITE_CHUNK + 3)}"`, '\n]\n');
  return parts;
}

/** The parts, with a join that fails as V8 does beyond ~2^29 characters: what a report too large for one string is like. */
function tooLargeToJoin(parts: string[]): string[] {
  return Object.assign([...parts], {
    join: () => {
      throw new RangeError('Invalid string length');
    },
  });
}

describe('writing a text in parts', () => {
  it('cuts the parts into pieces of about WRITE_CHUNK characters, whole parts each, that make the text', () => {
    // Given 12,002 parts (about 5 MiB of characters), one of them longer than a piece
    const parts = manyParts();
    const text = parts.join('');
    const longest = Math.max(...parts.map((p) => p.length));
    // When cut into pieces
    const pieces = [...textChunks(parts)];
    // Then the pieces are the text, in order, each at least WRITE_CHUNK long but the last, and at most one part more
    expect(pieces.join('')).toBe(text);
    expect(pieces.length).toBeGreaterThanOrEqual(5);
    expect(pieces.slice(0, -1).every((p) => p.length >= WRITE_CHUNK)).toBe(true);
    expect(pieces.every((p) => p.length < WRITE_CHUNK + longest)).toBe(true);
    expect([...textChunks('whole')]).toEqual(['whole']);
    expect([...textChunks([])]).toEqual([]);
  });

  it('writes a report given in parts whose join fails (too large for one string): the file is the parts one after the other', async () => {
    // Given parts that cannot be joined into one string
    const dir = await mkdtemp(join(tmpdir(), 'sg-out-'));
    const parts = manyParts();
    const path = join(dir, 'supportguard.ocsf.json');
    await writeFile(path, 'last week', { mode: 0o640 });
    // When written atomically, alone and beside another file
    await writeFileAtomic(path, tooLargeToJoin(parts));
    // Then the file holds exactly the parts' text (UTF-8), keeps its mode, and no temporary file is left
    expect(await readFile(path, 'utf8')).toBe(parts.join(''));
    expect((await stat(path)).mode & 0o777).toBe(0o640);
    await writeFilesAtomic([{ path: join(dir, 'a.json'), content: tooLargeToJoin(parts) }, { path: join(dir, 'b.txt'), content: 'table\n' }]);
    expect(await readFile(join(dir, 'a.json'), 'utf8')).toBe(parts.join(''));
    expect((await readdir(dir)).sort()).toEqual(['a.json', 'b.txt', 'supportguard.ocsf.json']);
  });

  it('writes parts into a named pipe too, in order, made as they are asked for', async () => {
    const { fifo, received } = await fifoWithReader();
    const parts = manyParts();
    await writeFileAtomic(fifo, (function* () {
      yield* parts;
    })());
    expect(await received).toBe(parts.join(''));
    expect((await stat(fifo)).isFIFO()).toBe(true);
  });

  it('writes parts a renderer makes as they are written, and undoes the write when it fails half-way', async () => {
    // Given a report file from last week, and a renderer that makes its parts one by one
    const dir = await mkdtemp(join(tmpdir(), 'sg-out-'));
    const path = join(dir, 'supportguard.ocsf.json');
    await writeFile(path, 'last week');
    const parts = manyParts();
    let made = 0;
    const lazily = function* (failAt?: number) {
      for (const [i, p] of parts.entries()) {
        if (i === failAt) throw new Error('renderer bug at part 9000');
        made++;
        yield p;
      }
    };
    // When it succeeds, Then the file is its text, made part by part
    await writeFileAtomic(path, lazily());
    expect(made).toBe(parts.length);
    expect(await readFile(path, 'utf8')).toBe(parts.join(''));
    // When it fails after 9,000 parts (megabytes already in the temporary file), alone or beside another report
    await writeFile(path, 'last week');
    const bug = writeFileAtomic(path, lazily(9000));
    await expect(bug).rejects.toThrow(new Error('renderer bug at part 9000'));
    await expect(writeFilesAtomic([{ path: join(dir, 'r.sarif'), content: 'sarif' }, { path, content: lazily(9000) }])).rejects.toThrow('renderer bug at part 9000');
    // Then the renderer's own error is thrown (not "cannot write"), the old report stays, and nothing else is left
    await bug.catch((e: unknown) => expect(e).not.toBeInstanceOf(RuntimeError));
    expect(await readFile(path, 'utf8')).toBe('last week');
    expect(await readdir(dir)).toEqual(['supportguard.ocsf.json']);
  });
});
