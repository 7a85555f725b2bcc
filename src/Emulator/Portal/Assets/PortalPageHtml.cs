namespace OpenFeatureAppConfig.Emulator.Portal.Assets;

/// <summary>The portal page (served at / and /portal).</summary>
internal static class PortalPageHtml
{
    /// <summary>The file's text, served as is.</summary>
    public const string Text = """"
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Feature manager · App Configuration emulator</title>
<link rel="stylesheet" href="/portal/assets/portal.css">
<script type="module" src="/portal/assets/app.js"></script>
</head>
<body>
<header class="masthead">
  <h1>Feature manager</h1>
  <span class="endpoint" id="endpoint" data-testid="endpoint"></span>
</header>

<div id="message" class="message" role="alert" data-testid="message" hidden></div>

<section class="toolbar" aria-label="Feature flags">
  <input type="search" id="search" data-testid="search" placeholder="Search flags by name or description" aria-label="Search flags">
  <label>Label
    <select id="label-filter" data-testid="label-filter">
    </select>
  </label>
  <button type="button" id="create" data-testid="create" class="primary">+ Create</button>
  <button type="button" id="refresh" data-testid="refresh">Refresh</button>
  <span class="spacer"></span>
  <label class="file-button">Import…<input type="file" id="import-file" data-testid="import-file" accept=".json,application/json"></label>
  <button type="button" id="export-kvset" data-testid="export-kvset" title="The KVSet shape of az appconfig kv export">Export (az kvset)</button>
  <button type="button" id="export-appsettings" data-testid="export-appsettings" title="The feature_management section of an appsettings.json">Export (appsettings)</button>
</section>

<table class="flags" data-testid="flags">
  <thead>
    <tr><th>Enabled</th><th>Name</th><th>Label</th><th>Description</th><th>Conditions</th><th>Last modified</th><th></th></tr>
  </thead>
  <tbody id="flag-rows"></tbody>
</table>
<p id="empty" class="empty" data-testid="empty" hidden>No feature flags match.</p>

<dialog id="editor" data-testid="editor" aria-labelledby="editor-title">
  <form id="editor-form" method="dialog" novalidate>
    <header class="editor-head">
      <h2 id="editor-title">Feature flag</h2>
      <div class="tabs" role="tablist">
        <button type="button" role="tab" id="tab-form" data-testid="tab-form" aria-selected="true">Form</button>
        <button type="button" role="tab" id="tab-json" data-testid="tab-json" aria-selected="false">JSON</button>
      </div>
    </header>
    <div id="editor-message" class="message" role="alert" data-testid="editor-message" hidden></div>

    <div id="form-pane">
      <fieldset>
        <legend>Basics</legend>
        <label>Name <input id="f-id" data-testid="f-id" required autocomplete="off"></label>
        <label>Label <input id="f-label" data-testid="f-label" autocomplete="off" placeholder="(no label)"></label>
        <label>Display name <input id="f-display-name" data-testid="f-display-name" autocomplete="off"></label>
        <label class="wide">Description <textarea id="f-description" data-testid="f-description" rows="2"></textarea></label>
        <label class="check"><input type="checkbox" id="f-enabled" data-testid="f-enabled"> Enabled</label>
        <label>Requirement
          <select id="f-requirement" data-testid="f-requirement"><option>Any</option><option>All</option></select>
        </label>
        <label class="check"><input type="checkbox" id="f-telemetry" data-testid="f-telemetry"> Telemetry</label>
      </fieldset>

      <fieldset>
        <legend><label class="check"><input type="checkbox" id="f-percentage-on" data-testid="f-percentage-on"> Percentage filter</label></legend>
        <div id="percentage-section" class="section">
          <label>Percentage of evaluations <input type="number" min="0" max="100" step="any" id="f-percentage" data-testid="f-percentage"></label>
        </div>
      </fieldset>

      <fieldset>
        <legend><label class="check"><input type="checkbox" id="f-targeting-on" data-testid="f-targeting-on"> Targeting</label></legend>
        <div id="targeting-section" class="section">
          <label class="wide">Users (one a line) <textarea id="f-users" data-testid="f-users" rows="2"></textarea></label>
          <div class="wide">Groups
            <table class="rows"><thead><tr><th>Group</th><th>Rollout %</th><th></th></tr></thead><tbody id="f-groups" data-testid="f-groups"></tbody></table>
            <button type="button" id="add-group" data-testid="add-group">+ Group</button>
          </div>
          <label>Default rollout % <input type="number" min="0" max="100" step="any" id="f-default-rollout" data-testid="f-default-rollout"></label>
          <label class="wide">Excluded users (one a line) <textarea id="f-excluded-users" data-testid="f-excluded-users" rows="2"></textarea></label>
          <label class="wide">Excluded groups (one a line) <textarea id="f-excluded-groups" data-testid="f-excluded-groups" rows="2"></textarea></label>
        </div>
      </fieldset>

      <fieldset>
        <legend><label class="check"><input type="checkbox" id="f-time-window-on" data-testid="f-time-window-on"> Time window</label></legend>
        <div id="time-window-section" class="section">
          <label>Start (UTC) <input type="datetime-local" step="1" id="f-start" data-testid="f-start"></label>
          <label>End (UTC) <input type="datetime-local" step="1" id="f-end" data-testid="f-end"></label>
          <p id="recurrence-note" class="note wide" hidden>This time window has a recurrence; it is kept as it is (edit it in the JSON view).</p>
        </div>
      </fieldset>

      <fieldset>
        <legend>Variants</legend>
        <div class="wide">
          <table class="rows"><thead><tr><th>Name</th><th>Configuration value (JSON)</th><th>Status override</th><th></th></tr></thead><tbody id="f-variants" data-testid="f-variants"></tbody></table>
          <button type="button" id="add-variant" data-testid="add-variant">+ Variant</button>
        </div>
      </fieldset>

      <fieldset>
        <legend>Allocation</legend>
        <label>Default when enabled <input id="f-default-enabled" data-testid="f-default-enabled" list="variant-names" autocomplete="off"></label>
        <label>Default when disabled <input id="f-default-disabled" data-testid="f-default-disabled" list="variant-names" autocomplete="off"></label>
        <label>Seed <input id="f-seed" data-testid="f-seed" autocomplete="off"></label>
        <div class="wide">Users
          <table class="rows"><thead><tr><th>Variant</th><th>Users (comma-separated)</th><th></th></tr></thead><tbody id="f-alloc-users" data-testid="f-alloc-users"></tbody></table>
          <button type="button" id="add-alloc-user" data-testid="add-alloc-user">+ User allocation</button>
        </div>
        <div class="wide">Groups
          <table class="rows"><thead><tr><th>Variant</th><th>Groups (comma-separated)</th><th></th></tr></thead><tbody id="f-alloc-groups" data-testid="f-alloc-groups"></tbody></table>
          <button type="button" id="add-alloc-group" data-testid="add-alloc-group">+ Group allocation</button>
        </div>
        <div class="wide">Percentiles
          <table class="rows"><thead><tr><th>Variant</th><th>From %</th><th>To %</th><th></th></tr></thead><tbody id="f-alloc-percentiles" data-testid="f-alloc-percentiles"></tbody></table>
          <button type="button" id="add-alloc-percentile" data-testid="add-alloc-percentile">+ Percentile</button>
        </div>
      </fieldset>
      <datalist id="variant-names"></datalist>
    </div>

    <div id="json-pane" hidden>
      <label class="wide">Flag value (v2 schema)
        <textarea id="json-value" data-testid="json-value" rows="24" spellcheck="false"></textarea>
      </label>
      <details>
        <summary>Stored key-value</summary>
        <pre id="json-key-value" data-testid="json-key-value"></pre>
      </details>
    </div>

    <footer class="editor-foot">
      <span id="editor-etag" class="etag" data-testid="editor-etag"></span>
      <span class="spacer"></span>
      <button type="button" id="editor-reload" data-testid="editor-reload" hidden>Reload latest</button>
      <button type="button" id="editor-cancel" data-testid="editor-cancel">Cancel</button>
      <button type="submit" id="editor-save" data-testid="editor-save" class="primary" value="save">Save</button>
    </footer>
  </form>
</dialog>
</body>
</html>
"""";
}
