// Feature flags in the v2 schema (the value of a .appconfig.featureflag/<id> key-value).
// The editor changes only the parts it knows and keeps everything else of the stored JSON as it was,
// so custom filters or fields written by other tools survive an edit from the page.

export const PERCENTAGE = "Microsoft.Percentage";
export const TARGETING = "Microsoft.Targeting";
export const TIME_WINDOW = "Microsoft.TimeWindow";

/** A new flag as the Azure portal creates it. */
export function newFlag(id) {
  return { id, description: "", enabled: false, conditions: { client_filters: [] } };
}

/** Parses a stored value; throws an Error that says what is wrong. */
export function parseFlag(value) {
  let flag;
  try {
    flag = JSON.parse(value);
  } catch (error) {
    throw new Error(`The value is not JSON: ${error.message}`);
  }
  validateFlag(flag);
  return flag;
}

/** Checks the shape the v2 schema requires; throws an Error naming the first wrong field. */
export function validateFlag(flag) {
  const fail = (field, message) => {
    throw new Error(`${field}: ${message}`);
  };
  if (flag === null || typeof flag !== "object" || Array.isArray(flag)) fail("value", "must be a JSON object");
  if (typeof flag.id !== "string" || flag.id.length === 0) fail("id", "must be a non-empty string");
  validateId(flag.id);
  if (flag.enabled !== undefined && typeof flag.enabled !== "boolean") fail("enabled", "must be true or false");
  if (flag.description !== undefined && flag.description !== null && typeof flag.description !== "string") fail("description", "must be a string");
  const conditions = flag.conditions;
  if (conditions !== undefined && conditions !== null) {
    if (typeof conditions !== "object" || Array.isArray(conditions)) fail("conditions", "must be an object");
    const requirement = conditions.requirement_type;
    if (requirement !== undefined && requirement !== "Any" && requirement !== "All") fail("conditions.requirement_type", 'must be "Any" or "All"');
    const filters = conditions.client_filters;
    if (filters !== undefined && filters !== null) {
      if (!Array.isArray(filters)) fail("conditions.client_filters", "must be an array");
      filters.forEach((filter, i) => {
        if (!filter || typeof filter.name !== "string" || !filter.name) fail(`conditions.client_filters[${i}].name`, "must be a non-empty string");
      });
    }
  }
  const variants = flag.variants;
  if (variants !== undefined && variants !== null) {
    if (!Array.isArray(variants)) fail("variants", "must be an array");
    const names = new Set();
    variants.forEach((variant, i) => {
      if (!variant || typeof variant.name !== "string" || !variant.name) fail(`variants[${i}].name`, "must be a non-empty string");
      if (names.has(variant.name)) fail(`variants[${i}].name`, `"${variant.name}" is used twice`);
      names.add(variant.name);
      const override = variant.status_override;
      if (override !== undefined && !["None", "Enabled", "Disabled"].includes(override)) fail(`variants[${i}].status_override`, 'must be "None", "Enabled" or "Disabled"');
    });
  }
  const allocation = flag.allocation;
  if (allocation !== undefined && allocation !== null) {
    if (typeof allocation !== "object" || Array.isArray(allocation)) fail("allocation", "must be an object");
    (allocation.percentile ?? []).forEach((range, i) => {
      for (const end of ["from", "to"]) {
        const bound = range?.[end];
        if (typeof bound !== "number" || bound < 0 || bound > 100) fail(`allocation.percentile[${i}].${end}`, "must be a number from 0 to 100");
      }
      if (range.from > range.to) fail(`allocation.percentile[${i}]`, "from must not be greater than to");
    });
  }
}

/** Ids become part of a key and of configuration paths: refuse what would break either. */
export function validateId(id) {
  if (!id || !id.trim()) throw new Error("id: a feature flag needs a name");
  const bad = id.match(/[%:*,\\\s]/);
  if (bad) throw new Error(`id: "${bad[0] === " " ? "space" : bad[0]}" is not allowed in a feature flag name`);
}

