// The portal's Rollouts section: every plan under .openfeatureappconfig.rollout/ as a timeline chart (plain
// SVG, no library, works offline) with its history, and the controls. Every write goes through the signed
// REST API with If-Match (the plan; and the flag for advance and roll back), like the library's RolloutClient.
import { ApiError, AppConfigurationClient, FEATURE_FLAG_CONTENT_TYPE, FEATURE_FLAG_PREFIX, NO_LABEL } from "./api.js";
import {
  ROLLOUT_CONTENT_TYPE, ROLLOUT_PREFIX, advance, materialize, newPlan, nextStage, parseStages, pause, percentageOf, resume, rollBack, statusOf, timeline,
} from "./rollout-model.js";

const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";
const REFRESH_MS = 1000;
let client = null;

function say(text, isError = false) {
  const element = $("rollout-message");
  element.textContent = text;
  element.classList.toggle("error", isError);
  element.hidden = !text;
}

function labelOf(kv) {
  return kv.label === null || kv.label === undefined || kv.label === NO_LABEL ? null : kv.label;
}

async function loadRollouts() {
  const items = await client.listKeyValues(`${ROLLOUT_PREFIX}*`, "*");
  return items
    .map((kv) => {
      try {
        return { kv, flag: kv.key.slice(ROLLOUT_PREFIX.length), label: labelOf(kv), plan: JSON.parse(kv.value) };
      } catch (error) {
        return { kv, flag: kv.key.slice(ROLLOUT_PREFIX.length), label: labelOf(kv), plan: null, error: error.message };
      }
    })
    .sort((a, b) => a.kv.key.localeCompare(b.kv.key));
}

function svg(name, attributes, text) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Percentage over time: a step line, a dot per transition (its reason as a tooltip), paused time shaded. */
function chart(plan) {
  const width = 640;
  const height = 180;
  const pad = { left: 40, right: 16, top: 12, bottom: 24 };
  const now = new Date();
  const { steps, pauses } = timeline(plan, now);
  const first = steps[0]?.at ?? new Date(plan.start);
  const finished = ["completed", "rolledBack"].includes(statusOf(plan).state);
  const last = finished ? steps.at(-1).at : now;
  const span = Math.max(last - first, 1000);
  const x = (time) => pad.left + ((time - first) / span) * (width - pad.left - pad.right);
  const y = (percentage) => pad.top + (1 - percentage / 100) * (height - pad.top - pad.bottom);
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "rollout-chart", role: "img", "aria-label": `${plan.target.type} percentage over time`, "data-testid": "rollout-chart" });
  for (const percentage of [0, 25, 50, 75, 100]) {
    root.append(svg("line", { x1: pad.left, x2: width - pad.right, y1: y(percentage), y2: y(percentage), class: "grid" }));
    root.append(svg("text", { x: pad.left - 6, y: y(percentage) + 4, class: "axis", "text-anchor": "end" }, `${percentage}%`));
  }
  for (const [from, to] of pauses) {
    root.append(svg("rect", { x: x(from), y: pad.top, width: Math.max(x(to) - x(from), 1), height: height - pad.top - pad.bottom, class: "paused" }));
  }
  let path = "";
  let previous = 0;
  for (const step of steps) {
    path += `${path ? "L" : "M"}${x(step.at)},${y(previous)} L${x(step.at)},${y(step.percentage)} `;
    previous = step.percentage;
  }
  if (steps.length) path += `L${x(last)},${y(previous)}`;
  root.append(svg("path", { d: path, class: "line" }));
  for (const step of steps) {
    const dot = svg("circle", { cx: x(step.at), cy: y(step.percentage), r: 4, class: `dot ${step.state}` });
    dot.append(svg("title", {}, `${step.at.toLocaleTimeString()} · ${step.percentage} % · ${step.state}: ${step.reason} (${step.actor})`));
    root.append(dot);
  }
  root.append(svg("text", { x: pad.left, y: height - 6, class: "axis" }, first.toLocaleTimeString()));
  root.append(svg("text", { x: width - pad.right, y: height - 6, class: "axis", "text-anchor": "end" }, last.toLocaleTimeString()));
  return root;
}

