// The emulator's REST API as any App Configuration client sees it: every request is signed with
// HMAC-SHA256 (x-ms-date;host;x-ms-content-sha256), so the page goes through the same
// authentication, validation and concurrency checks as Azure's own SDKs.

export const FEATURE_FLAG_PREFIX = ".appconfig.featureflag/";
export const FEATURE_FLAG_CONTENT_TYPE = "application/vnd.microsoft.appconfig.ff+json;charset=utf-8";
export const NO_LABEL = "\0";

const encoder = new TextEncoder();

function toBase64(buffer) {
  let binary = "";
  for (const byte of new Uint8Array(buffer)) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}

function fromBase64(text) {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** An error answer of the API, with the parsed problem+json body when there is one. */
export class ApiError extends Error {
  constructor(status, problem, method, path) {
    const detail = problem?.detail || problem?.title || "";
    super(`${method} ${path} failed: HTTP ${status}${detail ? ` (${detail})` : ""}`);
    this.status = status;
    this.problem = problem;
  }

  /** True when an If-Match / If-None-Match condition failed: someone else changed the item. */
  get isConflict() {
    return this.status === 412;
  }
}

export class AppConfigurationClient {
  #credential;
  #key;
  #apiVersion;

  constructor(session) {
    this.#credential = session.credential;
    this.#apiVersion = session.apiVersion;
    this.#key = crypto.subtle.importKey("raw", fromBase64(session.secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  }

  /** Sends one signed request; returns { status, etag, body } or throws ApiError on a non-2xx/304 answer. */
  async send(method, pathAndQuery, { body, headers = {} } = {}) {
    const url = new URL(pathAndQuery, location.origin);
    if (!url.searchParams.has("api-version")) {
      url.search += `${url.search ? "&" : "?"}api-version=${encodeURIComponent(this.#apiVersion)}`;
    }
    const payload = body === undefined ? "" : JSON.stringify(body);
    const contentHash = toBase64(await crypto.subtle.digest("SHA-256", encoder.encode(payload)));
    const date = new Date().toUTCString();
    // The URL as the browser will send it (already normalised by URL), and the authority it sends as Host.
    const signedPath = url.pathname + url.search;
    const stringToSign = `${method}\n${signedPath}\n${date};${url.host};${contentHash}`;
    const signature = toBase64(await crypto.subtle.sign("HMAC", await this.#key, encoder.encode(stringToSign)));
    const requestHeaders = {
      ...headers,
      "x-ms-date": date,
      "x-ms-content-sha256": contentHash,
      Authorization: `HMAC-SHA256 Credential=${this.#credential}&SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`,
      Accept: "application/vnd.microsoft.appconfig.kv+json, application/vnd.microsoft.appconfig.kvset+json, application/problem+json",
    };
    if (body !== undefined) {
      requestHeaders["Content-Type"] = "application/vnd.microsoft.appconfig.kv+json";
    }
    const response = await fetch(url, { method, headers: requestHeaders, body: body === undefined ? undefined : payload, cache: "no-store" });
    const text = await response.text();
    let parsed = null;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = { detail: text };
      }
    }
    if (!response.ok && response.status !== 304) {
      throw new ApiError(response.status, parsed, method, url.pathname);
    }
    return { status: response.status, etag: response.headers.get("ETag"), body: parsed };
  }

  /** Every key-value matching the filters, following @nextLink across pages. */
  async listKeyValues(keyFilter, labelFilter) {
    const items = [];
    let next = `/kv?key=${encodeURIComponent(keyFilter)}&label=${encodeURIComponent(labelFilter)}`;
    while (next) {
      const page = await this.send("GET", next);
      items.push(...(page.body?.items ?? []));
      next = page.body?.["@nextLink"] ?? null;
    }
    return items;
  }

  /** Feature flags (key-values under .appconfig.featureflag/) with the given label filter ("*" = all). */
  listFeatureFlags(labelFilter) {
    return this.listKeyValues(`${FEATURE_FLAG_PREFIX}*`, labelFilter);
  }

  /** Every label in use (null for "no label"). */
  async listLabels() {
    const names = [];
    let next = "/labels?name=*";
    while (next) {
      const page = await this.send("GET", next);
      names.push(...(page.body?.items ?? []).map((item) => item.name));
      next = page.body?.["@nextLink"] ?? null;
    }
    return names;
  }

  static #itemPath(key, label) {
    const labelQuery = label === null || label === undefined || label === "" ? "" : `?label=${encodeURIComponent(label)}`;
    return `/kv/${encodeURIComponent(key)}${labelQuery}`;
  }

  /** Reads one key-value; returns null when it does not exist. */
  async getKeyValue(key, label) {
    try {
      return (await this.send("GET", AppConfigurationClient.#itemPath(key, label))).body;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        return null;
      }
      throw error;
    }
  }

  /**
   * Writes a key-value. etag: the ETag the edit started from (If-Match), "*" for "must exist",
   * or null for "must not exist yet" (If-None-Match: *); undefined writes unconditionally.
   */
  async putKeyValue(key, label, value, contentType, etag, tags) {
    const headers = {};
    if (etag === null) {
      headers["If-None-Match"] = "*";
    } else if (etag !== undefined) {
      headers["If-Match"] = etag === "*" ? "*" : `"${etag}"`;
    }
    const body = { value, content_type: contentType, tags: tags ?? {} };
    return (await this.send("PUT", AppConfigurationClient.#itemPath(key, label), { body, headers })).body;
  }

  /** Deletes a key-value only if it still has the given etag. */
  async deleteKeyValue(key, label, etag) {
    const headers = etag ? { "If-Match": `"${etag}"` } : {};
    return (await this.send("DELETE", AppConfigurationClient.#itemPath(key, label), { headers })).body;
  }
}
