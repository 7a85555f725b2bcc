// The portal page: lists, toggles, edits, imports and exports feature flags through the emulator's
// REST API. Every write carries the ETag it started from, so a stale edit is refused (412) and shown.
import { ApiError, AppConfigurationClient, FEATURE_FLAG_CONTENT_TYPE, FEATURE_FLAG_PREFIX, NO_LABEL } from "./api.js";
import { describeConditions, fromForm, newFlag, parseFlag, toForm, validateFlag } from "./flag-model.js";
import { exportAppSettings, exportKeyValueSet, parseImport } from "./transfer.js";

const $ = (id) => document.getElementById(id);

const state = {
  client: null,
  entries: [], // { kv, flag, error }
  labelFilter: "*",
  editing: null, // { kv (null for a new flag), flag }
  tab: "form",
};

// ---- messages ----

function show(element, text, isError) {
  element.textContent = text;
  element.classList.toggle("error", Boolean(isError));
  element.hidden = false;
}

function showMessage(text, isError = false) {
  show($("message"), text, isError);
}

function labelText(label) {
  return label === null || label === undefined ? "(no label)" : label;
}

function conflictText(id, label) {
  return `Conflict: feature flag "${id}" (${labelText(label)}) was changed by someone else since you loaded it (HTTP 412 Precondition Failed). Your change was not saved. Reload to see the latest version.`;
}

function errorText(error) {
  return error instanceof ApiError ? error.message : `Error: ${error.message}`;
}

// ---- list ----

async function loadLabels() {
  const select = $("label-filter");
  const labels = await state.client.listLabels();
  select.replaceChildren();
  const add = (value, text) => select.append(new Option(text, value, false, value === state.labelFilter));
  add("*", "(all labels)");
  add(NO_LABEL, "(no label)");
  for (const label of labels.filter((name) => name !== null).sort()) {
    add(label, label);
  }
  if (![...select.options].some((option) => option.value === state.labelFilter)) {
    add(state.labelFilter, state.labelFilter);
  }
  select.value = state.labelFilter;
}

async function loadFlags() {
  const keyValues = await state.client.listFeatureFlags(state.labelFilter);
  state.entries = keyValues
    .map((kv) => {
      try {
        return { kv, flag: parseFlag(kv.value), error: null };
      } catch (error) {
        return { kv, flag: null, error: error.message };
      }
    })
    .sort((a, b) => a.kv.key.localeCompare(b.kv.key) || (a.kv.label ?? "").localeCompare(b.kv.label ?? ""));
  renderFlags();
}

async function refresh() {
  try {
    await loadLabels();
    await loadFlags();
  } catch (error) {
    showMessage(errorText(error), true);
  }
}

function matchesSearch(entry, search) {
  if (!search) return true;
  const haystack = [entry.kv.key.slice(FEATURE_FLAG_PREFIX.length), entry.kv.label, entry.flag?.description, entry.flag?.display_name]
    .filter(Boolean)
    .join("\n")
    .toLowerCase();
  return haystack.includes(search);
}

function button(text, testId, onClick, className) {
  const element = document.createElement("button");
  element.type = "button";
  element.textContent = text;
  element.dataset.testid = testId;
  if (className) element.className = className;
  element.addEventListener("click", onClick);
  return element;
}

function cell(content) {
  const td = document.createElement("td");
  if (content instanceof Node) td.append(content);
  else td.textContent = content ?? "";
  return td;
}

function renderFlags() {
  const search = $("search").value.trim().toLowerCase();
  const rows = state.entries.filter((entry) => matchesSearch(entry, search)).map(renderRow);
  $("flag-rows").replaceChildren(...rows);
  $("empty").hidden = rows.length > 0;
}

