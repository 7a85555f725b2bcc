// Drives the App Configuration emulator with Azure's own JavaScript client (@azure/app-configuration)
// and prints one JSON line per check: {"step": "...", ...observations}. The NUnit test that runs this
// script asserts on those lines, so a protocol difference shows up as a failed assertion there.
// Environment: APPCONFIG_CONNECTION_STRING (read-write key), APPCONFIG_API_VERSION (optional; the
// client's default, 2026-04-01, when absent).
import { AppConfigurationClient, featureFlagContentType, featureFlagPrefix } from "@azure/app-configuration";

const connectionString = process.env.APPCONFIG_CONNECTION_STRING;
const apiVersion = process.env.APPCONFIG_API_VERSION;
if (!connectionString) {
  throw new Error("APPCONFIG_CONNECTION_STRING is not set");
}

// With a connection string the client reads apiVersion only from its third constructor argument.
const client = new AppConfigurationClient(
  connectionString,
  { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } },
  apiVersion ? { apiVersion } : undefined,
);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function emit(step, observations) {
  console.log(JSON.stringify({ step, ...observations }));
}

/** Runs one step; a thrown error becomes {"step", "error"} so the other steps still report. */
async function step(name, body) {
  try {
    emit(name, await body());
  } catch (error) {
    emit(name, { error: `${error?.name}: ${error?.message}`, statusCode: error?.statusCode ?? null });
  }
}

async function statusOf(promise) {
  try {
    const response = await promise;
    return response.statusCode ?? response._response?.status ?? 200;
  } catch (error) {
    if (error?.statusCode) return error.statusCode;
    throw error;
  }
}

function describe(setting) {
  return {
    key: setting.key,
    label: setting.label ?? null,
    value: setting.value ?? null,
    contentType: setting.contentType ?? null,
    tags: setting.tags ?? null,
    isReadOnly: setting.isReadOnly ?? null,
    hasEtag: typeof setting.etag === "string" && setting.etag.length > 0,
    lastModifiedIsDate: setting.lastModified instanceof Date && !Number.isNaN(setting.lastModified.getTime()),
  };
}

async function collect(iterator) {
  const items = [];
  for await (const item of iterator) items.push(item);
  return items;
}

let color;

await step("set", async () => {
  color = await client.setConfigurationSetting({ key: "app:color", label: "dev", value: "blue", contentType: "text/plain", tags: { team: "a" } });
  return describe(color);
});

await step("add-existing", async () => ({
  statusCode: await statusOf(client.addConfigurationSetting({ key: "app:color", label: "dev", value: "red" })),
}));

await step("get", async () => {
  const got = await client.getConfigurationSetting({ key: "app:color", label: "dev" });
  return { statusCode: got.statusCode, ...describe(got), sameEtag: got.etag === color.etag };
});

await step("get-if-changed", async () => {
  const got = await client.getConfigurationSetting({ key: "app:color", label: "dev", etag: color.etag }, { onlyIfChanged: true });
  return { statusCode: got.statusCode, valueOmitted: got.value === undefined };
});

await step("get-missing", async () => ({ statusCode: await statusOf(client.getConfigurationSetting({ key: "app:none-such" })) }));

await step("set-if-unchanged", async () => {
  const updated = await client.setConfigurationSetting({ ...color, value: "green" }, { onlyIfUnchanged: true });
  const stale = await statusOf(client.setConfigurationSetting({ ...color, value: "purple" }, { onlyIfUnchanged: true }));
  const after = await client.getConfigurationSetting({ key: "app:color", label: "dev" });
  return { value: updated.value, staleStatusCode: stale, valueAfter: after.value, etagChanged: updated.etag !== color.etag };
});

await step("lock", async () => {
  const locked = await client.setReadOnly({ key: "app:color", label: "dev" }, true);
  const writeWhileLocked = await statusOf(client.setConfigurationSetting({ key: "app:color", label: "dev", value: "locked?" }));
  const unlocked = await client.setReadOnly({ key: "app:color", label: "dev" }, false);
  const writeAfterUnlock = await statusOf(client.setConfigurationSetting({ key: "app:color", label: "dev", value: "blue" }));
  return { lockedIsReadOnly: locked.isReadOnly, writeWhileLocked, unlockedIsReadOnly: unlocked.isReadOnly, writeAfterUnlock };
});

