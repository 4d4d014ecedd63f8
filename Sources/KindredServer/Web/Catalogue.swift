import KindredCore

/// Every string of the web app in English, Dutch and French, by key. Templates read them as `{{t.key}}`; Swift code
/// through `Catalogue.text`. A test fails when a key is missing from any language or used without being defined.
enum Catalogue {
    /// The strings of a language.
    static func strings(_ language: Language) -> [String: String] {
        switch language {
        case .en: english
        case .nl: dutch
        case .fr: french
        }
    }

    /// One string (the key itself if it were ever missing, which the catalogue test rules out).
    static func text(_ key: String, _ language: Language) -> String {
        strings(language)[key] ?? key
    }

    static let english: [String: String] = [
        "import_status_applied": "Imported.",
        "import_status_failed": "The file could not be read; nothing was imported.",
        "import_status_dry_run": "Dry run: nothing was saved. These are the figures an import would give.",
        "import_status_rejected": "Nothing was imported because some rows have problems. Fix them, or import the good rows only.",
        "import_status_running": "Importing…",
        "import_partial": "Import the good rows and report the bad ones",
        "nav_imports": "Imports",
        "imports_title": "Imports",
        "import_needs_script": "Uploading a file here needs JavaScript; without it, use kindred import on the server.",
        "csv_file": "CSV file",
        "import_kind": "What the file holds",
        "import_preset": "Format",
        "no_preset": "Kindred's own columns",
        "import_source": "Source name (for the external ids; optional)",
        "import_mapping": "Column mapping (optional)",
        "import_mapping_help": "One per line: the file's column = Kindred's column, e.g. Donor email=email.",
        "dry_run": "Dry run",
        "import_run": "Import",
        "import_progress": "Import progress",
        "import_report": "Import report",
        "rows_read": "Rows read",
        "created": "Created",
        "updated": "Updated",
        "unchanged": "Unchanged",
        "problems": "Problems",
        "row": "Row",
        "column": "Column",
        "reason": "Reason",
        "download_report": "Download the report",
        "nav_segments": "Segments",
        "segments_title": "Segments",
        "new_segment": "New segment",
        "segment_name": "Name",
        "segment_description": "Persona: who these people are and what they need (optional)",
        "segment_rule": "Rule",
        "segment_rule_help": "For example: loyalty = lapsed and engagement.content >= 60 and interactions(type = article_read, within 90 days) >= 2",
        "conditions": "Conditions",
        "people_who_match": "People who match",
        "match_all": "all conditions",
        "match_any": "any condition",
        "add_condition": "Add a condition",
        "field": "Field",
        "operator": "Comparison",
        "value": "Value",
        "remove": "Remove",
        "people_match": "people match",
        "preview": "Count",
        "save_segment": "Save segment",
        "persona": "Persona",
        "no_segments": "No segments yet.",
        "members": "members",
        "export_csv": "Export CSV",
        "app_name": "Kindred", "skip_to_content": "Skip to content", "nav_dashboard": "Dashboard", "nav_people": "People",
        "nav_settings": "Settings", "signed_in_as": "Signed in as", "sign_in": "Sign in", "sign_out": "Sign out",
        "sign_in_intro": "Sign in with your Kindred account.", "email": "Email", "password": "Password",
        "sign_in_failed": "That email and password do not match an active account.",
        "sign_in_throttled": "Too many failed sign-ins. Wait a quarter of an hour and try again.",
        "language": "Language", "language_en": "English", "language_nl": "Nederlands", "language_fr": "Français", "save": "Save",
        "dashboard_title": "Dashboard", "guiding_principles": "Our guiding principles",
        "figure_donors": "Donors this fiscal year", "figure_retention": "Donor retention", "figure_revenue": "Revenue this fiscal year",
        "figure_new_donors": "New donors", "figure_quietly_engaged": "Quietly engaged",
        "chart_retention": "Donor retention over five years", "chart_loyalty": "Donors by loyalty level",
        "chart_engagement": "Engagement levels", "chart_giving_month": "Giving by month", "chart_giving_channel": "Giving by channel",
        "chart_giving_device": "Giving by device", "chart_giving_source": "Giving by referrer source", "chart_empty": "No data yet.",
        "column_year": "Fiscal year", "column_level": "Level", "column_people": "People", "column_month": "Month",
        "column_channel": "Channel", "column_device": "Device", "column_source": "Source", "column_amount": "Amount",
        "column_rate": "Retention", "people_title": "People", "search": "Search", "search_label": "Search by name, email or city",
        "new_person": "New person", "name": "Name", "roles": "Roles", "city": "City", "next_page": "Next page",
        "no_people": "No one matches.", "person_new_title": "New person", "given_name": "Given name", "family_name": "Family name",
        "display_name": "Display name", "create": "Create", "tags": "Tags", "household": "Household",
        "loyalty": "Loyalty", "acquisition": "First gift", "through_friend": "through a friend", "engagement": "Engagement",
        "trend": "Trend", "quietly_engaged": "Quietly engaged", "self_reported": "Says they are", "measured": "Measured",
        "why_score": "Why this score", "giving": "Giving", "giving_by_year": "Giving by fiscal year", "gifts": "Gifts",
        "timeline": "Timeline", "all_channels": "All channels", "filter": "Filter", "record_gift": "Record a gift",
        "amount": "Amount", "currency": "Currency", "received_on": "Received on", "channel": "Channel", "add_note": "Add a note",
        "note": "Note", "no_gifts": "No gifts yet.", "no_interactions": "Nothing on the timeline yet.", "total_given": "Total given",
        "gift_count": "Gifts", "first_gift": "First gift", "last_gift": "Last gift", "largest_gift": "Largest gift",
        "settings_title": "Settings", "organisation": "Organisation", "organisation_name": "Organisation name",
        "fiscal_year_start": "Fiscal year starts in month", "forbidden_title": "Not allowed",
        "forbidden_text": "Your role does not allow this page.", "not_found_title": "Not found",
        "not_found_text": "There is nothing at this address.", "error_title": "Something is wrong",
        "bad_request_title": "Please check the form", "csrf_refused": "This form has expired or did not come from Kindred. Reload the page and try again.",
        "back": "Back", "saved": "Saved.", "email_address": "Email address", "score": "Score", "dimension": "Dimension",
        "points": "Points", "type": "Type", "date": "Date", "status": "Status",
        "loyalty_prospect": "Prospect", "loyalty_new": "New", "loyalty_repeat": "Repeat", "loyalty_structural": "Structural",
        "loyalty_recaptured": "Recaptured", "loyalty_lapsed": "Lapsed", "loyalty_lost": "Lost",
        "engagement_cold": "Cold", "engagement_cool": "Cool", "engagement_warm": "Warm", "engagement_hot": "Hot", "engagement_on_fire": "On fire",
        "trend_rising": "Rising", "trend_steady": "Steady", "trend_falling": "Falling",
        "dimension_giving": "Giving", "dimension_content": "Reading", "dimension_social": "Sharing", "dimension_advocacy": "Advocacy",
        "dimension_voice": "Feedback", "dimension_participation": "Taking part",
        "agreement_agrees": "agrees with what we measure", "agreement_feels_more_engaged": "feels more engaged than we measure",
        "agreement_feels_less_engaged": "feels less engaged than we measure",
    ]
}
