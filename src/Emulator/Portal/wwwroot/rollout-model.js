// Rollout plans (docs/rollouts.md) as the page reads and changes them: the same JSON the
// OpenFeatureAppConfig.Rollouts library stores under .openfeatureappconfig.rollout/<flag>, and the same
// transitions as its RolloutClient (start, pause, resume, advance, roll back). The library's strict reader
// checks every plan the page writes, on the executor's next pass.

export const ROLLOUT_PREFIX = ".openfeatureappconfig.rollout/";
export const ROLLOUT_CONTENT_TYPE = "application/vnd.openfeatureappconfig.rollout+json;version=1";
export const PORTAL_ACTOR = "portal";

/** The current { state, stage } of a plan: its last history entry's "to". */
export function statusOf(plan) {
  const last = plan.history.at(-1);
  return last ? { ...last.to } : { state: "running", stage: null };
}

export function percentageOf(plan, stage) {
  return stage === null || stage === undefined ? 0 : plan.stages[stage].percentage;
}

/** Parses "1:PT1H, 5:PT30M, 100:PT0S" into stages; throws with the bad part named. */
export function parseStages(text) {
  const stages = text.split(",").map((part) => part.trim()).filter(Boolean).map((part) => {
    const [percentage, hold] = part.split(":");
    const value = Number(percentage);
    if (!hold || !Number.isFinite(value) || !/^P(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/.test(hold) || hold === "P" || hold.endsWith("T")) {
      throw new Error(`A stage is percentage:hold with an ISO 8601 duration (e.g. 5:PT1H), not "${part}".`);
    }
    return { percentage: value, hold };
  });
  if (stages.length === 0) throw new Error("Give at least one stage, e.g. 1:PT1H,5:PT1H,25:PT1H,100:PT0S.");
  return stages;
}

// History times never go backwards, even when this browser's clock is behind the executor's.
function nextTime(plan) {
  const now = new Date();
  const last = plan.history.at(-1);
  return last && new Date(last.at) > now ? last.at : now.toISOString();
}

function transition(plan, to, reason, actor, flagEtag) {
  const entry = { at: nextTime(plan), from: statusOf(plan), to, reason, actor };
  const next = { ...plan, state: to.state, history: [...plan.history, entry] };
  if (flagEtag) next.flagEtag = flagEtag;
  return next;
}

export function newPlan({ target, stages, flagEtag, actor = PORTAL_ACTOR }) {
  const plan = { target, start: new Date().toISOString(), stages, state: "running", flagEtag, history: [] };
  const steps = stages.map((stage) => `${stage.percentage} %`).join(" → ");
  return transition(plan, { state: "running", stage: null }, `started: ${steps}, first stage now`, actor, flagEtag);
}

function require(plan, action, ...states) {
  const { state } = statusOf(plan);
  if (!states.includes(state)) throw new Error(`The rollout is ${state}: it cannot ${action}.`);
}

export function pause(plan, reason, actor = PORTAL_ACTOR) {
  require(plan, "pause", "running");
  return transition(plan, { ...statusOf(plan), state: "paused" }, reason, actor);
}

/**
 * Resume adopts the flag as it is now: its ETag becomes the plan's flagEtag. After a roll back the schedule starts
 * over from the first stage (the library's RolloutSchedule); after a plain pause it goes on where it stopped.
 */
export function resume(plan, flagEtag, actor = PORTAL_ACTOR) {
  require(plan, "resume", "paused", "rolledBack");
  return transition(plan, { ...statusOf(plan), state: "running" }, "resumed", actor, flagEtag);
}

/** The stage advance writes next (null: the last stage is held, advancing completes the rollout). */
export function nextStage(plan) {
  require(plan, "advance", "running");
  const { stage } = statusOf(plan);
  return stage === plan.stages.length - 1 ? null : (stage ?? -1) + 1;
}

export function advance(plan, stage, flagEtag, actor = PORTAL_ACTOR) {
  if (stage === null) {
    return transition(plan, { ...statusOf(plan), state: "completed" }, "completed by hand", actor);
  }
  const reason = `advanced by hand to stage ${stage + 1} of ${plan.stages.length}: ${plan.stages[stage].percentage} %`;
  return transition(plan, { state: "running", stage }, reason, actor, flagEtag);
}

export function rollBack(plan, reason, flagEtag, actor = PORTAL_ACTOR) {
  require(plan, "roll back", "running", "paused", "completed");
  return transition(plan, { state: "rolledBack", stage: null }, reason, actor, flagEtag);
}

/**
 * The flag value with `percentage` of users given the target, as the library's materialiser writes it: an on/off
 * flag's Microsoft.Targeting DefaultRolloutPercentage (enabled), or the variant's percentile [0, p) with every
 * other variant's ranges cut to start at p. Everything else in the flag is kept.
 */
export function materialize(flagValue, target, percentage) {
  const flag = JSON.parse(flagValue);
  if (target.type === "variant") {
    if (!(flag.variants ?? []).some((variant) => variant.name === target.variant)) {
      throw new Error(`The feature flag has no variant "${target.variant}".`);
    }
    flag.allocation ??= {};
    const ranges = percentage > 0 ? [{ variant: target.variant, from: 0, to: percentage }] : [];
    for (const range of flag.allocation.percentile ?? []) {
      const from = Math.max(range.from, percentage);
      if (range.variant !== target.variant && from < range.to) ranges.push({ ...range, from });
    }
    flag.allocation.percentile = ranges;
    return JSON.stringify(flag);
  }
  flag.enabled = true;
  flag.conditions ??= {};
  flag.conditions.client_filters ??= [];
  let targeting = flag.conditions.client_filters.find((filter) => /^(Microsoft\.)?Targeting$/i.test(filter.name ?? ""));
  if (!targeting) {
    targeting = { name: "Microsoft.Targeting" };
    flag.conditions.client_filters.push(targeting);
  }
  targeting.parameters ??= {};
  targeting.parameters.Audience ??= {};
  const audience = targeting.parameters.Audience;
  audience.Users ??= [];
  audience.Groups ??= [];
  audience.DefaultRolloutPercentage = percentage;
  return JSON.stringify(flag);
}

/**
 * The chart's points: the percentage written over time, one step per history entry that changed it, with
 * each entry's time, state and reason; paused intervals as [from, to] (an open pause runs to `now`).
 */
export function timeline(plan, now = new Date()) {
  const steps = [];
  const pauses = [];
  let pausedSince = null;
  for (const entry of plan.history) {
    const at = new Date(entry.at);
    steps.push({ at, percentage: percentageOf(plan, entry.to.stage), state: entry.to.state, reason: entry.reason, actor: entry.actor });
    if (entry.to.state === "paused" && entry.from.state !== "paused") pausedSince = at;
    if (entry.to.state !== "paused" && pausedSince) {
      pauses.push([pausedSince, at]);
      pausedSince = null;
    }
  }
  if (pausedSince) pauses.push([pausedSince, now]);
  return { steps, pauses };
}
