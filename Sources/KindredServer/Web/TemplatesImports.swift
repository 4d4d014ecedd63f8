/// The imports pages: upload with a preset or a column mapping, progress, and the report.
enum ImportTemplates {
    /// The upload form; a script sends the file and shows a progress bar (uploads need JavaScript; `kindred import` does without).
    static let upload = """
        {{<layout}}{{$main}}
        <h1>{{t.imports_title}}</h1>
        <form class="card" id="import-form" data-csrf="{{chrome.csrf}}">
          <noscript><p class="error">{{t.import_needs_script}}</p></noscript>
          <label for="import-file">{{t.csv_file}}</label><input id="import-file" name="file" type="file" accept=".csv,text/csv" required>
          <label for="import-kind">{{t.import_kind}}</label>
          <select id="import-kind" name="kind">{{#kinds}}<option value="{{value}}">{{label}}</option>{{/kinds}}</select>
          <label for="import-preset">{{t.import_preset}}</label>
          <select id="import-preset" name="preset"><option value="">{{t.no_preset}}</option>{{#presets}}<option value="{{name}}" data-kind="{{kind}}">{{name}} ({{kindLabel}})</option>{{/presets}}</select>
          <label for="import-source">{{t.import_source}}</label><input id="import-source" name="source" maxlength="64" pattern="[a-z][a-z0-9_]*">
          <label for="import-mapping">{{t.import_mapping}}</label>
          <textarea id="import-mapping" name="mapping" rows="3" spellcheck="false" placeholder="Donor email=email"></textarea>
          <p class="muted">{{t.import_mapping_help}}</p>
          <label class="check"><input type="checkbox" id="import-partial" name="partial" value="true"> {{t.import_partial}}</label>
          <button type="submit" name="dryRun" value="true" id="import-dry-run">{{t.dry_run}}</button>
          <button type="submit" name="dryRun" value="false" class="primary" id="import-run">{{t.import_run}}</button>
          <div id="import-progress" hidden><progress max="100" value="0" aria-label="{{t.import_progress}}"></progress> <span id="import-rows"></span></div>
          <p id="import-error" class="error" role="alert"></p>
        </form>
        {{/main}}{{/layout}}
        """

    /// A finished (or running) import: its figures, the first problems, the full report to download.
    static let report = """
        {{<layout}}{{$main}}
        <h1>{{t.import_report}}</h1>
        <section class="card">
          <p class="big" id="import-status">{{status}}</p>
          {{#report}}
          <dl class="rollup">
            <dt>{{t.rows_read}}</dt><dd id="rows-read">{{rowsRead}}</dd><dt>{{t.created}}</dt><dd id="rows-created">{{created}}</dd>
            <dt>{{t.updated}}</dt><dd>{{updated}}</dd><dt>{{t.unchanged}}</dt><dd>{{unchanged}}</dd>
            <dt>{{t.problems}}</dt><dd id="issue-count">{{issueCount}}</dd>
          </dl>
          {{/report}}
          {{#hasIssues}}
          <table class="list" id="import-issues">
            <thead><tr><th scope="col">{{t.row}}</th><th scope="col">{{t.column}}</th><th scope="col">{{t.reason}}</th></tr></thead>
            <tbody>{{#issues}}<tr><td>{{row}}</td><td>{{column}}</td><td>{{reason}}</td></tr>{{/issues}}</tbody>
          </table>
          <p><a class="button" href="/imports/{{id}}/report.csv" id="download-report">{{t.download_report}}</a></p>
          {{/hasIssues}}
        </section>
        <p><a href="/imports">{{t.imports_title}}</a></p>
        {{/main}}{{/layout}}
        """
}
