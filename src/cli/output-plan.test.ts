import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WRITE_CHUNK } from './output.js';
import { emitOutputs, planOutputs, type OutputFormats } from './output-plan.js';

const KNOWN: OutputFormats<'table' | 'json' | 'sarif'> = { formats: ['table', 'json', 'sarif'], fileNames: { table: 'r.txt', json: 'r.json', sarif: 'r.sarif' }, fallback: 'table', aliases: { text: 'table' } };
const io = () => {
  const out = { stdout: '', stderr: '' };
  const writes: string[] = [];
  return { out, writes, io: { stdout: (s: string) => void (writes.push(s), (out.stdout += s)), stderr: (s: string) => void (out.stderr += s), env: {}, stdoutIsTTY: false, stderrIsTTY: false } };
};

describe('planOutputs', () => {
  it('sends the default format to stdout, and one format to -o FILE', () => {
    expect(planOutputs({}, KNOWN)).toEqual([{ format: 'table' }]);
    expect(planOutputs({ format: 'text', output: 'x.txt' }, KNOWN)).toEqual([{ format: 'table', path: 'x.txt' }]);
  });

  it('puts several formats in -o DIR under their names, and one format too when the path ends with /', () => {
    expect(planOutputs({ format: ['json,sarif'], output: 'out' }, KNOWN)).toEqual([{ format: 'json', path: join('out', 'r.json') }, { format: 'sarif', path: join('out', 'r.sarif') }]);
    expect(planOutputs({ format: 'json', output: 'out/' }, KNOWN)).toEqual([{ format: 'json', path: join('out', 'r.json') }]);
  });

  it('lists each format once, and lets --output-file place one while the rest goes to stdout', () => {
    expect(planOutputs({ format: ['json', 'json,table'], outputFile: ['json=a.json'] }, KNOWN)).toEqual([{ format: 'json', path: 'a.json' }, { format: 'table' }]);
  });
});

describe('emitOutputs', () => {
  it('writes nothing when one format fails to render', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-plan-'));
    const { io: cliIo, out } = io();
    const outputs = planOutputs({ format: 'table,json,sarif', output: `${dir}/` }, KNOWN);
    const render = (f: string) => {
      if (f === 'sarif') throw new Error('sarif renderer bug');
      return `${f}\n`;
    };
    await expect(emitOutputs(cliIo, outputs, render, 'report')).rejects.toThrow('sarif renderer bug');
    expect(readdirSync(dir)).toEqual([]);
    expect(out).toEqual({ stdout: '', stderr: '' });
  });

  it('writes a text given in parts to its file and to stdout part after part, in pieces, never as one string', async () => {
    // Given a JSON output given as 30,000 parts (about 3 MiB) that fail to join as a report too large for one string would
    const dir = mkdtempSync(join(tmpdir(), 'sg-plan-'));
    const { io: cliIo, out, writes } = io();
    const parts = ['[\n', ...Array.from({ length: 30000 }, (_, i) => `${i ? ',\n' : ''}{"finding":${i},"message":"${'m'.repeat(80)} ✓"}`), '\n]\n'];
    const text = parts.join('');
    const unjoinable = Object.assign([...parts], {
      join: () => {
        throw new RangeError('Invalid string length');
      },
    });
    const outputs = planOutputs({ format: 'json,table', outputFile: [`json=${join(dir, 'r.json')}`] }, KNOWN);
    // When emitted: JSON to its file, and (to see stdout too) the same parts as the table on stdout
    await emitOutputs(cliIo, outputs, () => unjoinable, 'report');
    // Then the file and stdout are the parts' text; stdout got it in several writes of about WRITE_CHUNK characters
    expect(readFileSync(join(dir, 'r.json'), 'utf8')).toBe(text);
    expect(out).toEqual({ stdout: text, stderr: `wrote json report to ${join(dir, 'r.json')}\n` });
    expect(writes.length).toBe(Math.ceil(text.length / WRITE_CHUNK));
    expect(Math.max(...writes.map((w) => w.length))).toBeLessThan(WRITE_CHUNK + 200);
  });

  it('writes a format that makes its parts as they are written to each of its files, and prints the same on stdout', async () => {
    // Given a renderer that makes its parts one by one (a generator can be read once), for two files and stdout
    const dir = mkdtempSync(join(tmpdir(), 'sg-plan-'));
    const { io: cliIo, out } = io();
    const parts = ['[\n', ...Array.from({ length: 5000 }, (_, i) => `${i ? ',\n' : ''}{"finding":${i}}`), '\n]\n'];
    const render = function* () {
      yield* parts;
    };
    const outputs = planOutputs({ format: 'json', outputFile: [`json=${join(dir, 'a.json')}`, `json=${join(dir, 'b.json')}`, 'json=-'] }, KNOWN);
    await emitOutputs(cliIo, outputs, render, 'report', true);
    // Then each file and stdout have the whole text
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe(parts.join(''));
    expect(readFileSync(join(dir, 'b.json'), 'utf8')).toBe(parts.join(''));
    expect(out).toEqual({ stdout: parts.join(''), stderr: '' });
  });

  it('writes no file and prints nothing when a renderer fails half-way through the parts of a file or of stdout', async () => {
    for (const failing of ['json', 'table'] as const) {
      // Given the JSON to a file, the table to stdout, one of them failing after 100 parts
      const dir = mkdtempSync(join(tmpdir(), 'sg-plan-'));
      const { io: cliIo, out } = io();
      const render = function* (format: string) {
        for (let i = 0; i < 200; i++) {
          if (format === failing && i === 100) throw new Error(`${format} renderer bug`);
          yield `${format} part ${i}\n`;
        }
      };
      const outputs = planOutputs({ format: 'json,table', outputFile: [`json=${join(dir, 'r.json')}`, `sarif=${join(dir, 'r.sarif')}`] }, KNOWN);
      // When emitted, Then the renderer's error comes out, and there is no file and no output
      await expect(emitOutputs(cliIo, outputs, render, 'report')).rejects.toThrow(`${failing} renderer bug`);
      expect(readdirSync(dir)).toEqual([]);
      expect(out).toEqual({ stdout: '', stderr: '' });
    }
  });
});