function historyTable(plan) {
  const table = document.createElement("table");
  table.className = "rows rollout-history";
  table.dataset.testid = "rollout-history";
  table.innerHTML = "<thead><tr><th>Time</th><th>%</th><th>State</th><th>Reason</th><th>By</th></tr></thead>";
  const body = document.createElement("tbody");
  for (const entry of [...plan.history].reverse()) {
    const row = body.insertRow();
    for (const text of [new Date(entry.at).toLocaleTimeString(), `${percentageOf(plan, entry.to.stage)} %`, entry.to.state, entry.reason, entry.actor]) {
      row.insertCell().textContent = text;
    }
  }
  table.append(body);
  return table;
}

function controlButton(text, action, enabled, entry) {
  const element = document.createElement("button");
  element.type = "button";
  element.textContent = text;
  element.dataset.testid = `rollout-${action}`;
  element.disabled = !enabled;
  if (action === "rollback") element.className = "danger";
  element.addEventListener("click", () => control(entry, action));
  return element;
}

function renderRollout(entry) {
  const card = document.createElement("article");
  card.className = "rollout";
  card.dataset.testid = "rollout";
  card.dataset.flag = entry.flag;
  const title = document.createElement("h3");
  if (!entry.plan) {
    title.textContent = `${entry.flag}: invalid plan (${entry.error})`;
    card.append(title);
    return card;
  }
  const { state, stage } = statusOf(entry.plan);
  const target = entry.plan.target.type === "variant" ? ` · variant ${entry.plan.target.variant}` : "";
  title.textContent = `${entry.flag}${entry.label ? ` (${entry.label})` : ""}${target}`;
  const summary = document.createElement("span");
  summary.className = `rollout-state ${state}`;
  summary.dataset.testid = "rollout-state";
  summary.dataset.state = state;
  summary.dataset.percentage = String(percentageOf(entry.plan, stage));
  summary.textContent = `${state} · ${percentageOf(entry.plan, stage)} %${stage === null ? "" : ` (stage ${stage + 1} of ${entry.plan.stages.length})`}`;
  title.append(" ", summary);
  const controls = document.createElement("div");
  controls.className = "rollout-controls";
  controls.append(
    controlButton("Pause", "pause", state === "running", entry),
    controlButton("Resume", "resume", ["paused", "rolledBack"].includes(state), entry),
    controlButton("Advance now", "advance", state === "running", entry),
    controlButton("Roll back", "rollback", ["running", "paused", "completed"].includes(state), entry),
  );
  card.append(title, chart(entry.plan), controls, historyTable(entry.plan));
  return card;
}

async function render() {
  const rollouts = await loadRollouts();
  $("rollout-list").replaceChildren(...rollouts.map(renderRollout));
  $("rollout-empty").hidden = rollouts.length > 0;
}

function flagKey(entry) {
  return FEATURE_FLAG_PREFIX + entry.flag;
}

/** Writes the target's percentage into the flag with If-Match; answers the new ETag. */
async function writeFlag(entry, percentage, { overrideEdits }) {
  const kv = await client.getKeyValue(flagKey(entry), entry.label);
  if (!kv) throw new Error(`The feature flag "${entry.flag}" does not exist.`);
  if (!overrideEdits && entry.plan.flagEtag && kv.etag !== entry.plan.flagEtag) {
    throw new Error(`The feature flag "${entry.flag}" was changed by someone else since the rollout last wrote it; check it and resume.`);
  }
  const value = materialize(kv.value, entry.plan.target, percentage);
  const written = await client.putKeyValue(flagKey(entry), entry.label, value, kv.content_type ?? FEATURE_FLAG_CONTENT_TYPE, kv.etag, kv.tags);
  return written.etag;
}

