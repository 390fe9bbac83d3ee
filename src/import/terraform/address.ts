/**
 * Terraform addresses: `module.db["eu"].aws_db_instance.reporting[0]` names one instance;
 * without its instance keys (`module.db.aws_db_instance.reporting`) it names the declaration in
 * the configuration, which is what the plan's `configuration` block and its references use.
 */

/** Split on dots outside `[...]` (instance keys may be quoted strings holding dots). */
export function splitAddress(address: string): string[] {
  const parts: string[] = [];
  let current = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < address.length; i++) {
    const c = address[i]!;
    if (quoted) {
      current += c;
      if (c === '\\') current += address[++i] ?? '';
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
    if (c === '.' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

/** A step without its instance key: `reporting[0]` → `reporting`. */
function bare(step: string): string {
  const i = step.indexOf('[');
  return i < 0 ? step : step.slice(0, i);
}

export interface AddressParts {
  /** The module instance (`module.db["eu"]`), or '' for the root module. */
  module: string;
  /** The module's declaration path (`module.db`), or '' for the root module. */
  modulePath: string;
  /** The declaration: module path plus `[data.]type.name`, without instance keys. */
  configAddress: string;
  /** `[data.]type.name` without the module and instance key. */
  local: string;
}

export function parseAddress(address: string): AddressParts {
  const steps = splitAddress(address);
  const moduleSteps: string[] = [];
  let i = 0;
  while (steps[i] === 'module' && i + 1 < steps.length - 1) {
    moduleSteps.push('module', steps[i + 1]!);
    i += 2;
  }
  const rest = steps.slice(i).map(bare);
  const modulePath = moduleSteps.map(bare).join('.');
  const local = rest.join('.');
  return { module: moduleSteps.join('.'), modulePath, configAddress: modulePath ? `${modulePath}.${local}` : local, local };
}

/** The instance key of the resource itself (`[0]`, `["eu"]`), or '' when it has none. */
export function instanceKey(address: string): string {
  const last = splitAddress(address).pop() ?? '';
  const i = last.indexOf('[');
  return i < 0 ? '' : last.slice(i);
}

export function joinPath(modulePath: string, local: string): string {
  return modulePath ? `${modulePath}.${local}` : local;
}
