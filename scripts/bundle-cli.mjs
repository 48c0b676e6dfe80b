/* global process, URL */
// Writes dist/bundle/cli.cjs (the CLI in one CommonJS file) and dist/bundle/cli.cjs.v8cache (its V8 code cache), after
// tsc has written dist/. Part of `npm run build`. src/cli/main.ts, the installed command, runs them; see there why.
// - Input is the compiled dist/cli/entry.js, so the bundle is the same JavaScript tsc wrote, one module after another.
// - The AWS SDK and Smithy stay outside: only the commands that call AWS load them, with require().
// - dist/bundle/ sits two folders below the package root like dist/<module>/, so `new URL('../../data/…',
//   import.meta.url)` finds data/, docs/ and schema/ from the bundle too.
// - The code cache is taken after running the commands most runs start with, in this process, so it holds the
//   functions they compile as well as the top level. It fits only the Node (V8) that wrote it; another one compiles
//   from the source (src/cli/bundle-loader.ts).
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = `${root}dist/bundle`;
const outfile = `${outDir}/cli.cjs`;
const shim = `${outDir}/import-meta-url.mjs`;
const validatorSource = `${root}schema/supportguard.validate.mjs`;

/** The config validator's import, resolved to the separate dist/bundle/validate.cjs. */
const validatorOnItsOwn = {
  name: 'validator-on-its-own',
  setup(b) {
    b.onResolve({ filter: /supportguard\.validate\.mjs$/ }, () => ({ path: './validate.cjs', external: true }));
  },
};

mkdirSync(outDir, { recursive: true });
// esbuild gives `import.meta` no value in CommonJS; the bundle's own file URL is what every use of it needs.
writeFileSync(shim, "export const importMetaUrl = require('node:url').pathToFileURL(__filename).href;\n");
try {
  await build({
    entryPoints: [`${root}dist/cli/entry.js`],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // The AWS SDK, Smithy and the YAML parser (a config file only) load when used, with require(); so does the
    // precompiled config validator, bundled on its own below (it is an ES module, which require() on Node 20 cannot
    // load, hence its own CommonJS file). Every megabyte of the bundle costs ~10 ms to read and compile at each start.
    external: ['@aws-sdk/*', '@smithy/*', 'yaml', './validate.cjs'],
    plugins: [validatorOnItsOwn],
    define: { 'import.meta.url': 'importMetaUrl' },
    inject: [shim],
    // Minified (a smaller file to read and compile at every start); class and function names stay what they are in
    // dist/ (error names). SUPPORTGUARD_DEBUG runs the unbundled dist/ instead, for stacks that name files and lines.
    minify: true,
    keepNames: true,
    // import() of what stays outside becomes require(): the bundle runs as a vm.Script, whose import() would need a
    // loader callback that V8's code cache does not keep.
    supported: { 'dynamic-import': false },
    legalComments: 'eof',
    logLevel: 'warning',
  });
  await build({ entryPoints: [validatorSource], outfile: `${outDir}/validate.cjs`, bundle: true, format: 'cjs', platform: 'node', target: 'node20', minify: true, logLevel: 'warning' });
} finally {
  rmSync(shim, { force: true });
}

// The code cache: run what most invocations run, then take the cache with what they compiled.
const { loadBundle } = await import(`${root}dist/cli/bundle-loader.js`);
const loaded = loadBundle(outfile);
const quiet = { stdout: () => {}, stderr: () => {}, env: {}, stdoutIsTTY: false, stderrIsTTY: false };
const runs = [
  ['--version'],
  ['--help'],
  ['audit', '--help'],
  ['checks'],
  ['audit', 'examples/accounts/111111111111-support-role.json', '--exit-zero', '--no-config'],
  ['audit', 'examples/accounts', '--exit-zero', '--no-config', '-f', 'json'],
];
const cwd = process.cwd();
process.chdir(root);
try {
  for (const argv of runs) {
    const code = await loaded.cli.runCli(argv, quiet);
    if (code !== 0) throw new Error(`bundle-cli: \`supportguard ${argv.join(' ')}\` exited ${code} while warming the code cache`);
  }
} finally {
  process.chdir(cwd);
}
writeFileSync(`${outfile}.v8cache`, loaded.createCache());
