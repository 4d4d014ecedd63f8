import Foundation
import KindredCore
import KindredStore
import KindredTestSupport
import Testing

/// Two `kindred plans run` processes on one PostgreSQL, started together over 400 due plan steps: every step runs
/// exactly once (one task and one tag per donor), shared between the processes by `FOR UPDATE SKIP LOCKED`.
@Suite(.enabled(if: PostgresHarness.isAvailable, "PostgreSQL server programs are not installed"))
struct PlanProcessTests {
    @Test func twoProcessesNeverRunAStepTwice() async throws {
        let url = try await PostgresHarness.makeDatabase()
        let database = try await Database.open(try DatabaseLocation(url: url), logger: testLogger)
        let now = Timestamp(millisecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1000))
        let store = KindredStore(database: database, clock: { now.adding(milliseconds: -300_000) })
        let plan = try await store.engagementPlans.create(try EngagementPlanInput(name: "Thank every first-time donor", trigger: PlanTrigger(kind: .firstGift), steps: [
            PlanStep(delayHours: 0, action: .createTask, text: "Thank-you call within 48 hours", taskKind: .thankYou),
            PlanStep(delayHours: 0, action: .addTag, text: "thanked")]).validated(), by: .system)
        let later = KindredStore(database: database, clock: { now.adding(milliseconds: -200_000) })
        var people: [String] = []
        for index in 0..<200 {
            let person = try await later.constituents.create(try sampleConstituent("Donor \(index)").validated(), by: .system).id
            _ = try await later.gifts.create(try sampleGift(person, 1000 + Int64(index), at: now.adding(milliseconds: -3_600_000).description).validated(), by: .system)
            people.append(person)
        }
        let scanning = KindredStore(database: database, clock: { now })
        #expect(try await scanning.plans.scanTriggers() == 200)
        let runs = try (0..<2).map { _ in try KindredProcess.launch(["plans", "run", "--json", "--batch", "10", "--database", url]) }
        for run in runs { while run.process.isRunning { try await Task.sleep(for: .milliseconds(50)) } }
        let summaries = try runs.map { try JSONDecoder().decode([String: Int].self, from: Data(try String(contentsOf: $0.output, encoding: .utf8).utf8)) }
        #expect(summaries.map { $0["ran"] ?? 0 }.reduce(0, +) == 400, "\(summaries)")
        print("plans run by two processes: \(summaries.map { $0["ran"] ?? 0 })")
        let counts = try await database.read { connection in
            (tasks: try await connection.raw("SELECT COUNT(*) AS n, COUNT(DISTINCT constituent_id) AS people FROM tasks").first()!,
             tags: try await connection.raw("SELECT COUNT(*) AS n FROM constituent_tags WHERE tag_key = 'thanked'").first()!,
             done: try await connection.raw("SELECT COUNT(*) AS n FROM plan_jobs WHERE plan_id = \(bind: plan.id) AND status = 'done'").first()!)
        }
        #expect(try counts.tasks.decode(column: "n", as: Int.self) == 200 && (try counts.tasks.decode(column: "people", as: Int.self)) == 200)
        #expect(try counts.tags.decode(column: "n", as: Int.self) == 200)
        #expect(try counts.done.decode(column: "n", as: Int.self) == 400)
        await database.close()
    }
}
