import Foundation

/// Where tests write their files: one directory per test process under the system's temporary directory, removed
/// when the process exits; directories left by test processes that died (a crash, a kill) are swept on first use.
public enum TestScratch {
    /// This process's scratch directory, created on first use.
    public static let directory: URL = {
        let temporary = FileManager.default.temporaryDirectory
        sweepDirectoriesOfDeadProcesses(in: temporary)
        let directory = temporary.appendingPathComponent("\(prefix)\(getpid())")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TestScratch.directory) }
        return directory
    }()

    /// A fresh path in the scratch directory named `prefix`, a unique part and `suffix`; nothing is created.
    public static func path(_ prefix: String, suffix: String = "") -> URL {
        directory.appendingPathComponent("\(prefix)-\(UUID().uuidString)\(suffix)")
    }

    private static let prefix = "kindred-tests-"

    /// Removes scratch directories whose process no longer runs.
    private static func sweepDirectoriesOfDeadProcesses(in temporary: URL) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
        }
    }
}
