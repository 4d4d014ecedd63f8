import Foundation
import Hummingbird
import KindredCore
import KindredStore

/// The settings page's view model: the organisation, staff users, API keys and the latest audit entries.
struct SettingsView {
    struct User { let id: String; let email: String; let roles: [FilterOption]; let disabled: Bool }
    struct Key { let id: String; let name: String; let prefix: String; let role: String; let created: String; let revoked: Bool }
    struct Entry { let at: String; let actor: String; let action: String; let entity: String; let entityId: String }
    let chrome: PageChrome
    let t: [String: String]
    let currency: String
    let fiscalYearStartMonth: Int
    let timeZones: [FilterOption]
    let name: String
    let guidingPrinciples: String
    let halfLifeDays: String
    let giftWeight: String
    let weights: String
    let secret: String?
    let users: [User]
    let keys: [Key]
    let roles: [FilterOption]
    let audit: [Entry]
}

extension WebRoutes {
    /// Registers the settings pages (administrators only).
    func registerSettingsPages(on web: RouterGroup<KindredRequestContext>) {
        /// Organisation, users, API keys and the audit log.
        web.get("/settings") { request, context in
            let notice = request.uri.queryParameters.get("saved") != nil ? "saved" : nil
            return try await settings(context, noticeKey: notice)
        }
        /// Saves the organisation's name, principles, currency, time zone and fiscal-year start.
        web.post("/settings/organisation") { request, context in try await saveOrganisation(request, context) }
        /// Saves how engagement is measured and rebuilds everyone's engagement under it.
        web.post("/settings/engagement") { request, context in
            let actor = try context.authorize(.write, .settings)
            var request = request
            let form = try await WebForm.read(&request)
            var issues: [FieldIssue] = []
            let halfLife = form["halfLifeDays"].flatMap { Double($0.replacingOccurrences(of: ",", with: ".")) }
            let giftWeight = form["giftWeight"].flatMap { Double($0.replacingOccurrences(of: ",", with: ".")) }
            if halfLife == nil { issues.append(FieldIssue(field: "halfLifeDays", message: "must be a number of days from 30 to 3650")) }
            if giftWeight == nil { issues.append(FieldIssue(field: "giftWeight", message: "must be a number from 0 to 100")) }
            var weights: [String: EngagementWeight] = [:]
            do throws(ValidationFailure) { weights = try EngagementSettings.parseWeights(form.fields["weights"] ?? "") } catch { issues += error.issues }
            guard issues.isEmpty, let halfLife, let giftWeight else { throw ValidationFailure(issues) }
            _ = try await store.engagement.replaceSettings(EngagementSettings(halfLifeDays: halfLife, giftWeight: giftWeight, interactionWeights: weights), by: actor)
            return WebRenderer.redirect("/settings?saved=1")
        }
        /// Adds a staff user and shows their one-time password once.
        web.post("/settings/users") { request, context in
            let actor = try context.authorize(.write, .users)
            var request = request
            let form = try await WebForm.read(&request)
            guard let role = form["role"].flatMap(StaffRole.init(rawValue:)) else {
                throw ValidationFailure([FieldIssue(field: "role", message: "must be one of: \(StaffRole.allowedValues)")])
            }
            let password = Passwords.generate()
            let user = try await StaffDirectory(database: store.database, clock: store.clock)
                .createUser(email: form["email"] ?? "", passwordHash: Passwords.hash(password), role: role)
            context.logger.info("staff user created", metadata: ["email": "\(user.email)", "by": "\(actor.id ?? "")"])
            return try await settings(context, secret: "\(user.email): \(password)")
        }
        /// Changes a staff user's role, or disables (or enables) them; disabling signs them out everywhere.
        web.post("/settings/users/{id}") { request, context in
            let actor = try context.authorize(.write, .users)
            var request = request
            let form = try await WebForm.read(&request)
            guard let role = form["role"].flatMap(StaffRole.init(rawValue:)) else {
                throw ValidationFailure([FieldIssue(field: "role", message: "must be one of: \(StaffRole.allowedValues)")])
            }
            let user = try await StaffDirectory(database: store.database, clock: store.clock)
                .updateUser(try ImportRoutes.recordId(context), role: role, disabled: form["disabled"] == "true", by: actor)
            context.logger.info("staff user changed", metadata: ["email": "\(user.email)", "role": "\(role.rawValue)", "disabled": "\(user.disabled)"])
            return WebRenderer.redirect("/settings?saved=1")
        }
        /// Makes an API key and shows its secret once.
        web.post("/settings/keys") { request, context in
            _ = try context.authorize(.write, .apiKeys)
            var request = request
            let form = try await WebForm.read(&request)
            guard let role = form["role"].flatMap(StaffRole.init(rawValue:)) else {
                throw ValidationFailure([FieldIssue(field: "role", message: "must be one of: \(StaffRole.allowedValues)")])
            }
            let key = try await StaffDirectory(database: store.database, clock: store.clock)
                .createKey(name: form["name"] ?? "", role: role, writeOnly: form["writeOnly"] == "true")
            return try await settings(context, secret: key.secret)
        }
        /// Revokes an API key.
        web.post("/settings/keys/{id}/revoke") { _, context in
            let actor = try context.authorize(.write, .apiKeys)
            try await StaffDirectory(database: store.database, clock: store.clock).revokeKey(try ImportRoutes.recordId(context), by: actor)
            return WebRenderer.redirect("/settings?saved=1")
        }
    }

