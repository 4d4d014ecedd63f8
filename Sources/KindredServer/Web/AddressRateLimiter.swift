import Foundation
import KindredCore
import Synchronization

/// Limits how often one client address may use the public pages: a token bucket per address, kept in memory (a
/// restart forgets them, which errs on the side of letting supporters in).
final class AddressRateLimiter: Sendable {
    /// Requests an address may make per minute (its burst too).
    let perMinute: Int
    private let buckets = Mutex<[String: TokenBucket]>([:])
    private let start = ContinuousClock.now

    /// The most addresses remembered; beyond it, full buckets are forgotten.
    static let rememberedAddresses = 10_000

    /// A limiter allowing `perMinute` requests a minute per address.
    init(perMinute: Int) { self.perMinute = max(1, perMinute) }

    /// Takes `cost` requests' worth for `address`: nil when allowed, else the whole seconds to wait.
    func admit(_ address: String, cost: Double = 1) -> Int? {
        let elapsed = ContinuousClock.now - start
        let now = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return buckets.withLock { buckets in
            if buckets.count >= Self.rememberedAddresses { buckets = buckets.filter { !$0.value.isFull(at: now) } }
            var bucket = buckets[address] ?? TokenBucket(capacity: perMinute, period: 60, now: now)
            let wait = bucket.take(cost, now: now)
            buckets[address] = bucket
            return wait.map { max(1, Int($0.rounded(.up))) }
        }
    }
}
