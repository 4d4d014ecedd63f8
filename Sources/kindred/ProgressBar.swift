import Foundation

/// A one-line progress bar on standard error, for long work; safe to update from any task.
final class ProgressBar: @unchecked Sendable {
    private let total: Int
    private let enabled: Bool
    private let lock = NSLock()
    private var done = 0

    /// A bar for `total` units, drawn only when `enabled` (a terminal, not `--json`).
    init(total: Int, enabled: Bool) {
        self.total = max(1, total)
        self.enabled = enabled
    }

    /// Records `count` more units done and redraws.
    func advance(by count: Int) {
        update(done: lock.withLock { done + count })
    }

    /// Sets the units done and redraws.
    func update(done value: Int) {
        lock.withLock {
            done = value
            guard enabled else { return }
            let width = 40
            let filled = width * min(done, total) / total
            let line = "\r[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] \(100 * min(done, total) / total)%"
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    /// Ends the line.
    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
