// Import and export of feature flags in the two file shapes people already have:
//  - the KVSet profile of `az appconfig kv export` ({"items":[{key,value,label,content_type,tags}]}), which
//    keeps labels and tags;
//  - the `feature_management` section of an appsettings.json ({"feature_management":{"feature_flags":[...]}}),
//    the default profile's layout of feature flags, which has no labels (for import, also the older
//    .NET "FeatureManagement" section).
import { FEATURE_FLAG_CONTENT_TYPE, FEATURE_FLAG_PREFIX } from "./api.js";
import { validateFlag } from "./flag-model.js";

/** The listed flag key-values as the KVSet file `az appconfig kv export --profile appconfig/kvset` writes. */
export function exportKeyValueSet(keyValues) {
  return {
    items: keyValues.map((kv) => ({
      key: kv.key,
      value: kv.value,
      label: kv.label ?? null,
      content_type: kv.content_type ?? FEATURE_FLAG_CONTENT_TYPE,
      tags: kv.tags ?? {},
    })),
  };
}

/** The listed flags as the feature_management section of an appsettings.json (one entry per id). */
export function exportAppSettings(keyValues) {
  const byId = new Map();
  for (const kv of keyValues) {
    const flag = JSON.parse(kv.value);
    if (!byId.has(flag.id)) byId.set(flag.id, flag);
  }
  return { feature_management: { feature_flags: [...byId.values()] } };
}

function fromFlag(flag, label, where) {
  try {
    validateFlag(flag);
  } catch (error) {
    throw new Error(`${where}: ${error.message}`);
  }
  return { key: FEATURE_FLAG_PREFIX + flag.id, label, value: JSON.stringify(flag), contentType: FEATURE_FLAG_CONTENT_TYPE, tags: {} };
}

/**
 * Reads an export file. Returns { entries: [{key,label,value,contentType,tags}], skipped } where skipped
 * counts key-values of a KVSet file that are not feature flags. Throws an Error that says what is wrong.
 * labelForUnlabelled: the label given to flags from an appsettings file (which has none).
 */
export function parseImport(text, labelForUnlabelled) {
  let document;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new Error(`The file is not JSON: ${error.message}`);
  }
  if (Array.isArray(document?.items)) {
    const entries = [];
    let skipped = 0;
    document.items.forEach((item, i) => {
      if (typeof item?.key !== "string" || !item.key.startsWith(FEATURE_FLAG_PREFIX)) {
        skipped++;
        return;
      }
      let flag;
      try {
        flag = JSON.parse(item.value);
      } catch {
        throw new Error(`items[${i}] (${item.key}): the value is not JSON`);
      }
      const entry = fromFlag(flag, item.label ?? null, `items[${i}] (${item.key})`);
      if (entry.key !== item.key) throw new Error(`items[${i}]: key ${item.key} does not match the flag id "${flag.id}"`);
      entry.tags = item.tags ?? {};
      entries.push(entry);
    });
    return { entries, skipped };
  }
  const section = document?.feature_management ?? document;
  const flags = Array.isArray(section) ? section : section?.feature_flags;
  if (Array.isArray(flags)) {
    return { entries: flags.map((flag, i) => fromFlag(flag, labelForUnlabelled, `feature_flags[${i}]`)), skipped: 0 };
  }
  const legacy = document?.FeatureManagement;
  if (legacy && typeof legacy === "object" && !Array.isArray(legacy)) {
    return { entries: Object.entries(legacy).map(([id, definition]) => fromFlag(fromLegacy(id, definition), labelForUnlabelled, `FeatureManagement.${id}`)), skipped: 0 };
  }
  throw new Error(
    'Expected a KVSet export ({"items":[...]}), an appsettings.json with "feature_management": {"feature_flags": [...]}, or the older "FeatureManagement" section',
  );
}

// Short filter names of the older .NET schema and the names the v2 schema (and the form) use.
const BUILT_IN_FILTERS = { percentage: "Microsoft.Percentage", timewindow: "Microsoft.TimeWindow", targeting: "Microsoft.Targeting" };

/**
 * A flag of the older "FeatureManagement" section ({"Beta": true} or {"Beta": {"EnabledFor": [...]}}) in the
 * v2 schema: true/false is enabled/disabled; EnabledFor filters become client_filters (an AlwaysOn filter means
 * no condition at all); a flag with no filters is off, as Microsoft.FeatureManagement evaluates it.
 */
function fromLegacy(id, definition) {
  if (typeof definition === "boolean") return { id, enabled: definition, conditions: { client_filters: [] } };
  if (definition === null || typeof definition !== "object" || Array.isArray(definition)) {
    throw new Error(`FeatureManagement.${id}: expected true, false or an object with EnabledFor`);
  }
  const filters = definition.EnabledFor ?? definition.enabled_for ?? [];
  if (!Array.isArray(filters)) throw new Error(`FeatureManagement.${id}.EnabledFor: must be an array`);
  const alwaysOn = filters.some((filter) => String(filter?.Name ?? filter?.name ?? "").toLowerCase().replace(/^microsoft\./, "") === "alwayson");
  const clientFilters = alwaysOn
    ? []
    : filters.map((filter, i) => {
        const name = filter?.Name ?? filter?.name;
        if (typeof name !== "string" || !name) throw new Error(`FeatureManagement.${id}.EnabledFor[${i}].Name: must be a non-empty string`);
        const parameters = filter.Parameters ?? filter.parameters;
        return { name: BUILT_IN_FILTERS[name.toLowerCase()] ?? name, ...(parameters === undefined ? {} : { parameters }) };
      });
  const requirement = definition.RequirementType ?? definition.requirement_type;
  return {
    id,
    enabled: filters.length > 0,
    conditions: { client_filters: clientFilters, ...(requirement === undefined ? {} : { requirement_type: requirement }) },
  };
}
