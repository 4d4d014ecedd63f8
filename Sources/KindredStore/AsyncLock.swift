/// A fair async mutex: callers wait in order without blocking a thread, for at most their patience when they
/// give one.
actor AsyncLock {
    private var isLocked = false
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Bool, Never>)] = []
    private var nextId: UInt64 = 0

    /// Runs `body` while holding the lock; waits at most `patience` (nil: as long as it takes), then throws
    /// `StoreError.unavailable`.
    func withLock<T: Sendable>(patience: Duration?, _ body: @Sendable () async throws -> T) async throws -> T {
        guard await acquire(patience: patience) else {
            throw StoreError.unavailable("the database is busy with a long write (an import); retry")
        }
        do {
            let result = try await body()
            release()
            return result
        } catch {
            release()
            throw error
        }
    }

    private func acquire(patience: Duration?) async -> Bool {
        if !isLocked {
            isLocked = true
            return true
        }
        let id = nextId
        nextId += 1
        if let patience {
            Task {
                try? await Task.sleep(for: patience)
                self.giveUp(id)
            }
        }
        return await withCheckedContinuation { waiters.append((id, $0)) }
    }

    /// Lets a waiter go without the lock when its patience has run out (nothing when it already has the lock).
    private func giveUp(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(returning: false)
    }

    private func release() {
        if waiters.isEmpty {
            isLocked = false
        } else {
            waiters.removeFirst().continuation.resume(returning: true)
        }
    }
}
