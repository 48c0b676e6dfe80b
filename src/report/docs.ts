/**
 * Where a check is documented. docs/ ships in the npm package (package.json `files`), so these pages exist wherever
 * supportguard is installed; test/package.test.ts fails when a page the code names is not in the packed file list.
 */

/** The page of a check, relative to the package root (and to the source tree). */
export const checkDocsPath = (checkId: string): string => `docs/checks/${checkId}.md`;

/**
 * A `file:` URL of a page in the installed package's docs/: src/report/ and dist/report/ both sit two levels below the
 * package root. It opens on the machine that wrote the report (SARIF viewers in editors follow it); elsewhere the
 * package-relative path in the rule's help text says where to find the page.
 */
export const docsUri = (path: string): string => new URL(`../../${path}`, import.meta.url).href;
