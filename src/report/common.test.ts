import { describe, expect, it } from 'vitest';
import { RuntimeError } from '../errors.js';
import { joinParts } from './common.js';

describe('joinParts', () => {
  it('joins the parts of a report into its text', () => {
    expect(joinParts(['[\n', '{"a":1}', ',\n{"b":"é"}', '\n]\n'], 'OCSF', 'renderOcsfParts')).toBe('[\n{"a":1},\n{"b":"é"}\n]\n');
  });

  it('says which report is too large for one string, and what writes it, instead of "Invalid string length"', () => {
    // Given parts whose join fails as V8 fails beyond ~2^29 characters (not 512 MiB generated in a test)
    const parts = Object.assign(['a'.repeat(10), 'b'.repeat(5)], {
      join: () => {
        throw new RangeError('Invalid string length');
      },
    });
    // Then the error is one line naming the format, its size and the parts renderer
    expect(() => joinParts(parts, 'OCSF', 'renderOcsfParts')).toThrow(new RuntimeError('the OCSF report (15 characters) is more than one string can hold: write it part by part with renderOcsfParts (the CLI does)'));
  });
});