function renderRow(entry) {
  const id = entry.flag?.id ?? entry.kv.key.slice(FEATURE_FLAG_PREFIX.length);
  const tr = document.createElement("tr");
  tr.dataset.testid = "flag-row";
  tr.dataset.flagId = id;
  tr.dataset.label = entry.kv.label ?? "";

  const toggle = document.createElement("input");
  toggle.type = "checkbox";
  toggle.className = "switch";
  toggle.setAttribute("role", "switch");
  toggle.dataset.testid = "toggle";
  toggle.setAttribute("aria-label", `Enable ${id}`);
  toggle.checked = entry.flag?.enabled === true;
  toggle.disabled = entry.flag === null || entry.kv.locked === true;
  toggle.addEventListener("change", () => toggleFlag(entry, toggle));

  const name = button(entry.flag?.display_name || id, "open", () => openEditor(entry));
  name.classList.add("link");
  const conditions = entry.error ? `Invalid value: ${entry.error}` : describeConditions(entry.flag);
  const actions = cell(button("Edit", "edit", () => openEditor(entry)));
  actions.className = "actions";
  actions.append(" ", button("Delete", "delete", () => deleteFlag(entry), "danger"));
  tr.append(
    cell(toggle),
    cell(name),
    cell(labelText(entry.kv.label)),
    cell(entry.flag?.description ?? ""),
    cell(conditions),
    cell(entry.kv.last_modified ? new Date(entry.kv.last_modified).toLocaleString() : ""),
    actions,
  );
  return tr;
}

// Always written as a feature flag, so the service checks the value against the v2 schema and every
// provider recognises it (a key under the prefix with another content type is repaired by saving it).
async function writeFlag(kv, flag, etag) {
  return state.client.putKeyValue(kv.key, kv.label ?? null, JSON.stringify(flag), FEATURE_FLAG_CONTENT_TYPE, etag, kv.tags ?? {});
}

async function toggleFlag(entry, toggle) {
  const enabled = toggle.checked;
  toggle.disabled = true;
  try {
    const saved = await writeFlag(entry.kv, { ...entry.flag, enabled }, entry.kv.etag);
    entry.kv = saved;
    entry.flag = parseFlag(saved.value);
    showMessage(`"${entry.flag.id}" (${labelText(saved.label)}) is now ${enabled ? "on" : "off"}.`);
  } catch (error) {
    toggle.checked = !enabled;
    showMessage(error instanceof ApiError && error.isConflict ? conflictText(entry.flag.id, entry.kv.label) : errorText(error), true);
    await loadFlags().catch(() => {});
  } finally {
    toggle.disabled = false;
  }
}

async function deleteFlag(entry) {
  const id = entry.flag?.id ?? entry.kv.key.slice(FEATURE_FLAG_PREFIX.length);
  if (!confirm(`Delete feature flag "${id}" (${labelText(entry.kv.label)})?`)) return;
  try {
    await state.client.deleteKeyValue(entry.kv.key, entry.kv.label ?? null, entry.kv.etag);
    showMessage(`Deleted "${id}" (${labelText(entry.kv.label)}).`);
  } catch (error) {
    showMessage(error instanceof ApiError && error.isConflict ? conflictText(id, entry.kv.label) : errorText(error), true);
  }
  await refresh();
}

// ---- editor ----

const lines = (text) => text.split(/[\n,]/).map((line) => line.trim()).filter(Boolean);

function removableRow(tbody, testId, ...inputs) {
  const tr = document.createElement("tr");
  tr.dataset.testid = testId;
  for (const input of inputs) tr.append(cell(input));
  const remove = button("✕", "remove", () => {
    tr.remove();
    updateVariantNames();
  });
  remove.setAttribute("aria-label", "Remove");
  tr.append(cell(remove));
  tbody.append(tr);
  return tr;
}

function input(value, { data = {}, ...properties } = {}) {
  const element = document.createElement("input");
  Object.assign(element, properties);
  element.value = value ?? "";
  Object.assign(element.dataset, data);
  return element;
}

