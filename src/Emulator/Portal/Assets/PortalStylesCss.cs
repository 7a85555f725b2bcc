namespace OpenFeatureAppConfig.Emulator.Portal.Assets;

/// <summary>The portal page's styles (portal.css).</summary>
internal static class PortalStylesCss
{
    /// <summary>The file's text, served as is.</summary>
    public const string Text = """"
:root { --accent: #0f6cbd; --danger: #c50f1f; --line: #d1d1d1; --muted: #616161; font-family: "Segoe UI", system-ui, sans-serif; font-size: 14px; color: #242424; }
body { margin: 0 24px 24px; }
.masthead { display: flex; align-items: baseline; gap: 16px; border-bottom: 1px solid var(--line); }
.masthead h1 { font-size: 20px; font-weight: 600; }
.endpoint, .etag, .note { color: var(--muted); }
.toolbar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 16px 0; }
.toolbar input[type=search] { min-width: 280px; }
.spacer { flex: 1; }
button, .file-button { font: inherit; padding: 4px 12px; border: 1px solid var(--line); border-radius: 4px; background: #fff; cursor: pointer; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button.danger { color: var(--danger); }
button.link { border: none; background: none; padding: 0; color: var(--accent); font-weight: 600; }
button.link:hover { text-decoration: underline; }
.file-button input { display: none; }
input, select, textarea { font: inherit; padding: 3px 6px; border: 1px solid var(--line); border-radius: 4px; }
textarea { font-family: ui-monospace, monospace; }
table.flags { border-collapse: collapse; width: 100%; }
table.flags th, table.flags td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: middle; }
table.flags td.actions { white-space: nowrap; text-align: right; }
.message { margin: 8px 0; padding: 8px 12px; border-radius: 4px; background: #ebf3fc; }
.message.error { background: #fdf3f4; color: var(--danger); border: 1px solid var(--danger); }
.empty { color: var(--muted); }
.switch { appearance: none; width: 36px; height: 20px; border-radius: 10px; background: #8a8a8a; position: relative; cursor: pointer; border: none; padding: 0; }
.switch::after { content: ""; position: absolute; top: 3px; left: 3px; width: 14px; height: 14px; border-radius: 50%; background: #fff; transition: left 0.1s; }
.switch:checked { background: var(--accent); }
.switch:checked::after { left: 19px; }
dialog { width: min(920px, 95vw); max-height: 92vh; border: 1px solid var(--line); border-radius: 8px; padding: 0; }
dialog form { padding: 0 20px; }
.editor-head, .editor-foot { display: flex; align-items: center; gap: 8px; position: sticky; background: #fff; padding: 10px 0; z-index: 1; }
.editor-head { top: 0; border-bottom: 1px solid var(--line); }
.editor-foot { bottom: 0; border-top: 1px solid var(--line); }
.editor-head h2 { font-size: 16px; margin: 0; flex: 1; }
.tabs button[aria-selected=true] { border-color: var(--accent); color: var(--accent); }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 12px 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 8px 16px; }
fieldset .section { display: contents; }
fieldset .section[hidden] { display: none; }
fieldset label { display: flex; flex-direction: column; gap: 2px; }
fieldset label.check { flex-direction: row; align-items: center; gap: 6px; }
.wide { grid-column: 1 / -1; }
table.rows { border-collapse: collapse; width: 100%; }
table.rows th { text-align: left; font-weight: 600; padding: 2px 4px; }
table.rows td { padding: 2px 4px; }
table.rows td:last-child { width: 1%; }
table.rows input, table.rows select { width: 100%; box-sizing: border-box; }
#json-value { width: 100%; box-sizing: border-box; }
pre { background: #f5f5f5; padding: 8px; overflow: auto; }
"""";
}
