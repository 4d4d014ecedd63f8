import Foundation
import HTTPTypes
import KindredCore
import KindredServer
import KindredStore
import KindredTestSupport
import Testing

/// Staff tasks: the API, the person page's task forms and the inbox.
@Suite struct TaskTests {
    @Test func tasksThroughTheAPIAreValidatedAndFiltered() async throws {
        try await APIHarness.run { harness, client in
            let key = harness.keys[.fundraiser]
            let person = try await harness.store.constituents.create(try ConstituentInput(givenName: "Tess", roles: [.donor]).validated(), by: .system)
            let created = try await client.call(.post, "/api/v1/tasks", as: key, json: """
                {"constituentId": "\(person.id)", "title": "<script>alert(1)</script> thank-you call", "kind": "thank_you", "dueOn": "2026-05-04"}
                """)
            #expect(created.status == .created)
            #expect(created.body?["status"]?.string == "open" && created.body?["title"]?.string == "<script>alert(1)</script> thank-you call")
            let id = try #require(created.body?["id"]?.string)
            for (body, field) in [
                (#"{"constituentId": "\#(person.id)", "title": "x", "dueOn": "2026-05-04", "status": "done"}"#, "closedOn"),
                (#"{"constituentId": "\#(person.id)", "title": "x", "dueOn": "2026-05-04", "closedOn": "2026-05-01"}"#, "closedOn"),
                (#"{"constituentId": "\#(person.id)", "title": "", "dueOn": "2026-05-04"}"#, "title"),
                (#"{"constituentId": "\#(person.id)", "title": "x"}"#, "dueOn"),
                (#"{"constituentId": "\#(person.id)", "title": "x", "dueOn": "2026-05-04", "assigneeId": "00000000-0000-7000-8000-000000000009"}"#, "assigneeId"),
                (#"{"constituentId": "00000000-0000-7000-8000-000000000009", "title": "x", "dueOn": "2026-05-04"}"#, "constituentId"),
            ] {
                let refused = try await client.call(.post, "/api/v1/tasks", as: key, json: body)
                #expect(refused.status == .unprocessableContent, "\(body)")
                #expect("\(refused.body ?? .null)".contains(field), "\(body)")
            }
            #expect(try await client.call(.post, "/api/v1/tasks", as: key, json: #"{"constituentId": 5, "title": ["x"], "dueOn": "soon"}"#).status == .unprocessableContent)
            let kind = try await client.call(.post, "/api/v1/tasks", as: key, json: #"{"constituentId": "x", "title": "x", "dueOn": "2026-05-04", "kind": "wizardry"}"#)
            #expect(kind.status == .unprocessableContent && "\(kind.body ?? .null)".contains("kind"))
            #expect(try await client.call(.post, "/api/v1/tasks", as: key, json: #"{"title": "#).status == .badRequest)
            let done = try await client.call(.patch, "/api/v1/tasks/\(id)", as: key, json: #"{"status": "done", "closedOn": "2026-05-03", "outcome": "Thanked"}"#)
            #expect(done.status == .ok && done.body?["outcome"]?.string == "Thanked")
            #expect(try await client.call(.get, "/api/v1/tasks?status=done", as: key).body?["items"]?.array?.count == 1)
            #expect(try await client.call(.get, "/api/v1/tasks?status=open", as: key).body?["items"]?.array?.count == 0)
            #expect(try await client.call(.get, "/api/v1/tasks?status=later", as: key).status == .unprocessableContent)
            #expect(try await client.call(.post, "/api/v1/tasks", as: harness.keys[.viewer], json: "{}").status == .forbidden)
            #expect(try await client.call(.get, "/api/v1/tasks/\(id)", as: harness.keys[.programStaff]).status == .notFound)
        }
    }

    @Test func tasksAreCreatedOnThePersonPageListedInTheInboxAndClosed() async throws {
        try await WebHarness.run { harness, browser in
            let person = try await harness.store.constituents.create(try ConstituentInput(givenName: "Ilse", roles: [.donor]).validated(), by: .system)
            let staff = browser()
            #expect(try await staff.signIn(WebHarness.email(.fundraiser), WebHarness.password) == .seeOther)
            #expect(try await staff.get("/people/\(person.id)") == .ok && staff.lastPage.contains("id=\"add-task\""))
            let me = try #require(staff.lastPage.range(of: #"<option value=""#, options: .backwards,
                                                           range: staff.lastPage.startIndex..<staff.lastPage.range(of: "\" selected>fundraiser@example.org")!.upperBound)
                .map { String(staff.lastPage[$0.upperBound...].prefix(36)) })
            #expect(try await staff.post("/people/\(person.id)/tasks", ["title": "<img src=x onerror=alert(1)> call Ilse", "kind": "call",
                                                                        "dueOn": "2020-01-06", "assignee": me]) == .seeOther)
            #expect(try await staff.get("/tasks") == .ok && staff.lastPage.contains("&lt;img src=x onerror=alert(1)&gt; call Ilse"))
            #expect(!staff.lastPage.contains("<img src=x") && staff.lastPage.contains("Overdue") && staff.lastPage.contains("Ilse"))
            #expect(try await staff.post("/people/\(person.id)/tasks", ["title": "Unassigned follow-up", "kind": "follow_up", "dueOn": "2099-01-01"]) == .seeOther)
            #expect(try await staff.get("/tasks") == .ok && !staff.lastPage.contains("Unassigned follow-up"))
            #expect(try await staff.get("/tasks?scope=all&overdue=1") == .ok && !staff.lastPage.contains("Unassigned follow-up") && staff.lastPage.contains("call Ilse"))
            #expect(try await staff.get("/tasks?scope=all") == .ok && staff.lastPage.contains("Unassigned follow-up"))
            for (fields, field) in [(["kind": "call", "dueOn": "2026-01-01"], "title"), (["title": "x", "dueOn": "tomorrow"], "dueOn"),
                                    (["title": "x", "dueOn": "2026-01-01", "kind": "wizardry"], "kind"),
                                    (["title": "x", "dueOn": "2026-01-01", "assignee": "'; DROP TABLE tasks;--"], "assigneeId"),
                                    (["title": String(repeating: "x", count: 201), "dueOn": "2026-01-01"], "title")] {
                try await staff.get("/people/\(person.id)")
                #expect(try await staff.post("/people/\(person.id)/tasks", fields) == .unprocessableContent, "\(fields)")
                #expect(staff.lastPage.contains(field), "\(fields)")
            }
            try await staff.get("/tasks")
            let task = try #require(staff.lastPage.range(of: #"action="/tasks/"#).map { String(staff.lastPage[$0.upperBound...].prefix(36)) })
            #expect(try await staff.post("/tasks/\(task)/close", ["status": "open"]) == .unprocessableContent)
            try await staff.get("/tasks")
            #expect(try await staff.post("/tasks/\(task)/close", ["status": "done", "outcome": "Called, she was delighted", "back": "//evil.example"]) == .seeOther)
            #expect(staff.headers[.location] == "/people/\(person.id)#tasks-heading")
            #expect(try await staff.get("/people/\(person.id)") == .ok && staff.lastPage.contains("Called, she was delighted"))
            #expect(try await staff.post("/tasks/\(task)/close", ["status": "cancelled"]) == .conflict)
            #expect(try await staff.get("/tasks?status=done") == .ok && staff.lastPage.contains("call Ilse"))
            #expect(try await staff.get("/tasks?status=someday") == .unprocessableContent)
            #expect(try await staff.get("/tasks?cursor=bm9wZQ") == .unprocessableContent)
            let viewer = browser()
            #expect(try await viewer.signIn(WebHarness.email(.viewer), WebHarness.password) == .seeOther)
            #expect(try await viewer.get("/tasks?scope=all") == .ok && viewer.lastPage.contains("Unassigned follow-up") && !viewer.lastPage.contains("/close"))
            #expect(try await viewer.get("/people/\(person.id)") == .ok && !viewer.lastPage.contains("id=\"add-task\""))
            #expect(try await viewer.post("/people/\(person.id)/tasks", ["title": "x", "dueOn": "2026-01-01"]) == .forbidden)
            let programme = browser()
            #expect(try await programme.signIn(WebHarness.email(.programStaff), WebHarness.password) == .seeOther)
            #expect(try await programme.get("/tasks?scope=all") == .ok && !programme.lastPage.contains("Unassigned follow-up"))
        }
    }
}