function addGroupRow(group = { name: "", rolloutPercentage: 0 }) {
  removableRow(
    $("f-groups"),
    "group-row",
    input(group.name, { placeholder: "group", data: { testid: "group-name" } }),
    input(group.rolloutPercentage, { type: "number", min: 0, max: 100, step: "any", data: { testid: "group-rollout" } }),
  );
}

function addVariantRow(variant = { name: "", value: "", statusOverride: "None" }) {
  const name = input(variant.name, { placeholder: "name", data: { testid: "variant-name" } });
  name.addEventListener("input", updateVariantNames);
  const override = document.createElement("select");
  override.dataset.testid = "variant-status";
  for (const option of ["None", "Enabled", "Disabled"]) override.append(new Option(option, option, false, option === variant.statusOverride));
  removableRow($("f-variants"), "variant-row", name, input(variant.value, { placeholder: "true, 42, \"text\" or {…}", data: { testid: "variant-value" } }), override);
  updateVariantNames();
}

function addMembersRow(tbody, row = { variant: "", members: [] }) {
  removableRow(
    tbody,
    "allocation-row",
    input(row.variant, { placeholder: "variant", data: { testid: "allocation-variant" } }),
    input(row.members.join(", "), { data: { testid: "allocation-members" } }),
  );
  tbody.lastElementChild.querySelector("input").setAttribute("list", "variant-names");
}

function addPercentileRow(row = { variant: "", from: 0, to: 100 }) {
  removableRow(
    $("f-alloc-percentiles"),
    "percentile-row",
    input(row.variant, { placeholder: "variant", data: { testid: "allocation-variant" } }),
    input(row.from, { type: "number", min: 0, max: 100, step: "any", data: { testid: "percentile-from" } }),
    input(row.to, { type: "number", min: 0, max: 100, step: "any", data: { testid: "percentile-to" } }),
  );
  $("f-alloc-percentiles").lastElementChild.querySelector("input").setAttribute("list", "variant-names");
}

function updateVariantNames() {
  const names = [...$("f-variants").querySelectorAll("[data-testid=variant-name]")].map((element) => element.value).filter(Boolean);
  $("variant-names").replaceChildren(...names.map((name) => new Option(name, name)));
}

/** RFC 1123 (what the Azure portal stores) to the value of a datetime-local input in UTC. */
function toDateInput(text) {
  const date = new Date(text);
  return text && !Number.isNaN(date.getTime()) ? date.toISOString().slice(0, 19) : "";
}

function fromDateInput(element) {
  // An untouched field keeps the stored text exactly as it was.
  if (element.value === element.dataset.initialInput) return element.dataset.initialText;
  return element.value ? new Date(`${element.value}Z`).toUTCString() : "";
}

function setDateInput(element, text) {
  element.value = toDateInput(text);
  element.dataset.initialInput = element.value;
  element.dataset.initialText = text;
}

function syncSections() {
  $("percentage-section").hidden = !$("f-percentage-on").checked;
  $("targeting-section").hidden = !$("f-targeting-on").checked;
  $("time-window-section").hidden = !$("f-time-window-on").checked;
}

