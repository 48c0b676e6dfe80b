import { describe, expect, it } from 'vitest';
import { exampleReportInput } from '../../test/helpers/report-input.js';
import { CHECKS } from '../checks/registry.js';
import { REPORT_FORMATS } from './formats.js';
import { RENDERER_PARTS, RENDERERS } from './index.js';
import { loadPartsRenderer } from './load.js';

describe('loadPartsRenderer', () => {
  it("gives OCSF, ASFF and JSON their parts renderer, and the other formats their whole text as one part", async () => {
    expect(Object.keys(RENDERER_PARTS).sort()).toEqual(['asff', 'json', 'ocsf']);
    const input = await exampleReportInput(undefined, CHECKS);
    for (const format of REPORT_FORMATS) {
      const render = await loadPartsRenderer(format);
      const parts = [...render(input)];
      // Then the parts join to the format's string renderer's text, in parts where the format has them
      expect(parts.join(''), format).toBe(RENDERERS[format]!(input));
      if (RENDERER_PARTS[format]) expect(render, format).toBe(RENDERER_PARTS[format]);
      else expect(parts, format).toHaveLength(1);
    }
  });
});