function findFilter(flag, name) {
  return (flag.conditions?.client_filters ?? []).find((filter) => filter.name === name) ?? null;
}

/** The parts of a flag the form edits, as plain values. */
export function toForm(flag) {
  const percentage = findFilter(flag, PERCENTAGE);
  const targeting = findFilter(flag, TARGETING);
  const timeWindow = findFilter(flag, TIME_WINDOW);
  const audience = targeting?.parameters?.Audience ?? {};
  const allocation = flag.allocation ?? {};
  return {
    id: flag.id ?? "",
    displayName: flag.display_name ?? "",
    description: flag.description ?? "",
    enabled: flag.enabled === true,
    requirementType: flag.conditions?.requirement_type ?? "Any",
    percentage: percentage ? { value: Number(percentage.parameters?.Value ?? 0) } : null,
    targeting: targeting
      ? {
          users: [...(audience.Users ?? [])],
          groups: (audience.Groups ?? []).map((group) => ({ name: group.Name ?? "", rolloutPercentage: Number(group.RolloutPercentage ?? 0) })),
          defaultRolloutPercentage: Number(audience.DefaultRolloutPercentage ?? 0),
          excludedUsers: [...(audience.Exclusion?.Users ?? [])],
          excludedGroups: [...(audience.Exclusion?.Groups ?? [])],
        }
      : null,
    timeWindow: timeWindow
      ? {
          start: timeWindow.parameters?.Start ?? "",
          end: timeWindow.parameters?.End ?? "",
          hasRecurrence: timeWindow.parameters?.Recurrence !== undefined,
        }
      : null,
    variants: (flag.variants ?? []).map((variant) => ({
      name: variant.name,
      value: variant.configuration_value === undefined ? "" : JSON.stringify(variant.configuration_value),
      statusOverride: variant.status_override ?? "None",
    })),
    allocation: {
      defaultWhenEnabled: allocation.default_when_enabled ?? "",
      defaultWhenDisabled: allocation.default_when_disabled ?? "",
      users: (allocation.user ?? []).map((entry) => ({ variant: entry.variant ?? "", members: [...(entry.users ?? [])] })),
      groups: (allocation.group ?? []).map((entry) => ({ variant: entry.variant ?? "", members: [...(entry.groups ?? [])] })),
      percentiles: (allocation.percentile ?? []).map((entry) => ({ variant: entry.variant ?? "", from: entry.from, to: entry.to })),
      seed: allocation.seed ?? "",
    },
    telemetryEnabled: flag.telemetry?.enabled === true,
  };
}

/** A number in [0, 100], or an Error naming the field. */
function percent(value, field) {
  const number = Number(value);
  if (value === "" || value === null || !Number.isFinite(number) || number < 0 || number > 100) {
    throw new Error(`${field}: must be a number from 0 to 100`);
  }
  return number;
}