function fillForm(flag, label, isNew) {
  const form = toForm(flag);
  $("f-id").value = form.id;
  $("f-id").readOnly = !isNew;
  $("f-label").value = label ?? "";
  $("f-label").readOnly = !isNew;
  $("f-display-name").value = form.displayName;
  $("f-description").value = form.description;
  $("f-enabled").checked = form.enabled;
  $("f-requirement").value = form.requirementType;
  $("f-telemetry").checked = form.telemetryEnabled;

  $("f-percentage-on").checked = form.percentage !== null;
  $("f-percentage").value = form.percentage?.value ?? 50;

  const targeting = form.targeting ?? { users: [], groups: [], defaultRolloutPercentage: 0, excludedUsers: [], excludedGroups: [] };
  $("f-targeting-on").checked = form.targeting !== null;
  $("f-users").value = targeting.users.join("\n");
  $("f-groups").replaceChildren();
  targeting.groups.forEach(addGroupRow);
  $("f-default-rollout").value = targeting.defaultRolloutPercentage;
  $("f-excluded-users").value = targeting.excludedUsers.join("\n");
  $("f-excluded-groups").value = targeting.excludedGroups.join("\n");

  $("f-time-window-on").checked = form.timeWindow !== null;
  setDateInput($("f-start"), form.timeWindow?.start ?? "");
  setDateInput($("f-end"), form.timeWindow?.end ?? "");
  $("recurrence-note").hidden = !form.timeWindow?.hasRecurrence;

  $("f-variants").replaceChildren();
  form.variants.forEach(addVariantRow);
  updateVariantNames();
  $("f-default-enabled").value = form.allocation.defaultWhenEnabled;
  $("f-default-disabled").value = form.allocation.defaultWhenDisabled;
  $("f-seed").value = form.allocation.seed;
  $("f-alloc-users").replaceChildren();
  form.allocation.users.forEach((row) => addMembersRow($("f-alloc-users"), row));
  $("f-alloc-groups").replaceChildren();
  form.allocation.groups.forEach((row) => addMembersRow($("f-alloc-groups"), row));
  $("f-alloc-percentiles").replaceChildren();
  form.allocation.percentiles.forEach(addPercentileRow);
  syncSections();
}

function readRows(tbody, read) {
  return [...tbody.children].map((tr) => read((testId) => tr.querySelector(`[data-testid=${testId}]`).value.trim()));
}

function readForm() {
  return {
    id: $("f-id").value.trim(),
    displayName: $("f-display-name").value.trim(),
    description: $("f-description").value,
    enabled: $("f-enabled").checked,
    requirementType: $("f-requirement").value,
    telemetryEnabled: $("f-telemetry").checked,
    percentage: $("f-percentage-on").checked ? { value: $("f-percentage").value } : null,
    targeting: $("f-targeting-on").checked
      ? {
          users: lines($("f-users").value),
          groups: readRows($("f-groups"), (get) => ({ name: get("group-name"), rolloutPercentage: get("group-rollout") })),
          defaultRolloutPercentage: $("f-default-rollout").value,
          excludedUsers: lines($("f-excluded-users").value),
          excludedGroups: lines($("f-excluded-groups").value),
        }
      : null,
    timeWindow: $("f-time-window-on").checked ? { start: fromDateInput($("f-start")), end: fromDateInput($("f-end")) } : null,
    variants: readRows($("f-variants"), (get) => ({ name: get("variant-name"), value: get("variant-value"), statusOverride: get("variant-status") })),
    allocation: {
      defaultWhenEnabled: $("f-default-enabled").value.trim(),
      defaultWhenDisabled: $("f-default-disabled").value.trim(),
      seed: $("f-seed").value.trim(),
      users: readRows($("f-alloc-users"), (get) => ({ variant: get("allocation-variant"), members: lines(get("allocation-members")) })),
      groups: readRows($("f-alloc-groups"), (get) => ({ variant: get("allocation-variant"), members: lines(get("allocation-members")) })),
      percentiles: readRows($("f-alloc-percentiles"), (get) => ({ variant: get("allocation-variant"), from: get("percentile-from"), to: get("percentile-to") })),
    },
  };
}

/** The flag as the editor currently shows it (from the form or from the JSON text). */
function currentDraft() {
  if (state.tab === "json") {
    const flag = parseFlag($("json-value").value);
    validateFlag(flag);
    return flag;
  }
  return fromForm(state.editing.flag, readForm());
}

function switchTab(tab) {
  if (tab === state.tab) return;
  try {
    const draft = currentDraft();
    state.editing.flag = draft;
    if (tab === "json") {
      $("json-value").value = JSON.stringify(draft, null, 2);
    } else {
      fillForm(draft, $("f-label").value || null, state.editing.kv === null);
      if (state.editing.kv === null) $("f-id").value = draft.id;
    }
  } catch (error) {
    show($("editor-message"), error.message, true);
    return;
  }
  $("editor-message").hidden = true;
  state.tab = tab;
  $("form-pane").hidden = tab !== "form";
  $("json-pane").hidden = tab !== "json";
  $("tab-form").setAttribute("aria-selected", String(tab === "form"));
  $("tab-json").setAttribute("aria-selected", String(tab === "json"));
}

