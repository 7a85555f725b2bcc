// The experiment readout's data, apart from drawing: which readout URLs the page may fetch (the same rule as the
// emulator's PortalReadoutSources, which lets only those origins into the page's connect-src), and checking an
// answer's shape (docs/guardrails.md) before anything is drawn from it.

const LOOPBACK_IPV4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** The readout URL, or an Error saying why the page will not fetch it. */
export function readoutUrl(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    return new Error(`"${text}" is not an absolute URL.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return new Error(`"${text}" is not an http(s) URL.`);
  if (url.username || url.password) return new Error(`"${text}" carries user info; the page sends no credentials.`);
  if (url.hostname !== "localhost" && !LOOPBACK_IPV4.test(url.hostname)) {
    return new Error(`"${text}" is not on this machine (localhost or 127.x.y.z): the portal fetches readouts from loopback only.`);
  }
  return url;
}

const isCount = (value) => Number.isSafeInteger(value) && value >= 0;
const isUnit = (value) => typeof value === "number" && value >= 0 && value <= 1;
const isNumberOrNull = (value) => value === null || (typeof value === "number" && Number.isFinite(value));

/** The readout if its shape is right, else throws naming what is wrong. */
export function parseReadout(body) {
  if (typeof body !== "object" || body === null || typeof body.flag !== "string" || typeof body.control !== "string" || !Array.isArray(body.variants)) {
    throw new Error("The answer is not an experiment readout (flag, control, variants).");
  }
  for (const v of body.variants) {
    const ok = typeof v === "object" && v !== null && typeof v.variant === "string" && typeof v.control === "boolean"
      && isCount(v.exposures) && isCount(v.conversions) && isUnit(v.conversionRate)
      && typeof v.interval === "object" && v.interval !== null && isUnit(v.interval.low) && isUnit(v.interval.high)
      && isNumberOrNull(v.lift) && isNumberOrNull(v.pValue) && typeof v.significant === "boolean";
    if (!ok) throw new Error(`The readout of "${body.flag}" has a variant line of the wrong shape.`);
  }
  return body;
}

/** A rate as a percentage with one decimal: 0.1234 → "12.3 %". */
export function percent(rate) {
  return `${(rate * 100).toFixed(1)} %`;
}
