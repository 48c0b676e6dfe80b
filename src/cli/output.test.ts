import { spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, readdir, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RuntimeError } from '../errors.js';
import { writeFileAtomic, writeFilesAtomic } from './output.js';

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