function showEditorState(kv) {
  $("editor-etag").textContent = kv ? `ETag ${kv.etag} · ${kv.last_modified ?? ""}` : "new";
  $("json-key-value").textContent = kv ? JSON.stringify(kv, null, 2) : "(not saved yet)";
}

function openEditor(entry) {
  const isNew = entry === null;
  const label = isNew ? (state.labelFilter === "*" || state.labelFilter === NO_LABEL ? null : state.labelFilter) : entry.kv.label ?? null;
  // A stored value that is not a valid flag opens in the JSON view, as stored, so it can be repaired.
  const invalid = !isNew && entry.flag === null;
  const flag = isNew ? newFlag("") : entry.flag ?? { id: entry.kv.key.slice(FEATURE_FLAG_PREFIX.length) };
  state.editing = { kv: isNew ? null : entry.kv, flag: structuredClone(flag) };
  state.tab = invalid ? "json" : "form";
  $("form-pane").hidden = invalid;
  $("json-pane").hidden = !invalid;
  $("tab-form").setAttribute("aria-selected", String(!invalid));
  $("tab-json").setAttribute("aria-selected", String(invalid));
  $("editor-title").textContent = isNew ? "Create feature flag" : `Edit ${flag.id}`;
  $("editor-reload").hidden = true;
  fillForm(flag, label, isNew);
  $("json-value").value = invalid ? entry.kv.value ?? "" : JSON.stringify(flag, null, 2);
  if (invalid) show($("editor-message"), `The stored value is not a valid feature flag: ${entry.error}`, true);
  else $("editor-message").hidden = true;
  showEditorState(state.editing.kv);
  $("editor").showModal();
  (isNew ? $("f-id") : invalid ? $("json-value") : $("f-description")).focus();
}

async function saveEditor(event) {
  event.preventDefault();
  const editing = state.editing;
  let flag;
  try {
    flag = currentDraft();
    if (editing.kv && FEATURE_FLAG_PREFIX + flag.id !== editing.kv.key) {
      throw new Error(`id: renaming "${editing.kv.key.slice(FEATURE_FLAG_PREFIX.length)}" to "${flag.id}" would make a new key; create a new flag instead`);
    }
  } catch (error) {
    show($("editor-message"), error.message, true);
    return;
  }
  const label = editing.kv ? editing.kv.label ?? null : $("f-label").value.trim() || null;
  const kv = editing.kv ?? { key: FEATURE_FLAG_PREFIX + flag.id, label, content_type: FEATURE_FLAG_CONTENT_TYPE, tags: {} };
  $("editor-save").disabled = true;
  try {
    const saved = await writeFlag(kv, flag, editing.kv ? editing.kv.etag : null);
    $("editor").close();
    showMessage(`Saved "${flag.id}" (${labelText(saved.label)}).`);
    await refresh();
  } catch (error) {
    if (error instanceof ApiError && error.isConflict) {
      const text = editing.kv ? conflictText(flag.id, label) : `Conflict: a feature flag "${flag.id}" (${labelText(label)}) already exists (HTTP 412). Nothing was saved.`;
      show($("editor-message"), text, true);
      $("editor-reload").hidden = editing.kv === null;
    } else {
      show($("editor-message"), errorText(error), true);
    }
  } finally {
    $("editor-save").disabled = false;
  }
}