await step("seed-paging", async () => {
  const writes = [];
  for (let i = 0; i < 250; i++) {
    const key = `paging:item:${String(i).padStart(3, "0")}`;
    writes.push(() => client.setConfigurationSetting({ key, label: i % 2 === 0 ? "even" : null, value: String(i), tags: { parity: i % 2 === 0 ? "even" : "odd" } }));
  }
  // Ten writers at a time: parallel enough to exercise the store, gentle enough for a shared CI machine.
  for (let i = 0; i < writes.length; i += 10) {
    await Promise.all(writes.slice(i, i + 10).map((write) => write()));
  }
  return { written: writes.length };
});

let pageEtags = [];
await step("list-pages", async () => {
  const pages = [];
  for await (const page of client.listConfigurationSettings({ keyFilter: "paging:*" }).byPage()) {
    pages.push(page);
  }
  pageEtags = pages.map((page) => page.etag);
  const keys = pages.flatMap((page) => page.items.map((item) => `${item.key}|${item.label ?? ""}`));
  const sorted = [...keys].sort();
  return {
    pageSizes: pages.map((page) => page.items.length),
    total: keys.length,
    distinct: new Set(keys).size,
    inKeyOrder: keys.every((key, i) => key === sorted[i]),
    everyPageHasEtag: pages.every((page) => typeof page.etag === "string" && page.etag.length > 0),
  };
});

await step("list-pages-unchanged", async () => {
  const statuses = [];
  // The client takes the etags of the pages it saw as a list option and sends them as If-None-Match.
  for await (const page of client.listConfigurationSettings({ keyFilter: "paging:*", pageEtags }).byPage()) {
    statuses.push(Number(page._response.status));
  }
  return { statuses };
});

await step("list-pages-one-changed", async () => {
  await client.setConfigurationSetting({ key: "paging:item:151", value: "changed", tags: { parity: "odd" } });
  const statuses = [];
  for await (const page of client.listConfigurationSettings({ keyFilter: "paging:*", pageEtags }).byPage()) {
    statuses.push(Number(page._response.status));
  }
  return { statuses };
});

await step("check-pages", async () => {
  // checkConfigurationSettings sends HEAD requests: only headers come back, and the next page is read
  // from the Link header, also on a 304.
  const statuses = [];
  for await (const page of client.checkConfigurationSettings({ keyFilter: "paging:*" }).byPage()) {
    statuses.push(Number(page._response.status));
  }
  const conditionalStatuses = [];
  for await (const page of client.checkConfigurationSettings({ keyFilter: "paging:*", pageEtags }).byPage()) {
    conditionalStatuses.push(Number(page._response.status));
  }
  return { statuses, conditionalStatuses };
});

await step("special-keys", async () => {
  const keys = ["path/with/slashes", "with space", "comma,key", "star*key", "back\\slash", "unicode-ключ-🚀", "query?&=#"];
  for (const key of keys) {
    await client.setConfigurationSetting({ key: `special:${key}`, label: "a/b,c", value: key });
  }
  const readBack = [];
  for (const key of keys) {
    const got = await client.getConfigurationSetting({ key: `special:${key}`, label: "a/b,c" });
    readBack.push(got.value === key && got.key === `special:${key}` && got.label === "a/b,c");
  }
  // Reserved characters in filters are escaped with a backslash.
  const escaped = await collect(client.listConfigurationSettings({ keyFilter: "special:comma\\,key,special:star\\*key", labelFilter: "a/b\\,c" }));
  const prefixed = await collect(client.listConfigurationSettings({ keyFilter: "special:star\\**", labelFilter: "*" }));
  return { readBack, escapedKeys: escaped.map((item) => item.key).sort(), prefixedKeys: prefixed.map((item) => item.key) };
});

await step("filter-label", async () => {
  const items = await collect(client.listConfigurationSettings({ keyFilter: "paging:*", labelFilter: "even" }));
  return { count: items.length, allEven: items.every((item) => item.label === "even") };
});

await step("filter-no-label", async () => {
  const items = await collect(client.listConfigurationSettings({ keyFilter: "paging:*", labelFilter: "\0" }));
  return { count: items.length, allUnlabelled: items.every((item) => item.label === null || item.label === undefined) };
});

await step("filter-key-list", async () => {
  const items = await collect(client.listConfigurationSettings({ keyFilter: "paging:item:001,paging:item:002,paging:item:003", labelFilter: "*" }));
  return { keys: items.map((item) => item.key).sort() };
});

await step("filter-tags", async () => {
  const items = await collect(client.listConfigurationSettings({ keyFilter: "paging:*", tagsFilter: ["parity=odd"] }));
  return { count: items.length, allOdd: items.every((item) => item.tags?.parity === "odd") };
});

