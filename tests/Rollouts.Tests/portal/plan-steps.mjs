// Drives the portal's rollout model (src/Emulator/Portal/wwwroot/rollout-model.js, copied next to this file)
// through every control, and materialises flags with it. Input (argv[2]): {"flags":[{"value","target","percentage"}]}.
// Output: {"plans":[plan JSON after each control], "flags":[materialised flag values]}.
import { readFile } from "node:fs/promises";
import { advance, materialize, newPlan, nextStage, parseStages, pause, resume, rollBack } from "./rollout-model.js";

const input = JSON.parse(await readFile(process.argv[2], "utf8"));
const plans = [];
let plan = newPlan({ target: { type: "variant", variant: "Warm" }, stages: parseStages("1:PT1H, 5:PT30M, 25:P1D, 100:PT0S"), flagEtag: "etag-0" });
plans.push(plan);
plan = advance(plan, nextStage(plan), "etag-1");
plans.push(plan);
plan = pause(plan, "error rate up");
plans.push(plan);
plan = resume(plan, "etag-2");
plans.push(plan);
plan = advance(plan, nextStage(plan), "etag-3");
plans.push(plan);
plan = rollBack(plan, "checkout errors", "etag-4");
plans.push(plan);
plan = resume(plan, "etag-5");
plans.push(plan);
const flags = input.flags.map((flag) => materialize(flag.value, flag.target, flag.percentage));
process.stdout.write(JSON.stringify({ plans: plans.map((p) => JSON.stringify(p)), flags }));
