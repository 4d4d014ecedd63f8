import Foundation
import KindredCore
import Testing

/// The CDNOW data set of Fader, Hardie & Lee (2005), as the `lifetimes` Python package ships it (pip install lifetimes;
/// .ci/run installs it). Without the package these tests are skipped and say why.
enum CDNOWData {
    /// The folder of the package's data sets, if python3 can import it.
    static let folder: URL? = {
        let process = Process(), output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import os, lifetimes.datasets as d; print(os.path.dirname(d.__file__))"]
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        let path = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return process.terminationStatus == 0 && !path.isEmpty ? URL(fileURLWithPath: path) : nil
    }()

    /// The rows of one of the data sets' CSV files, without the header.
    static func rows(_ file: String) throws -> [[String]] {
        let text = try String(contentsOf: try #require(folder).appendingPathComponent(file), encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",").map(String.init) }
    }
}

@Suite(.enabled(if: CDNOWData.folder != nil, "the CDNOW data set comes with the lifetimes Python package: pip install lifetimes"))
struct PublishedDataTests {
    @Test func bgnbdReproducesThePublishedCDNOWFit() throws {
        let histories = try CDNOWData.rows("cdnow_customers_summary.csv").map { RepeatHistory(x: Int($0[1])!, tx: Double($0[2])!, T: Double($0[3])!) }
        #expect(histories.count == 2357)
        let fit = try BGNBD.fit(GroupedHistories(histories))
        #expect(abs(fit.model.r - 0.243) < 1e-3 && abs(fit.model.alpha - 4.414) < 1e-3)
        #expect(abs(fit.model.a - 0.793) < 1e-3 && abs(fit.model.b - 2.426) < 1e-3)
        #expect(abs(fit.logLikelihood - -9582.4) < 0.1)
    }

    @Test func gammaGammaReproducesTheCDNOWValueFit() throws {
        let values = try CDNOWData.rows("cdnow_customers_summary_with_transactions.csv").compactMap { row -> RepeatValue? in
            guard let x = Int(row[1]), x > 0, let mean = Double(row[4]) else { return nil }
            return RepeatValue(x: x, mean: mean)
        }
        #expect(values.count == 946)
        let fit = try GammaGamma.fit(GroupedHistories(values))
        // The published estimates (p 6.25, q 3.74, γ 15.44) to their two decimals; to three, the lifetimes library's.
        #expect(abs(fit.model.p - 6.249) < 1e-3 && abs(fit.model.q - 3.745) < 1e-3 && abs(fit.model.gamma - 15.448) < 1e-3)
    }
}