async function control(entry, action) {
  try {
    // Decide on the plan as stored now, not as rendered a second ago.
    const kv = await client.getKeyValue(entry.kv.key, entry.label);
    const current = { ...entry, kv, plan: JSON.parse(kv.value) };
    let plan;
    if (action === "pause") {
      const reason = $("rollout-reason").value.trim() || "paused in the portal";
      plan = pause(current.plan, reason);
    } else if (action === "resume") {
      const flag = await client.getKeyValue(flagKey(current), current.label);
      if (!flag) throw new Error(`The feature flag "${current.flag}" does not exist.`);
      plan = resume(current.plan, flag.etag);
    } else if (action === "advance") {
      const stage = nextStage(current.plan);
      const etag = stage === null ? undefined : await writeFlag(current, current.plan.stages[stage].percentage, { overrideEdits: false });
      plan = advance(current.plan, stage, etag);
    } else {
      // Roll back writes 0 % at once, over any edit: rolling back is itself a person's call.
      if (statusOf(current.plan).state === "rolledBack") throw new Error(`The rollout of "${current.flag}" is already rolled back.`);
      const etag = await writeFlag(current, 0, { overrideEdits: true });
      plan = rollBack(current.plan, $("rollout-reason").value.trim() || "rolled back in the portal", etag);
    }
    await client.putKeyValue(kv.key, current.label, JSON.stringify(plan), ROLLOUT_CONTENT_TYPE, kv.etag, kv.tags);
    say(`${current.flag}: ${action} done.`);
  } catch (error) {
    say(error instanceof ApiError && error.isConflict
      ? `Conflict: the rollout of "${entry.flag}" or its flag changed meanwhile (HTTP 412); nothing was overwritten. Try again.`
      : error.message, true);
  }
  await render().catch((error) => say(error.message, true));
}

async function startRollout(event) {
  event.preventDefault();
  try {
    const flag = $("rollout-flag").value.trim();
    const label = $("rollout-label").value.trim() || null;
    const variant = $("rollout-variant").value.trim();
    const stages = parseStages($("rollout-stages").value);
    const kv = await client.getKeyValue(FEATURE_FLAG_PREFIX + flag, label);
    if (!kv) throw new Error(`The feature flag "${flag}" does not exist.`);
    const target = variant ? { type: "variant", variant } : { type: "enabled" };
    materialize(kv.value, target, stages[0].percentage); // fails now when the flag cannot take the rollout
    const existing = await client.getKeyValue(ROLLOUT_PREFIX + flag, label);
    if (existing) {
      const state = JSON.parse(existing.value).state;
      if (state === "running" || state === "paused") throw new Error(`"${flag}" already has a rollout in progress (${state}).`);
    }
    const plan = newPlan({ target, stages, flagEtag: kv.etag });
    await client.putKeyValue(ROLLOUT_PREFIX + flag, label, JSON.stringify(plan), ROLLOUT_CONTENT_TYPE, existing ? existing.etag : null);
    say(`${flag}: rollout started.`);
  } catch (error) {
    say(error instanceof ApiError && error.isConflict ? "Conflict: someone else started a rollout of this flag meanwhile (HTTP 412)." : error.message, true);
  }
  await render().catch((error) => say(error.message, true));
}

async function startSection() {
  const response = await fetch("/portal/session", { cache: "no-store" });
  if (!response.ok) return;
  client = new AppConfigurationClient(await response.json());
  $("rollout-start").addEventListener("submit", startRollout);
  await render();
  $("rollouts").dataset.ready = "true";
  // The executor moves rollouts on its own: follow it while the page is open.
  setInterval(() => render().catch((error) => say(error.message, true)), REFRESH_MS);
}

startSection().catch((error) => say(`The rollouts could not load: ${error.message}`, true));
