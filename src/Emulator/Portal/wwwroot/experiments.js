// The portal's Experiments section: for each readout the page was opened with (?readout=<url>, repeatable), the
// conversion rate per variant with its 95 % interval as a plain SVG chart (no library, works offline), and the
// numbers in a table. The readout is the app's endpoint (MapExperimentReadouts), not the emulator's: it is fetched
// without credentials, and the app's CORS policy decides whether this page may read it.
import { parseReadout, percent, readoutUrl } from "./readout-model.js";

const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";
const REFRESH_MS = 5000;

function svg(name, attributes, text) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

function cell(text, testId) {
  const td = document.createElement("td");
  td.textContent = text;
  if (testId) td.dataset.testid = testId;
  return td;
}

/** Rate per variant: a bar to the rate, a whisker over the 95 % interval, the figures above it. */
function chart(readout) {
  const width = 640;
  const height = 220;
  const pad = { left: 48, right: 16, top: 28, bottom: 36 };
  const top = Math.max(0.01, ...readout.variants.map((v) => v.interval.high));
  const scaleTop = Math.min(1, Math.ceil(top * 20) / 20); // up to the next 5 %
  const y = (rate) => pad.top + (1 - rate / scaleTop) * (height - pad.top - pad.bottom);
  const slot = (width - pad.left - pad.right) / Math.max(1, readout.variants.length);
  const root = svg("svg", {
    viewBox: `0 0 ${width} ${height}`, class: "readout-chart", role: "img",
    "aria-label": `${readout.flag}: conversion rate per variant with its 95 % interval`, "data-testid": "readout-chart",
  });
  for (const tick of [0, 0.25, 0.5, 0.75, 1].map((f) => f * scaleTop)) {
    root.append(svg("line", { x1: pad.left, x2: width - pad.right, y1: y(tick), y2: y(tick), class: "grid" }));
    root.append(svg("text", { x: pad.left - 6, y: y(tick) + 3, "text-anchor": "end", class: "axis" }, percent(tick)));
  }
  readout.variants.forEach((v, i) => {
    const center = pad.left + slot * (i + 0.5);
    const bar = Math.min(48, slot * 0.5);
    const group = svg("g", { "data-testid": "readout-bar", "data-variant": v.variant, "data-rate": v.conversionRate, "data-low": v.interval.low, "data-high": v.interval.high });
    group.append(svg("title", {}, `${v.variant}: ${percent(v.conversionRate)} (95 % interval ${percent(v.interval.low)}–${percent(v.interval.high)}), ${v.conversions} of ${v.exposures}`));
    group.append(svg("rect", { x: center - bar / 2, y: y(v.conversionRate), width: bar, height: y(0) - y(v.conversionRate), class: v.control ? "bar control" : "bar" }));
    group.append(svg("line", { x1: center, x2: center, y1: y(v.interval.low), y2: y(v.interval.high), class: "whisker" }));
    for (const edge of [v.interval.low, v.interval.high]) {
      group.append(svg("line", { x1: center - 8, x2: center + 8, y1: y(edge), y2: y(edge), class: "whisker" }));
    }
    group.append(svg("text", { x: center, y: y(v.interval.high) - 6, "text-anchor": "middle", class: "value", "data-testid": "readout-rate" }, percent(v.conversionRate)));
    group.append(svg("text", { x: center, y: height - pad.bottom + 16, "text-anchor": "middle", class: "axis name" }, v.control ? `${v.variant} (control)` : v.variant));
    root.append(group);
  });
  return root;
}

function table(readout) {
  const element = document.createElement("table");
  element.className = "flags readout-table";
  element.dataset.testid = "readout-table";
  const head = element.createTHead().insertRow();
  for (const title of ["Variant", "Exposures", "Conversions", "Rate", "95 % interval", "Lift", "p-value", "Significant"]) {
    const th = document.createElement("th");
    th.textContent = title;
    head.append(th);
  }
  const body = element.createTBody();
  for (const v of readout.variants) {
    const row = body.insertRow();
    row.dataset.variant = v.variant;
    row.append(
      cell(v.control ? `${v.variant} (control)` : v.variant),
      cell(String(v.exposures)),
      cell(String(v.conversions)),
      cell(percent(v.conversionRate), "readout-row-rate"),
      cell(`${percent(v.interval.low)} – ${percent(v.interval.high)}`),
      cell(v.lift === null ? "–" : `${v.lift >= 0 ? "+" : ""}${(v.lift * 100).toFixed(1)} %`),
      cell(v.pValue === null ? "–" : v.pValue.toFixed(4)),
      cell(v.control ? "–" : v.significant ? `yes (α ${readout.alpha})` : "no"),
    );
  }
  return element;
}

function describe(readout) {
  const p = document.createElement("p");
  p.className = "note";
  const left = readout.notEnrolled > 0 ? ` ${readout.notEnrolled} exposures left out (past ${readout.maxUsers} users).` : "";
  p.textContent = `${readout.users} users, conversion event "${readout.event}".${left}`;
  return p;
}

async function renderOne(container, url) {
  const response = await fetch(url, { credentials: "omit", cache: "no-store", referrerPolicy: "no-referrer" });
  if (!response.ok) throw new Error(`${url.href} answered HTTP ${response.status}.`);
  const readout = parseReadout(await response.json());
  const title = document.createElement("h3");
  title.textContent = readout.flag;
  container.replaceChildren(title, describe(readout), chart(readout), table(readout));
  container.dataset.flag = readout.flag;
}

function say(text) {
  const element = $("readout-message");
  element.textContent = text;
  element.classList.toggle("error", Boolean(text));
  element.hidden = !text;
}

async function render(containers) {
  const errors = [];
  for (const { container, url } of containers) {
    try {
      await renderOne(container, url);
    } catch (error) {
      // A fetch refused by CORS or CSP is a TypeError without details: say what usually causes it.
      errors.push(error instanceof TypeError ? `${url.href} could not be read: is the app running, and does its CORS policy allow ${location.origin}?` : error.message);
    }
  }
  say(errors.join(" "));
}

function startSection() {
  const texts = new URLSearchParams(location.search).getAll("readout");
  if (texts.length === 0) return;
  $("experiments").hidden = false;
  const urls = texts.map(readoutUrl);
  const refused = urls.filter((url) => url instanceof Error).map((error) => error.message);
  const containers = urls.filter((url) => !(url instanceof Error)).slice(0, 8).map((url) => {
    const container = document.createElement("div");
    container.className = "readout";
    container.dataset.testid = "readout";
    $("readout-list").append(container);
    return { container, url };
  });
  const update = () => render(containers).then(() => { if (refused.length) say(refused.join(" ")); });
  update().finally(() => { $("experiments").dataset.ready = "true"; });
  setInterval(update, REFRESH_MS);
}

startSection();
