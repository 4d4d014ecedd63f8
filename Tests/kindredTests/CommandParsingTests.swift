import ArgumentParser
import Testing

@testable import kindred

@Suite struct CommandParsingTests {
    @Test func everyCommandParses() throws {
        #expect(try Kindred.parseAsRoot(["serve", "--port", "9090", "--host", "0.0.0.0", "--demo"]) is Serve)
        #expect(try Kindred.parseAsRoot(["migrate", "--json", "--database", "sqlite:x.sqlite"]) is Migrate)
        #expect(try Kindred.parseAsRoot(["users", "create", "--email", "a@example.org", "--role", "fundraiser"]) is Users.Create)
        let keys = try #require(try Kindred.parseAsRoot(["keys", "create", "--name", "site", "--role", "admin", "--json"]) as? Keys.Create)
        #expect(keys.role == .admin && keys.output.json)
        #expect(try Kindred.parseAsRoot(["demo", "--seed", "7", "--size", "200"]) is DemoCommand)
    }

    @Test(arguments: [
        ["serve", "--port", "70000"], ["serve", "--log-level", "loud"], ["keys", "create", "--name", "x", "--role", "king"],
        ["keys", "create", "--role", "admin"], ["users", "create", "--email", "not-an-email", "--role", "viewer"],
        ["migrate", "--database", "mysql://nope"], ["demo", "--size", "5"], ["keys", "create", "--name", "   "],
    ])
    func badArgumentsAreRefusedWithAMessage(arguments: [String]) {
        #expect(throws: (any Error).self) { try Kindred.parseAsRoot(arguments) }
    }
}
