// Evaluates flags for many users with Microsoft's JavaScript feature management library.
// Input (argv[2]): {"configuration": <feature_management JSON>, "flags": [names], "users": [{"id":..,"groups":[..]}]}
// Output (stdout): one JSON array of {"user", "flag", "enabled", "variant"} in input order.
import { readFile } from "node:fs/promises";
import { FeatureManager, ConfigurationObjectFeatureFlagProvider } from "@microsoft/feature-management";

const input = JSON.parse(await readFile(process.argv[2], "utf8"));
const manager = new FeatureManager(new ConfigurationObjectFeatureFlagProvider(input.configuration));
const results = [];
for (const user of input.users) {
  const context = { userId: user.id, groups: user.groups };
  for (const flag of input.flags) {
    const enabled = await manager.isEnabled(flag, context);
    const variant = await manager.getVariant(flag, context);
    results.push({ user: user.id, flag, enabled, variant: variant?.name ?? null });
  }
}
process.stdout.write(JSON.stringify(results));
