/// A token bucket: up to `capacity` requests at once, refilled at `capacity` per `period` seconds. Pure: the caller
/// passes the time (seconds on any monotonic clock).
public struct TokenBucket: Sendable, Hashable {
    /// The most tokens the bucket holds.
    public let capacity: Double
    /// Seconds to refill from empty to full.
    public let period: Double
    /// Tokens left at `updated`.
    public private(set) var tokens: Double
    /// When `tokens` was last worked out.
    public private(set) var updated: Double

    /// A full bucket at `now`.
    public init(capacity: Int, period: Double, now: Double) {
        (self.capacity, self.period, tokens, updated) = (Double(max(1, capacity)), max(period, 0.001), Double(max(1, capacity)), now)
    }

    /// Takes `cost` tokens (at most a full bucket) at `now` when there are enough and answers nil; otherwise takes none
    /// and answers the seconds until there will be enough.
    public mutating func take(_ cost: Double = 1, now: Double) -> Double? {
        let rate = capacity / period, cost = min(cost, capacity)
        tokens = min(capacity, tokens + max(0, now - updated) * rate)
        updated = max(updated, now)
        guard tokens >= cost else { return (cost - tokens) / rate }
        tokens -= cost
        return nil
    }

    /// Whether the bucket would be full at `now` (so forgetting it changes nothing).
    public func isFull(at now: Double) -> Bool { tokens + max(0, now - updated) * capacity / period >= capacity }
}