async function reloadEditor() {
  const editing = state.editing;
  try {
    const kv = await state.client.getKeyValue(editing.kv.key, editing.kv.label ?? null);
    if (kv === null) {
      show($("editor-message"), `"${editing.flag.id}" was deleted by someone else.`, true);
      return;
    }
    editing.kv = kv;
    editing.flag = parseFlag(kv.value);
    fillForm(editing.flag, kv.label, false);
    $("json-value").value = JSON.stringify(editing.flag, null, 2);
    showEditorState(kv);
    $("editor-reload").hidden = true;
    show($("editor-message"), "Reloaded the latest version; apply your change again and save.", false);
  } catch (error) {
    show($("editor-message"), errorText(error), true);
  }
}

// ---- import / export ----

function download(fileName, document) {
  const blob = new Blob([JSON.stringify(document, null, 2) + "\n"], { type: "application/json" });
  const link = Object.assign(window.document.createElement("a"), { href: URL.createObjectURL(blob), download: fileName });
  window.document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

function listedKeyValues() {
  return state.entries.filter((entry) => entry.flag !== null).map((entry) => entry.kv);
}

async function importFile(file) {
  const unlabelled = state.labelFilter === "*" || state.labelFilter === NO_LABEL ? null : state.labelFilter;
  let parsed;
  try {
    parsed = parseImport(await file.text(), unlabelled);
  } catch (error) {
    showMessage(`Import of ${file.name} failed: ${error.message}`, true);
    return;
  }
  const failures = [];
  for (const entry of parsed.entries) {
    try {
      await state.client.putKeyValue(entry.key, entry.label, entry.value, entry.contentType, undefined, entry.tags);
    } catch (error) {
      failures.push(`${entry.key} (${labelText(entry.label)}): ${errorText(error)}`);
    }
  }
  const imported = parsed.entries.length - failures.length;
  const skipped = parsed.skipped ? `; skipped ${parsed.skipped} key-values that are not feature flags` : "";
  showMessage(`Imported ${imported} of ${parsed.entries.length} feature flags from ${file.name}${skipped}.${failures.length ? ` Failed: ${failures.join("; ")}` : ""}`, failures.length > 0);
  await refresh();
}

// ---- start ----

async function start() {
  const response = await fetch("/portal/session", { cache: "no-store" });
  if (!response.ok) {
    showMessage(`The portal could not start: ${response.status} ${await response.text()}`, true);
    return;
  }
  const session = await response.json();
  state.client = new AppConfigurationClient(session);
  $("endpoint").textContent = `${location.origin} · api-version ${session.apiVersion}`;

  $("search").addEventListener("input", renderFlags);
  $("label-filter").addEventListener("change", () => {
    state.labelFilter = $("label-filter").value;
    loadFlags().catch((error) => showMessage(errorText(error), true));
  });
  $("create").addEventListener("click", () => openEditor(null));
  $("refresh").addEventListener("click", refresh);
  $("export-kvset").addEventListener("click", () => download("feature-flags.kvset.json", exportKeyValueSet(listedKeyValues())));
  $("export-appsettings").addEventListener("click", () => download("appsettings.feature_management.json", exportAppSettings(listedKeyValues())));
  $("import-file").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    event.target.value = "";
    if (file) await importFile(file);
  });

  for (const id of ["f-percentage-on", "f-targeting-on", "f-time-window-on"]) $(id).addEventListener("change", syncSections);
  $("add-group").addEventListener("click", () => addGroupRow());
  $("add-variant").addEventListener("click", () => addVariantRow());
  $("add-alloc-user").addEventListener("click", () => addMembersRow($("f-alloc-users")));
  $("add-alloc-group").addEventListener("click", () => addMembersRow($("f-alloc-groups")));
  $("add-alloc-percentile").addEventListener("click", () => addPercentileRow());
  $("tab-form").addEventListener("click", () => switchTab("form"));
  $("tab-json").addEventListener("click", () => switchTab("json"));
  $("editor-form").addEventListener("submit", saveEditor);
  $("editor-cancel").addEventListener("click", () => $("editor").close());
  $("editor-reload").addEventListener("click", reloadEditor);

  await refresh();
  document.body.dataset.ready = "true";
}

start().catch((error) => showMessage(`The portal could not start: ${error.message}`, true));
