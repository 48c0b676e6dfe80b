import { statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';
import type { CliIo } from './context.js';
import { parseFormat } from './flags.js';
import { madeText, textChunks, writeFilesAtomic, type ReportText } from './output.js';

/**
 * Where each format of a run goes, from `-f/--format` (a comma list, repeatable: the lists add up), `-o/--output` (a
 * file for one format; a folder, one file per format, for several or when it ends with `/` or is a folder) and
 * `--output-file FORMAT=PATH` (repeatable; `-` is stdout). At most one output goes to stdout.
 */

/** One output of a run: `path` undefined is stdout. */
export interface PlannedOutput<F extends string> {
  format: F;
  path?: string;
}

/** The output flags as commander hands them over (a config file may give `format` as a string or a list). */
export interface OutputFlags {
  format?: string | string[];
  output?: string;
  outputFile?: string[];
}

/** What a command knows: its formats, the file name of each in an `-o DIR/` folder, its default format. */
export interface OutputFormats<F extends string> {
  formats: readonly F[];
  fileNames: Record<F, string>;
  fallback: F;
  /** Older names still accepted (`text` for `table`). */
  aliases?: Record<string, F>;
}

/** The formats of `-f` in the order given, each once. */
export function parseFormats<F extends string>(value: string | string[] | undefined, known: OutputFormats<F>): F[] {
  const words = (value === undefined ? [] : Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).map((w) => w.trim());
  if (words.some((w) => w === '')) throw new UsageError(`--format "${[value].flat().join(',')}" has an empty entry (one of: ${known.formats.join(', ')}, comma-separated)`);
  const formats = words.map((w) => parseFormat(w, known.formats, known.aliases));
  return formats.length ? [...new Set(formats)] : [known.fallback];
}

const isFolder = (path: string) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** Turns the output flags into the list of outputs, refusing with one line what cannot be done as asked. */
export function planOutputs<F extends string>(flags: OutputFlags, known: OutputFormats<F>): PlannedOutput<F>[] {
  const formats = parseFormats(flags.format, known);
  const outputs: PlannedOutput<F>[] = [];
  for (const spec of flags.outputFile ?? []) {
    const eq = spec.indexOf('=');
    if (eq <= 0 || eq === spec.length - 1) throw new UsageError(`--output-file "${spec}" must be FORMAT=PATH (e.g. sarif=supportguard.sarif; PATH - is stdout)`);
    const format = parseFormat(spec.slice(0, eq).trim(), known.formats, known.aliases);
    const path = spec.slice(eq + 1);
    outputs.push({ format, path: path === '-' ? undefined : path });
  }
  // -f formats that --output-file does not already place go to -o, or to stdout.
  const placed = formats.filter((f) => !outputs.some((o) => o.format === f));
  if (flags.output !== undefined) {
    if (placed.length === 0) throw new UsageError(`-o ${flags.output} has nothing to write: every format given has its own --output-file`);
    const folder = flags.output.endsWith('/') || flags.output.endsWith(sep) || isFolder(flags.output);
    if (placed.length > 1 && !folder) {
      let existingFile = false;
      try {
        existingFile = statSync(flags.output).isFile();
      } catch {
        existingFile = false;
      }
      if (existingFile) throw new UsageError(`-o ${flags.output} is a file, but ${placed.length} formats (${placed.join(', ')}) need a folder: give -o DIR/ or --output-file FORMAT=PATH`);
    }
    if (folder || placed.length > 1) for (const f of placed) outputs.push({ format: f, path: join(flags.output, known.fileNames[f]) });
    else outputs.push({ format: placed[0]!, path: flags.output });
  } else for (const f of placed) outputs.push({ format: f });
  const toStdout = outputs.filter((o) => o.path === undefined);
  if (toStdout.length > 1) {
    throw new UsageError(`only one output can go to stdout, not ${toStdout.map((o) => o.format).join(' and ')}: give -o DIR/ or --output-file FORMAT=PATH for the others`);
  }
  const seen = new Map<string, F>();
  for (const o of outputs) {
    if (o.path === undefined) continue;
    const key = resolve(o.path);
    const other = seen.get(key);
    if (other !== undefined) throw new UsageError(`${o.path} is given for both ${other} and ${o.format}: each output needs its own file`);
    seen.set(key, o.format);
  }
  return outputs;
}

/** Lists built by `collect` from the command line (not a default or a config value, which the first flag replaces). */
const fromCommandLine = new WeakSet<string[]>();

/**
 * Commander's argument parser for a repeatable list flag (`-f`, `--output-file`, `--severity`, `--status`): each use adds
 * to the list, so `-f json -f sarif` is both formats, never silently the last one. A default or a config value is
 * replaced by the first flag on the command line, not added to.
 */
export function collect(value: string, previous: unknown): string[] {
  const list = Array.isArray(previous) && fromCommandLine.has(previous as string[]) ? [...(previous as string[]), value] : [value];
  fromCommandLine.add(list);
  return list;
}

/**
 * Renders every planned output, then writes the files (all or none) and prints the one stdout output. A format that
 * fails to render leaves no file behind and prints nothing. `what` names the content in the "wrote …" notes on stderr
 * (`report`, `drill report`, `KPIs`), which `quiet` leaves out.
 *
 * A text in parts (a large OCSF, ASFF or JSON report) is never made into one string (V8 holds at most ~512 MiB in one):
 * a file gets each part as the renderer makes it (one event at a time in memory, not the whole report); stdout, which
 * cannot be taken back, gets the parts once they are all made, in pieces of about WRITE_CHUNK characters.
 */
export async function emitOutputs<F extends string>(io: CliIo, outputs: readonly PlannedOutput<F>[], render: (format: F, toStdout: boolean) => ReportText, what: string, quiet = false): Promise<void> {
  // stdout first: its text is made before any file is written, so that a failure there writes nothing.
  const stdout = outputs.filter((x) => x.path === undefined).map((x) => ({ ...x, text: madeText(render(x.format, true)) }));
  // A text made as it is written can be written once: each file renders its own (the same format twice is rare).
  const made = new Map<F, ReportText>();
  const textOf = (format: F): ReportText => {
    const known = made.get(format);
    if (known !== undefined) return known;
    const text = render(format, false);
    if (typeof text === 'string' || Array.isArray(text)) made.set(format, text);
    return text;
  };
  const files = outputs.filter((x): x is typeof x & { path: string } => x.path !== undefined).map((x) => ({ ...x, text: textOf(x.format) }));
  await writeFilesAtomic(files.map((x) => ({ path: x.path, content: x.text })));
  if (!quiet) for (const x of files) io.stderr(`wrote ${x.format} ${what} to ${x.path}\n`);
  for (const x of stdout) for (const chunk of textChunks(x.text)) io.stdout(chunk);
}
