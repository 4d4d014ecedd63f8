import Hummingbird

/// The stylesheet and the little script the web app needs, shipped inside the binary (no CDN; works offline).
enum WebAssets {
    /// An asset response, cached for a day.
    static func response(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=86400", .xContentTypeOptions: "nosniff"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Calm colours with sufficient contrast, visible focus, a layout that reflows on a phone.
    static let stylesheet = """
        :root { --ink: #1d2733; --muted: #55606e; --line: #d8dee6; --paper: #f6f7f9; --card: #fff; --accent: #0b5cad; --accent-ink: #fff;
          --good: #1f7a4d; --bad: #a12622; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--paper); line-height: 1.5; }
        a { color: var(--accent); }
        :focus-visible { outline: 3px solid #f2a900; outline-offset: 2px; }
        .skip { position: absolute; left: -999px; top: 0; background: var(--card); padding: .5rem 1rem; }
        .skip:focus { left: 1rem; z-index: 10; }
        .top { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; justify-content: space-between; padding: .75rem 1.5rem;
          background: var(--card); border-bottom: 1px solid var(--line); }
        .brand { font-weight: 700; font-size: 1.2rem; text-decoration: none; color: var(--ink); }
        .top nav { display: flex; gap: 1rem; flex-wrap: wrap; }
        .top nav a { text-decoration: none; padding: .25rem .5rem; border-radius: 6px; }
        .top nav a[aria-current="page"] { background: var(--accent); color: var(--accent-ink); }
        .account { display: flex; gap: .75rem; align-items: center; flex-wrap: wrap; font-size: .9rem; color: var(--muted); }
        main { max-width: 72rem; margin: 0 auto; padding: 1.5rem; }
        h1 { font-size: 1.6rem; margin: .5rem 0 1rem; }
        h2 { font-size: 1.1rem; margin: 0 0 .75rem; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 1.25rem; margin-bottom: 1rem; }
        .narrow { max-width: 28rem; margin: 2rem auto; }
        .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 1rem; }
        label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
        .inline label { display: inline; margin: 0 .25rem 0 0; }
        .filters { display: flex; flex-wrap: wrap; gap: .75rem; width: 100%; }
        .filters span { flex: 1 1 10rem; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        .bulk { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; margin-top: .75rem; }
        .bulk input { width: auto; }
        label.check { font-weight: 400; display: flex; gap: .5rem; align-items: center; }
        label.check input { width: auto; }
        form.inline { display: inline-flex; gap: .4rem; align-items: center; }
        form.inline.wrap { display: flex; flex-wrap: wrap; margin-top: .75rem; }
        input, select, textarea { font: inherit; padding: .45rem .6rem; border: 1px solid #8a94a3; border-radius: 6px; width: 100%; background: #fff; color: var(--ink); }
        .inline input, .inline select { width: auto; }
        button, .button { font: inherit; padding: .45rem .9rem; border: 1px solid var(--accent); border-radius: 6px; background: #fff;
          color: var(--accent); cursor: pointer; text-decoration: none; display: inline-block; }
        button.primary, .button.primary { background: var(--accent); color: var(--accent-ink); margin-top: 1rem; }
        .title-row { display: flex; justify-content: space-between; align-items: center; gap: 1rem; flex-wrap: wrap; }
        .search { display: flex; gap: .5rem; align-items: end; flex-wrap: wrap; margin-bottom: 1rem; }
        .search label { width: 100%; }
        .search input { flex: 1; min-width: 12rem; }
        table.list { width: 100%; border-collapse: collapse; background: var(--card); }
        table.list th, table.list td { text-align: left; padding: .5rem; border-bottom: 1px solid var(--line); }
        .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: 1rem; margin-bottom: 1rem; }
        .figure { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 1rem; }
        .figure-label { display: block; color: var(--muted); font-size: .9rem; }
        .figure-value { display: block; font-size: 1.6rem; font-weight: 700; }
        .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1rem; }
        .chart { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 1rem; margin: 0; }
        .chart figcaption { font-weight: 600; margin-bottom: .5rem; }
        .chart-label, .chart-value { font-size: 12px; fill: var(--ink); }
        .chart-bar { fill: var(--accent); }
        .chart-data { margin-top: .5rem; font-size: .9rem; }
        .chart-data table { border-collapse: collapse; }
        .chart-data th, .chart-data td { padding: .2rem .6rem; border-bottom: 1px solid var(--line); text-align: left; }
        .meter, .bar { display: block; height: .8rem; background: #e4e8ee; border-radius: 999px; overflow: hidden; }
        .meter span, .bar span { display: block; height: 100%; background: var(--accent); }
        .bars { list-style: none; padding: 0; }
        .bars li { display: grid; grid-template-columns: 8rem 1fr 2.5rem; gap: .5rem; align-items: center; margin: .3rem 0; }
        .pill { display: inline-block; padding: .1rem .6rem; margin-right: .3rem; border-radius: 999px; background: #e4ecf7; font-size: .85rem; }
        .pill.tag { background: #eef0e6; }
        .badge { display: inline-block; padding: .1rem .6rem; border-radius: 999px; background: var(--good); color: #fff; font-size: .85rem; }
        .principles { background: #fffbea; border: 1px solid #e8d9a0; border-radius: 10px; padding: .75rem 1rem; margin-bottom: 1rem; }
        .principles p { white-space: pre-line; margin: 0; }
        .big { font-size: 1.4rem; font-weight: 700; margin: 0; }
        .meta, .muted, .empty { color: var(--muted); }
        .error { color: var(--bad); font-weight: 600; }
        .notice { background: #e6f4ec; border: 1px solid var(--good); padding: .5rem 1rem; border-radius: 6px; }
        td.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .badge.warn { background: var(--bad); }
        .sentiment-positive { color: var(--good); } .sentiment-negative { color: var(--bad); } ul.feedback li { margin-bottom: .4rem; }
        .tasks { list-style: none; padding: 0; }
        .tasks li { padding: .5rem 0; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
        .tasks li.overdue { border-left: 4px solid var(--bad); padding-left: .6rem; }
        .timeline { list-style: none; padding: 0; }
        .timeline li { padding: .5rem 0; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
        .rollup { display: grid; grid-template-columns: auto 1fr; gap: .2rem 1rem; }
        .rollup dt { color: var(--muted); }
        .rollup dd { margin: 0; }
        .builder { border: 1px solid var(--line); border-radius: 8px; margin: 1rem 0; padding: .75rem 1rem; }
        .condition { display: flex; flex-wrap: wrap; gap: .4rem; margin: .5rem 0; }
        .condition select, .condition input { width: auto; flex: 1 1 9rem; }
        code { background: #eef1f5; padding: .1rem .3rem; border-radius: 4px; overflow-wrap: anywhere; }
        #live-count { min-height: 1.5rem; font-weight: 600; }
        @media (max-width: 40rem) { main { padding: 1rem; } .top { padding: .5rem 1rem; } .bars li { grid-template-columns: 6rem 1fr 2.5rem; } }
        .public main { max-width: 40rem; } .public .organisation { color: var(--muted); margin: 0 0 .5rem; }
        fieldset.question { border: 0; padding: 0; margin: 0 0 1.75rem; } fieldset.question legend { font-weight: 600; margin-bottom: .5rem; }
        fieldset.invalid legend, .public .error { color: var(--bad); }
        .choices { display: flex; flex-direction: column; gap: .4rem; }
        .choices.numbers { display: grid; grid-template-columns: repeat(auto-fit, minmax(2.75rem, 1fr)); gap: .3rem; }
        .choice { display: flex; align-items: center; gap: .5rem; min-height: 2.75rem; padding: .25rem .5rem; border: 1px solid var(--line); border-radius: 8px; }
        .numbers .choice { justify-content: center; flex-direction: column; gap: 0; padding: .2rem; }
        .choice input { width: auto; margin: 0; } .ends { display: flex; justify-content: space-between; color: var(--muted); font-size: .85rem; }
        .public textarea { width: 100%; } .public .note { color: var(--muted); font-size: .9rem; }
        .languages { margin-top: 2rem; display: flex; gap: 1rem; } .languages a[aria-current] { font-weight: 700; }
        ol.ideas { list-style: none; padding: 0; } .idea h2 { margin-top: 0; overflow-wrap: anywhere; }
        """

    /// Search as you type on the people page (the results are swapped in); the segment builder's condition rows, which
    /// write the rule text, and its live count. Without JavaScript the forms submit and the rule is typed.
    static let script = """
        document.addEventListener("DOMContentLoaded", () => {
          const rule = document.getElementById("ruleText");
          if (rule) {
            const status = document.getElementById("live-count");
            let timer;
            const count = () => {
              clearTimeout(timer);
              timer = setTimeout(async () => {
                if (!rule.value.trim()) { status.textContent = ""; return; }
                const body = new URLSearchParams({ ruleText: rule.value, _csrf: rule.dataset.csrf });
                const response = await fetch(rule.dataset.countUrl, { method: "POST", body, credentials: "same-origin",
                  headers: { "X-CSRF-Token": rule.dataset.csrf } });
                const answer = await response.json().catch(() => ({}));
                status.textContent = answer.count !== undefined && answer.count !== null
                  ? answer.count.toLocaleString(document.documentElement.lang) + " " + rule.dataset.countText : (answer.error || "");
              }, 300);
            };
            rule.addEventListener("input", count);
            const builder = document.getElementById("builder"), rows = document.getElementById("builder-rows");
            const join = document.getElementById("builder-join"), template = document.getElementById("condition-row");
            if (builder && template) {
              builder.hidden = false;
              const literal = (kind, value) => {
                if (kind === "number" && /^-?[0-9]+(\\.[0-9]+)?$/.test(value)) return value;
                if (kind === "boolean" || kind === "vocabulary") return /^[a-z_]+$/.test(value) ? value : JSON.stringify(value);
                return JSON.stringify(value);
              };
              const write = () => {
                const parts = [...rows.querySelectorAll(".condition")].map(row => {
                  const field = row.querySelector(".condition-field"), option = field.selectedOptions[0];
                  const op = row.querySelector(".condition-operator").value, value = row.querySelector(".condition-value").value.trim();
                  if (op === "exists") return field.value + " exists";
                  if (!value) return null;
                  const kind = option.dataset.kind;
                  const rendered = op === "in" ? "[" + value.split(",").map(v => literal(kind, v.trim())).join(", ") + "]" : literal(kind, value);
                  return field.value + " " + op + " " + rendered;
                }).filter(Boolean);
                if (parts.length) { rule.value = parts.join(" " + join.value + " "); count(); }
              };
              const prepare = row => {
                const field = row.querySelector(".condition-field"), op = row.querySelector(".condition-operator");
                const value = row.querySelector(".condition-value"), list = document.createElement("datalist");
                list.id = "values-" + Math.random().toString(36).slice(2);
                row.appendChild(list);
                value.setAttribute("list", list.id);
                const refresh = () => {
                  const option = field.selectedOptions[0];
                  op.replaceChildren(...option.dataset.operators.split(" ").map(o => new Option(o, o)));
                  list.replaceChildren(...option.dataset.values.split(" ").filter(Boolean).map(v => new Option(v, v)));
                };
                field.addEventListener("change", () => { refresh(); write(); });
                op.addEventListener("change", write);
                value.addEventListener("input", write);
                row.querySelector(".condition-remove").addEventListener("click", () => { row.remove(); write(); });
                refresh();
              };
              document.getElementById("add-condition").addEventListener("click", () => {
                rows.appendChild(template.content.cloneNode(true));
                prepare(rows.lastElementChild);
                rows.lastElementChild.querySelector(".condition-field").focus();
              });
              join.addEventListener("change", write);
            }
          }
          const upload = document.getElementById("import-form");
          if (upload) {
            let dryRun = "true";
            upload.querySelectorAll("button[name=dryRun]").forEach(b => b.addEventListener("click", () => { dryRun = b.value; }));
            upload.addEventListener("submit", async event => {
              event.preventDefault();
              const file = document.getElementById("import-file").files[0], error = document.getElementById("import-error");
              if (!file) return;
              const query = new URLSearchParams({ kind: upload.kind.value, dryRun });
              if (upload.preset.value) query.set("preset", upload.preset.value);
              if (upload.source.value.trim()) query.set("source", upload.source.value.trim());
              if (upload.partial.checked) query.set("partial", "true");
              upload.mapping.value.split("\\n").map(l => l.trim()).filter(Boolean).forEach(l => query.append("map", l));
              error.textContent = "";
              const progress = document.getElementById("import-progress"), bar = progress.querySelector("progress");
              progress.hidden = false;
              const response = await fetch("/imports/upload?" + query, { method: "POST", body: file, credentials: "same-origin",
                headers: { "X-CSRF-Token": upload.dataset.csrf, "Content-Type": "text/csv" } });
              const started = await response.json().catch(() => ({}));
              if (!response.ok) { progress.hidden = true; error.textContent = started.detail || response.statusText; return; }
              const poll = async () => {
                const state = await (await fetch("/imports/" + started.id + "/status", { credentials: "same-origin" })).json();
                if (state.status !== "running") { location.href = "/imports/" + started.id; return; }
                if (state.progress && state.progress.bytesTotal) bar.value = 100 * (state.progress.bytesRead + state.progress.bytesApplied) / (2 * state.progress.bytesTotal);
                document.getElementById("import-rows").textContent = state.progress ? state.progress.rowsRead.toLocaleString() : "";
                setTimeout(poll, 400);
              };
              poll();
            });
          }
          const input = document.querySelector("[data-live-search]");
          const results = document.getElementById("people-results");
          if (!input || !results) return;
          let timer;
          input.addEventListener("input", () => {
            clearTimeout(timer);
            timer = setTimeout(async () => {
              const url = "/people?q=" + encodeURIComponent(input.value);
              const response = await fetch(url, { credentials: "same-origin" });
              if (!response.ok) return;
              const page = new DOMParser().parseFromString(await response.text(), "text/html");
              const fresh = page.getElementById("people-results");
              if (fresh) { results.replaceWith(fresh); history.replaceState(null, "", url); }
            }, 250);
          });
        });
        """
}
