import ArgumentParser
import Foundation
import KindredCore
import KindredStore

/// `kindred journey`: the supporter journey from the command line.
struct JourneyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "journey", abstract: "The supporter journey: place everyone, the funnel, touchpoints.",
                                                    subcommands: [JourneyPlaceCommand.self, JourneyFunnelCommand.self, JourneyTouchpointsCommand.self])
}

/// `kindred journey place`: what `kindred serve` does every five minutes, once.
struct JourneyPlaceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "place", abstract: "Place everyone in their journey stage now and record who moved.")

    @OptionGroup var databaseOptions: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await databaseOptions.withStore(logger: commandLogger()) { store in
            let moved = try await store.journey.placeEveryone()
            try output.print(["moved": moved], text: "\(moved) people moved to another stage")
        }
    }
}

/// `kindred journey funnel [--source S] [--device D] [--rule R]`.
struct JourneyFunnelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "funnel", abstract: "People now and ever in each stage, conversion and median days between stages.")

    @Option(help: "Only people whose first gift came through this channel.") var source: String?
    @Option(help: "Only people whose first gift was made on this device.") var device: String?
    @Option(help: "Only people who meet this segment rule.") var rule: String?
    @OptionGroup var databaseOptions: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let source, GiftChannel(rawValue: source) == nil { throw ValidationError("--source must be one of: \(GiftChannel.allowedValues)") }
        if let device, Device(rawValue: device) == nil { throw ValidationError("--device must be one of: \(Device.allowedValues)") }
    }

    func run() async throws {
        try await databaseOptions.withStore(logger: commandLogger()) { store in
            let filter = JourneyFilter(source: source.flatMap(GiftChannel.init(rawValue:)), device: device.flatMap(Device.init(rawValue:)), rule: rule)
            let funnel = try await store.journey.funnel(filter, by: .system)
            let lines = funnel.stages.map { stage in
                String(format: "%-14@ now %7d  reached %7d  on %@  median days %@", stage.name, stage.now, stage.reached,
                       stage.conversionToNext.map { String(format: "%5.1f%%", $0 * 100) } ?? "    —", stage.medianDaysToNext.map { String(format: "%.1f", $0) } ?? "—")
            }
            try output.print(funnel, text: (lines + ["lapsed now \(funnel.lapsed) of \(funnel.people) people"]).joined(separator: "\n"))
        }
    }
}

/// `kindred journey touchpoints [--days N] [--window-days N]`.
struct JourneyTouchpointsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "touchpoints", abstract: "Each touchpoint's reach, engagement and the gifts that followed; gaps by stage.")

    @Option(help: "The period: the last N days (1 to 1826).") var days = 90
    @Option(help: "Days before a gift in which a touch is credited with it (1 to 365).") var windowDays = 30
    @OptionGroup var databaseOptions: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...1_826).contains(days) else { throw ValidationError("--days must be 1 to 1826") }
        guard (1...365).contains(windowDays) else { throw ValidationError("--window-days must be 1 to 365") }
    }

    func run() async throws {
        try await databaseOptions.withStore(logger: commandLogger()) { store in
            let now = store.clock(), period = ReportPeriod(from: now.adding(milliseconds: -Int64(days) * 86_400_000), to: now)
            let report = try await store.journey.touchpointReport(period, windowDays: windowDays, by: .system)
            let lines = report.touchpoints.map { row in
                "\(row.name) (\(row.kind.rawValue)): reach \(row.total.reach), engaged \(row.total.engaged), gifts first touch \(row.total.firstTouch.count), last touch \(row.total.lastTouch.count)"
            }
            let gaps = report.stages.filter(\.gap).map(\.name)
            try output.print(report, text: (lines + ["stages without content: " + (gaps.isEmpty ? "none" : gaps.joined(separator: ", "))]).joined(separator: "\n"))
        }
    }
}
