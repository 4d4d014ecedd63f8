/// The page frame every template extends, the sign-in page and the error page (swift-mustache; `{{ }}` escapes HTML,
/// `{{{ }}}` is used only for markup built and escaped in Swift: charts).
enum LayoutTemplates {
    /// Every page's frame: skip link, header with navigation, language switch and sign-out, the `main` block.
    static let layout = """
        <!doctype html>
        <html lang="{{chrome.language}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{chrome.title}} · {{t.app_name}}</title>
        <link rel="stylesheet" href="/assets/kindred.css">
        <script src="/assets/kindred.js" defer></script>
        </head>
        <body>
        <a class="skip" href="#main">{{t.skip_to_content}}</a>
        {{#chrome.signedIn}}
        <header class="top">
          <a class="brand" href="/">{{t.app_name}}</a>
          <nav aria-label="{{t.app_name}}">
            {{#chrome.canSeeDashboard}}<a href="/" {{#chrome.onDashboard}}aria-current="page"{{/chrome.onDashboard}}>{{t.nav_dashboard}}</a>{{/chrome.canSeeDashboard}}
            <a href="/people" {{#chrome.onPeople}}aria-current="page"{{/chrome.onPeople}}>{{t.nav_people}}</a>
            <a href="/tasks" {{#chrome.onTasks}}aria-current="page"{{/chrome.onTasks}}>{{t.nav_tasks}}</a>
            {{#chrome.canSeeDashboard}}<a href="/feedback" {{#chrome.onSurveys}}aria-current="page"{{/chrome.onSurveys}}>{{t.nav_feedback}}</a>{{/chrome.canSeeDashboard}}
            {{#chrome.canSeeDashboard}}<a href="/journey" {{#chrome.onJourney}}aria-current="page"{{/chrome.onJourney}}>{{t.nav_journey}}</a>{{/chrome.canSeeDashboard}}
            {{#chrome.canSeeMessages}}<a href="/messages" {{#chrome.onMessages}}aria-current="page"{{/chrome.onMessages}}>{{t.nav_messages}}</a>{{/chrome.canSeeMessages}}
            <a href="/gifts" {{#chrome.onGiving}}aria-current="page"{{/chrome.onGiving}}>{{t.nav_giving}}</a>
            <a href="/segments" {{#chrome.onSegments}}aria-current="page"{{/chrome.onSegments}}>{{t.nav_segments}}</a>
            {{#chrome.canImport}}<a href="/imports" {{#chrome.onImports}}aria-current="page"{{/chrome.onImports}}>{{t.nav_imports}}</a>{{/chrome.canImport}}
            {{#chrome.canSeeSettings}}<a href="/settings" {{#chrome.onSettings}}aria-current="page"{{/chrome.onSettings}}>{{t.nav_settings}}</a>{{/chrome.canSeeSettings}}
          </nav>
          <div class="account">
            <form method="post" action="/account/language" class="inline">
              <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
              <input type="hidden" name="back" value="{{chrome.path}}">
              <label for="language-switch">{{t.language}}</label>
              <select id="language-switch" name="language">
                {{#chrome.languages}}<option value="{{code}}" {{#selected}}selected{{/selected}}>{{name}}</option>{{/chrome.languages}}
              </select>
              <button type="submit">{{t.save}}</button>
            </form>
            <span class="who">{{t.signed_in_as}} {{chrome.userEmail}}</span>
            <form method="post" action="/sign-out" class="inline">
              <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
              <button type="submit" id="sign-out">{{t.sign_out}}</button>
            </form>
          </div>
        </header>
        {{/chrome.signedIn}}
        <main id="main" tabindex="-1">
        {{#chrome.notice}}<p class="notice" role="status">{{chrome.notice}}</p>{{/chrome.notice}}
        {{$main}}{{/main}}
        </main>
        </body>
        </html>
        """

    /// The sign-in form.
    static let signIn = """
        {{<layout}}{{$main}}
        <section class="card narrow">
          <h1>{{t.sign_in}}</h1>
          <p>{{t.sign_in_intro}}</p>
          {{#error}}<p class="error" role="alert" id="sign-in-error">{{error}}</p>{{/error}}
          <form method="post" action="/sign-in">
            <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
            <label for="email">{{t.email}}</label>
            <input id="email" name="email" type="email" autocomplete="username" required value="{{email}}">
            <label for="password">{{t.password}}</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required>
            <button type="submit" class="primary">{{t.sign_in}}</button>
          </form>
        </section>
        {{/main}}{{/layout}}
        """

    /// A page for a refused or failed request.
    static let error = """
        {{<layout}}{{$main}}
        <section class="card narrow">
          <h1>{{heading}}</h1>
          <p id="error-detail">{{detail}}</p>
          {{#hasIssues}}<ul class="issues">{{#issues}}<li>{{.}}</li>{{/issues}}</ul>{{/hasIssues}}
          <p><a href="/">{{t.back}}</a></p>
        </section>
        {{/main}}{{/layout}}
        """
}
