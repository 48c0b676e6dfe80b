import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitOutputs, planOutputs, type OutputFormats } from './output-plan.js';

const KNOWN: OutputFormats<'table' | 'json' | 'sarif'> = { formats: ['table', 'json', 'sarif'], fileNames: { table: 'r.txt', json: 'r.json', sarif: 'r.sarif' }, fallback: 'table', aliases: { text: 'table' } };
const io = () => {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s), env: {}, stdoutIsTTY: false, stderrIsTTY: false } };
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
});