    /// The settings page, with a notice or a secret shown once.
    func settings(_ context: KindredRequestContext, noticeKey: String? = nil, secret: String? = nil) async throws -> Response {
        let session = try context.requireSession()
        _ = try context.authorize(.write, .settings)
        let language = session.language, directory = StaffDirectory(database: store.database, clock: store.clock)
        let profile = try await OrganisationSettingsStore.profile(in: store.database)
        let engagement = try await store.engagement.settings()
        let date = { (at: Timestamp) in WebFormat.dateTime(at, language, timeZone: profile.zone) }
        let audit = try await AuditLog.list(entityId: nil, cursor: nil, limit: 50, in: store.database).items
        let view = SettingsView(
            chrome: PageChrome(titleKey: "settings_title", session: session, language: language, csrf: session.csrfToken, path: "/settings",
                               notice: noticeKey.map { Catalogue.text($0, language) }),
            t: Catalogue.strings(language), currency: profile.currency.code, fiscalYearStartMonth: profile.fiscalYearStartMonth,
            timeZones: Set(TimeZone.knownTimeZoneIdentifiers + ["UTC", profile.timeZone]).sorted()
                .map { FilterOption(value: $0, label: $0.replacingOccurrences(of: "_", with: " "), selected: $0 == profile.timeZone) },
            name: profile.name ?? "", guidingPrinciples: profile.guidingPrinciples ?? "", halfLifeDays: String(format: "%g", engagement.halfLifeDays),
            giftWeight: String(format: "%g", engagement.giftWeight), weights: engagement.weightsText, secret: secret,
            users: try await directory.users().map { user in
                .init(id: user.id, email: user.email, roles: StaffRole.allCases.map {
                    FilterOption(value: $0.rawValue, label: Catalogue.text("staff_role_\($0.rawValue)", language), selected: $0 == user.role)
                }, disabled: user.disabled)
            },
            keys: try await directory.keys().map { .init(id: $0.id, name: $0.name, prefix: $0.prefix, role: Catalogue.text("staff_role_\($0.role.rawValue)", language) + ($0.writeOnly ? " (\(Catalogue.text("key_events_only", language)))" : ""),
                                                       created: date($0.createdAt), revoked: $0.revoked) },
            roles: StaffRole.allCases.map { FilterOption(value: $0.rawValue, label: Catalogue.text("staff_role_\($0.rawValue)", language), selected: false) },
            audit: audit.map { .init(at: date($0.occurredAt), actor: $0.actorKind + ($0.actorId.map { " \($0.prefix(8))" } ?? ""), action: $0.action,
                                     entity: $0.entity, entityId: $0.entityId ?? "") })
        return renderer.page("settings", view)
    }

    /// Saves the organisation's name, guiding principles, currency, time zone (kept when the form has none) and
    /// fiscal-year start; a new time zone recounts the month rollups in the background.
    func saveOrganisation(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let actor = try context.authorize(.write, .settings)
        var request = request
        let form = try await WebForm.read(&request)
        var issues: [FieldIssue] = []
        let currency = form["currency"].flatMap { Currency(code: $0.uppercased()) }
        if currency == nil { issues.append(FieldIssue(field: "currency", message: "must be an ISO 4217 code such as EUR")) }
        let month = form["fiscalYearStartMonth"].flatMap { Int($0) }
        if month == nil { issues.append(FieldIssue(field: "fiscalYearStartMonth", message: "must be a month number from 1 to 12")) }
        guard issues.isEmpty, let currency, let month else { throw ValidationFailure(issues) }
        let current = try await OrganisationSettingsStore.profile(in: store.database)
        let profile = OrganisationProfile(fiscalYearStartMonth: month, currency: currency, name: form["name"], guidingPrinciples: form["guidingPrinciples"],
                                          timeZone: form.fields["timeZone"] ?? current.timeZone)
        _ = try await OrganisationSettingsStore.replace(profile, by: actor, in: store.database, at: store.clock())
        return WebRenderer.redirect("/settings?saved=1")
    }
}