/** A variant's configuration value: JSON when it parses, otherwise the text as a string. */
function configurationValue(text) {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function setOrDelete(target, name, value, keep) {
  if (keep) target[name] = value;
  else delete target[name];
}

/** Applies the form's values to a copy of the flag, keeping every field and filter the form does not show. */
export function fromForm(original, form) {
  validateId(form.id);
  const flag = structuredClone(original);
  flag.id = form.id;
  flag.enabled = form.enabled;
  flag.description = form.description;
  setOrDelete(flag, "display_name", form.displayName, form.displayName !== "");

  const known = new Set([PERCENTAGE, TARGETING, TIME_WINDOW]);
  const others = (flag.conditions?.client_filters ?? []).filter((filter) => !known.has(filter.name));
  const filters = [];
  if (form.percentage) {
    filters.push({ name: PERCENTAGE, parameters: { Value: percent(form.percentage.value, "Percentage filter") } });
  }
  if (form.targeting) {
    const t = form.targeting;
    filters.push({
      name: TARGETING,
      parameters: {
        Audience: {
          Users: t.users,
          Groups: t.groups.map((group, i) => {
            if (!group.name) throw new Error(`Targeting group ${i + 1}: needs a name`);
            return { Name: group.name, RolloutPercentage: percent(group.rolloutPercentage, `Targeting group "${group.name}" rollout`) };
          }),
          DefaultRolloutPercentage: percent(t.defaultRolloutPercentage, "Default rollout percentage"),
          Exclusion: { Users: t.excludedUsers, Groups: t.excludedGroups },
        },
      },
    });
  }
  if (form.timeWindow) {
    const previous = findFilter(original, TIME_WINDOW)?.parameters ?? {};
    const parameters = { ...previous };
    setOrDelete(parameters, "Start", form.timeWindow.start, form.timeWindow.start !== "");
    setOrDelete(parameters, "End", form.timeWindow.end, form.timeWindow.end !== "");
    if (!parameters.Start && !parameters.End) throw new Error("Time window: give a start, an end or both");
    filters.push({ name: TIME_WINDOW, parameters });
  }
  flag.conditions = { ...(flag.conditions ?? {}), client_filters: [...filters, ...others] };
  if (form.requirementType === "All" || flag.conditions.requirement_type !== undefined) {
    flag.conditions.requirement_type = form.requirementType;
  }

  const previousVariants = new Map((original.variants ?? []).map((variant) => [variant.name, variant]));
  const variants = form.variants.map((row, i) => {
    if (!row.name) throw new Error(`Variant ${i + 1}: needs a name`);
    const variant = { ...(previousVariants.get(row.name) ?? {}), name: row.name };
    setOrDelete(variant, "configuration_value", configurationValue(row.value), row.value !== "");
    setOrDelete(variant, "status_override", row.statusOverride, row.statusOverride !== "None");
    return variant;
  });
  setOrDelete(flag, "variants", variants, variants.length > 0);

  const a = form.allocation;
  const allocation = { ...(flag.allocation ?? {}) };
  setOrDelete(allocation, "default_when_enabled", a.defaultWhenEnabled, a.defaultWhenEnabled !== "");
  setOrDelete(allocation, "default_when_disabled", a.defaultWhenDisabled, a.defaultWhenDisabled !== "");
  setOrDelete(allocation, "user", a.users.map((row) => ({ variant: row.variant, users: row.members })), a.users.length > 0);
  setOrDelete(allocation, "group", a.groups.map((row) => ({ variant: row.variant, groups: row.members })), a.groups.length > 0);
  setOrDelete(
    allocation,
    "percentile",
    a.percentiles.map((row, i) => ({ variant: row.variant, from: percent(row.from, `Percentile ${i + 1} from`), to: percent(row.to, `Percentile ${i + 1} to`) })),
    a.percentiles.length > 0,
  );
  setOrDelete(allocation, "seed", a.seed, a.seed !== "");
  setOrDelete(flag, "allocation", allocation, Object.keys(allocation).length > 0);

  if (form.telemetryEnabled || flag.telemetry !== undefined) {
    flag.telemetry = { ...(flag.telemetry ?? {}), enabled: form.telemetryEnabled };
  }
  validateFlag(flag);
  return flag;
}

const count = (n, noun) => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** One line that says what decides the flag, for the list. */
export function describeConditions(flag) {
  const parts = (flag.conditions?.client_filters ?? []).map((filter) => {
    switch (filter.name) {
      case PERCENTAGE:
        return `${filter.parameters?.Value ?? 0} %`;
      case TARGETING: {
        const audience = filter.parameters?.Audience ?? {};
        return `targeting (${count((audience.Users ?? []).length, "user")}, ${count((audience.Groups ?? []).length, "group")}, default ${audience.DefaultRolloutPercentage ?? 0} %)`;
      }
      case TIME_WINDOW:
        return "time window";
      default:
        return filter.name;
    }
  });
  if ((flag.variants ?? []).length > 0) parts.push(count(flag.variants.length, "variant"));
  return parts.join(", ");
}
