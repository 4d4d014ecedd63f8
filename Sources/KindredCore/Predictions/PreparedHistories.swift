import Foundation

/// Grouped histories laid out for fast likelihood evaluation: every row's x and the indexes of its t_x and T among
/// the distinct times, so an evaluation takes one logarithm per distinct time and per distinct x, and per row only
/// what mixes them. Rows are summed on every core when there are many.
public struct PreparedRepeatHistories: Sendable {
    let x: [Int32], txIndex: [Int32], TIndex: [Int32], count: [Double]
    /// The distinct times (weeks) t_x and T take.
    let times: [Double]
    /// The largest x.
    let maximumX: Int
    /// The number of donors.
    public let donors: Int

    /// Prepares grouped histories.
    public init(_ data: GroupedHistories<RepeatHistory>) {
        var timeIndex: [Double: Int32] = [:], times: [Double] = []
        func index(_ time: Double) -> Int32 {
            if let known = timeIndex[time] { return known }
            times.append(time)
            timeIndex[time] = Int32(times.count - 1)
            return Int32(times.count - 1)
        }
        x = data.rows.map { Int32($0.row.x) }
        txIndex = data.rows.map { index($0.row.tx) }
        TIndex = data.rows.map { index($0.row.T) }
        count = data.rows.map(\.count)
        self.times = times
        maximumX = data.rows.map(\.row.x).max() ?? 0
        donors = data.donors
    }

    /// Σ count · f(row) over every row, split over the cores when the rows are many.
    func sum(_ term: @Sendable (Int) -> Double) -> Double {
        let rows = count.count, parts = rows < 20_000 ? 1 : ProcessInfo.processInfo.activeProcessorCount
        guard parts > 1 else { return (0..<rows).reduce(0) { $0 + count[$1] * term($1) } }
        var partial = [Double](repeating: 0, count: parts)
        partial.withUnsafeMutableBufferPointer { sums in
            let sums = UnsafeSendableBuffer(sums)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                var total = 0.0
                for row in stride(from: part * rows / parts, to: (part + 1) * rows / parts, by: 1) { total += count[row] * term(row) }
                sums.buffer[part] = total
            }
        }
        return partial.reduce(0, +)
    }
}

/// A buffer each concurrent part writes its own element of.
struct UnsafeSendableBuffer: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Double>
    init(_ buffer: UnsafeMutableBufferPointer<Double>) { self.buffer = buffer }
}

extension BGNBD {
    /// The sum of ln L over prepared histories: the same value as over the grouped histories, computed from tables of
    /// ln(α + t) per distinct time and the x-only terms per distinct x.
    public func logLikelihood(_ data: PreparedRepeatHistories) -> Double {
        let logTimes = data.times.map { log(alpha + $0) }
        let shared = lgamma(r) - r * log(alpha) + SpecialFunctions.logBeta(a, b)
        let common = (0...data.maximumX).map { x in
            lgamma(r + Double(x)) + SpecialFunctions.logBeta(a, b + Double(x)) - shared
        }
        let dropped = (0...data.maximumX).map { x in x == 0 ? 0 : log(a) - log(b + Double(x) - 1) }
        return data.sum { row in
            let x = Int(data.x[row]), power = r + Double(x)
            let alive = -power * logTimes[Int(data.TIndex[row])]
            guard x > 0 else { return common[x] + alive }
            return common[x] + SpecialFunctions.logAddExp(alive, dropped[x] - power * logTimes[Int(data.txIndex[row])])
        }
    }
}

/// Grouped repeat values laid out for fast likelihood evaluation: ln m̄ and x per row computed once.
public struct PreparedRepeatValues: Sendable {
    let x: [Double], mean: [Double], logMean: [Double], count: [Double]
    /// The number of donors.
    public let donors: Int

    /// Prepares the usable rows (x > 0, m̄ > 0).
    public init(_ data: GroupedHistories<RepeatValue>) {
        let usable = data.rows.filter { $0.row.x > 0 && $0.row.mean > 0 }
        x = usable.map { Double($0.row.x) }
        mean = usable.map(\.row.mean)
        logMean = mean.map(log)
        count = usable.map(\.count)
        donors = Int(count.reduce(0, +))
    }
}

extension GammaGamma {
    /// The sum of ln L over prepared values, with one logarithm per row.
    public func logLikelihood(_ data: PreparedRepeatValues) -> Double {
        var cache: [Double: Double] = [:]
        let shared = -lgamma(q) + q * log(gamma)
        var total = 0.0
        for row in data.count.indices {
            let x = data.x[row], px = p * x
            let perX = cache[x] ?? {
                let value = lgamma(px + q) - lgamma(px) + px * log(x) + shared
                cache[x] = value
                return value
            }()
            total += data.count[row] * (perX + (px - 1) * data.logMean[row] - (px + q) * log(gamma + data.mean[row] * x))
        }
        return total
    }
}
