// Loads feature flags from the App Configuration emulator with Azure's own JavaScript provider
// (@azure/app-configuration-provider, load(...)) and checks that refresh, every 1 s, sees a toggle.
// Prints one JSON line per check: {"step": "...", ...}; the NUnit test asserts on them.
// Environment: APPCONFIG_CONNECTION_STRING (read-write key). The flag "Refreshing" (no label) and the
// keys "app:greeting" and "app:sentinel" must exist before the script runs; the script changes them itself.
import { AppConfigurationClient, featureFlagContentType, featureFlagPrefix } from "@azure/app-configuration";
import { load } from "@azure/app-configuration-provider";

const connectionString = process.env.APPCONFIG_CONNECTION_STRING;
if (!connectionString) {
  throw new Error("APPCONFIG_CONNECTION_STRING is not set");
}

const clientOptions = { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } };
const refreshIntervalInMs = 1000;

function emit(step, observations) {
  console.log(JSON.stringify({ step, ...observations }));
}

function flagState(settings) {
  const flags = settings.get("feature_management")?.feature_flags ?? [];
  const flag = flags.find((candidate) => candidate.id === "Refreshing");
  return { count: flags.length, enabled: flag ? flag.enabled : null };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const settings = await load(connectionString, {
  clientOptions,
  replicaDiscoveryEnabled: false,
  startupOptions: { timeoutInMs: 20_000 },
  selectors: [{ keyFilter: "app:*" }],
  // Key-values are reloaded when the watched sentinel changes (a conditional GET of that one key).
  refreshOptions: { enabled: true, refreshIntervalInMs, watchedSettings: [{ key: "app:sentinel" }] },
  featureFlagOptions: {
    enabled: true,
    selectors: [{ keyFilter: "*" }],
    refresh: { enabled: true, refreshIntervalInMs },
  },
});
let refreshEvents = 0;
settings.onRefresh(() => refreshEvents++);
emit("load", { greeting: settings.get("app:greeting") ?? null, ...flagState(settings) });

// Nothing changed: the refresh asks with the page etags and must not report an update.
await sleep(refreshIntervalInMs + 200);
await settings.refresh();
emit("refresh-unchanged", { ...flagState(settings), refreshEvents });

// Toggle the flag through the client, as the portal or the CLI would.
const writer = new AppConfigurationClient(connectionString, clientOptions);
const current = await writer.getConfigurationSetting({ key: `${featureFlagPrefix}Refreshing` });
const value = JSON.parse(current.value);
value.enabled = !value.enabled;
await writer.setConfigurationSetting({ key: current.key, label: current.label, contentType: featureFlagContentType, value: JSON.stringify(value) });
emit("toggled", { enabled: value.enabled });

// The next refresh after the interval must see it; give it a few intervals on a busy machine.
const started = Date.now();
let attempts = 0;
let state = flagState(settings);
while (state.enabled !== value.enabled && attempts < 10) {
  await sleep(refreshIntervalInMs + 200);
  await settings.refresh();
  attempts++;
  state = flagState(settings);
}
emit("refresh-toggled", { ...state, attempts, refreshEvents, elapsedMs: Date.now() - started });

// A key-value change is picked up once the sentinel changes.
await writer.setConfigurationSetting({ key: "app:greeting", value: "hello again" });
await writer.setConfigurationSetting({ key: "app:sentinel", value: "2" });
attempts = 0;
while (settings.get("app:greeting") !== "hello again" && attempts < 10) {
  await sleep(refreshIntervalInMs + 200);
  await settings.refresh();
  attempts++;
}
emit("refresh-sentinel", { greeting: settings.get("app:greeting") ?? null, attempts });

emit("done", {});
