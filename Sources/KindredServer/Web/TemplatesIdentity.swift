/// Duplicates to review, the merge screen and the merged page with its undo.
enum IdentityTemplates {
    /// Likely duplicate pairs, best first.
    static let duplicates = """
        {{<layout}}{{$main}}
        <h1>{{t.duplicates_title}}</h1>
        {{#foundAt}}<form method="post" action="/duplicates/refresh" class="inline"><input type="hidden" name="_csrf" value="{{chrome.csrf}}">
          <p class="muted" id="duplicates-found-at">{{t.duplicates_found_at}} {{foundAt}}.{{#canMerge}} <button type="submit" id="look-again">{{t.look_again}}</button>{{/canMerge}}</p></form>{{/foundAt}}
        {{#hasPairs}}
        <table class="list" id="duplicates">
          <thead><tr><th scope="col">{{t.first_record}}</th><th scope="col">{{t.second_record}}</th><th scope="col">{{t.score}}</th><th scope="col">{{t.matched_on}}</th><th scope="col"></th></tr></thead>
          <tbody>{{#pairs}}<tr><td><a href="/people/{{firstId}}">{{firstName}}</a></td><td><a href="/people/{{secondId}}">{{secondName}}</a></td><td>{{score}}</td><td>{{matched}}</td>
            <td><a class="button" href="/duplicates/review?first={{firstId}}&amp;second={{secondId}}">{{t.review}}</a></td></tr>{{/pairs}}</tbody>
        </table>
        {{/hasPairs}}
        {{^hasPairs}}<p class="empty">{{t.no_duplicates}}</p>{{/hasPairs}}
        {{#nextPage}}<p><a href="{{nextPage}}" rel="next">{{t.next_page}}</a></p>{{/nextPage}}
        {{/main}}{{/layout}}
        """

    /// Both records side by side; choose who stays and which fields to take from the other.
    static let review = """
        {{<layout}}{{$main}}
        <h1>{{t.merge_title}}</h1>
        <form method="post" action="/merges" class="card">
          <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
          <table class="list compare">
            <thead><tr><th scope="col"></th>{{#records}}<th scope="col"><label class="check"><input type="radio" name="survivor" value="{{id}}" {{#first}}checked{{/first}}> {{t.keep_this_record}}</label></th>{{/records}}</tr></thead>
            <tbody>{{#rows}}<tr><th scope="row">{{label}}</th>{{#values}}<td>{{.}}</td>{{/values}}</tr>{{/rows}}</tbody>
          </table>
          <input type="hidden" name="first" value="{{firstId}}"><input type="hidden" name="second" value="{{secondId}}">
          <fieldset><legend>{{t.take_from_other}}</legend>
            {{#fields}}<label class="check"><input type="checkbox" name="take" value="{{value}}"> {{label}}</label>{{/fields}}
          </fieldset>
          <p class="muted">{{t.merge_explained}}</p>
          <button type="submit" class="primary" id="merge">{{t.merge}}</button>
        </form>
        {{/main}}{{/layout}}
        """

    /// After a merge: where everything went, and the undo.
    static let merged = """
        {{<layout}}{{$main}}
        <section class="card narrow">
          <h1>{{t.merged_title}}</h1>
          <p id="merge-summary">{{summary}}</p>
          <p><a href="/people/{{survivorId}}">{{t.open_person}}</a></p>
          {{^undone}}<form method="post" action="/merges/{{id}}/undo"><input type="hidden" name="_csrf" value="{{chrome.csrf}}"><button type="submit" id="undo-merge">{{t.undo_merge}}</button></form>{{/undone}}
          {{#undone}}<p class="notice" id="merge-undone">{{t.merge_undone}}</p>{{/undone}}
        </section>
        {{/main}}{{/layout}}
        """
}