await step("select-fields", async () => {
  const items = await collect(client.listConfigurationSettings({ keyFilter: "app:color", labelFilter: "dev", fields: ["key", "value"] }));
  return { count: items.length, key: items[0]?.key ?? null, value: items[0]?.value ?? null, labelOmitted: items[0]?.label === undefined, etagOmitted: items[0]?.etag === undefined };
});

await step("labels", async () => {
  const labels = await collect(client.listLabels({ nameFilter: "*" }));
  return { names: labels.map((label) => label.name ?? null) };
});

await step("revisions", async () => {
  const revisions = await collect(client.listRevisions({ keyFilter: "app:color", labelFilter: "dev" }));
  return { count: revisions.length, values: revisions.map((revision) => revision.value ?? null) };
});

await step("feature-flag", async () => {
  const value = { id: "Fidelity", description: "from npm", enabled: true, conditions: { client_filters: [{ name: "Microsoft.Percentage", parameters: { Value: 50 } }] } };
  const set = await client.setConfigurationSetting({ key: `${featureFlagPrefix}Fidelity`, contentType: featureFlagContentType, value: JSON.stringify(value) });
  const got = await client.getConfigurationSetting({ key: `${featureFlagPrefix}Fidelity` });
  const invalid = await statusOf(client.setConfigurationSetting({ key: `${featureFlagPrefix}Broken`, contentType: featureFlagContentType, value: "{\"id\": 42}" }));
  return { key: set.key, contentType: got.contentType, roundTrips: JSON.stringify(JSON.parse(got.value)) === JSON.stringify(value), invalidStatusCode: invalid };
});

await step("delete", async () => {
  const deleted = await client.deleteConfigurationSetting({ key: "app:color", label: "dev" });
  const again = await client.deleteConfigurationSetting({ key: "app:color", label: "dev" });
  return { statusCode: deleted.statusCode, deletedValue: deleted.value ?? null, againStatusCode: again.statusCode };
});

await step("point-in-time", async () => {
  // Accept-Datetime: reads as of a moment in the past, from the revision history.
  await client.setConfigurationSetting({ key: "history:item", value: "old", tags: { kind: null } });
  await sleep(1100);
  const before = new Date();
  await sleep(1100);
  await client.setConfigurationSetting({ key: "history:item", value: "new", tags: { kind: null } });
  const listed = await collect(client.listConfigurationSettings({ keyFilter: "history:*", acceptDateTime: before }));
  const got = await client.getConfigurationSetting({ key: "history:item" }, { acceptDateTime: before });
  const revisions = await collect(client.listRevisions({ keyFilter: "history:item", acceptDateTime: before }));
  const now = await client.getConfigurationSetting({ key: "history:item" });
  return { listed: listed.map((item) => item.value), got: got.value, revisions: revisions.map((item) => item.value), now: now.value };
});

await step("null-tag-filter", async () => {
  const items = await collect(client.listConfigurationSettings({ keyFilter: "history:*", tagsFilter: ["kind=\0"] }));
  const selected = await collect(client.listConfigurationSettings({ keyFilter: "history:*", fields: ["key", "tags"] }));
  return { count: items.length, selectedTags: selected[0]?.tags ?? null, selectedValueOmitted: selected[0]?.value === undefined };
});

await step("bad-filters", async () => ({
  wildcardInsideLabel: await statusOf(collect(client.listConfigurationSettings({ keyFilter: "history:*", labelFilter: "a*b" }))),
  sixKeys: await statusOf(collect(client.listConfigurationSettings({ keyFilter: "a,b,c,d,e,f" }))),
  percentInKey: await statusOf(client.setConfigurationSetting({ key: "bad%key", value: "1" })),
}));

await step("read-only-key", async () => {
  const readOnlyConnectionString = process.env.APPCONFIG_READONLY_CONNECTION_STRING;
  const reader = new AppConfigurationClient(readOnlyConnectionString, { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } }, apiVersion ? { apiVersion } : undefined);
  const read = await reader.getConfigurationSetting({ key: "paging:item:000", label: "even" });
  const write = await statusOf(reader.setConfigurationSetting({ key: "app:read-only-write", value: "no" }));
  return { readValue: read.value, writeStatusCode: write };
});

await step("wrong-secret", async () => {
  const forged = connectionString.replace(/Secret=[^;]*/, `Secret=${Buffer.from("not the secret at all, 32 bytes!").toString("base64")}`);
  const intruder = new AppConfigurationClient(forged, { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } }, apiVersion ? { apiVersion } : undefined);
  return { statusCode: await statusOf(intruder.getConfigurationSetting({ key: "paging:item:000", label: "even" })) };
});

emit("done", {});
