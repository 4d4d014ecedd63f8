import Foundation

/// Weighted sums over many rows split over the cores: Σ countᵢ · term(i), several sums at once in the lanes of a vector.
enum ParallelSum {
    /// Rows below this are summed on one core.
    static let threshold = 20_000

    /// Σ count[i] · term(i) over every row.
    static func weighted(_ count: [Double], _ term: (Int) -> SIMD8<Double>) -> SIMD8<Double> {
        let rows = count.count, parts = rows < threshold ? 1 : ProcessInfo.processInfo.activeProcessorCount
        guard parts > 1 else { return (0..<rows).reduce(.zero) { $0 + count[$1] * term($1) } }
        var partial = [SIMD8<Double>](repeating: .zero, count: parts)
        withoutActuallyEscaping(term) { term in
            partial.withUnsafeMutableBufferPointer { sums in
                let sums = UnsafeSendableBuffer(sums), term = UnsafeSendableTerm(term)
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    var total = SIMD8<Double>.zero
                    for row in stride(from: part * rows / parts, to: (part + 1) * rows / parts, by: 1) { total += count[row] * term.term(row) }
                    sums.buffer[part] = total
                }
            }
        }
        return partial.reduce(.zero, +)
    }
}

/// A buffer each concurrent part writes its own element of.
struct UnsafeSendableBuffer: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<SIMD8<Double>>
    init(_ buffer: UnsafeMutableBufferPointer<SIMD8<Double>>) { self.buffer = buffer }
}

/// A row term the concurrent parts only read through.
struct UnsafeSendableTerm: @unchecked Sendable {
    let term: (Int) -> SIMD8<Double>
    init(_ term: @escaping (Int) -> SIMD8<Double>) { self.term = term }
}

/// Grouped histories laid out for fast likelihood evaluation: every row's x and the indexes of its t_x and T among
/// the distinct times, so an evaluation takes one logarithm per distinct time and per distinct x, and per row only
/// what mixes them.
public struct PreparedRepeatHistories: Sendable {
    let x: [Int32], txIndex: [Int32], TIndex: [Int32], count: [Double]
    /// The distinct times (weeks) t_x and T take.
    let times: [Double]
    /// The donors with each x, 0 up to the largest.
    let donorsPerX: [Double]
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
        var perX = [Double](repeating: 0, count: (data.rows.map(\.row.x).max() ?? 0) + 1)
        for row in data.rows { perX[row.row.x] += row.count }
        donorsPerX = perX
        donors = data.donors
    }
}

extension BGNBD {
    /// The sum of ln L over prepared histories and its gradient with respect to (r, α, a, b), in one pass: tables of
    /// ln(α + t) and 1/(α + t) per distinct time and of the x-only terms per distinct x; per row the mix of the
    /// still-alive and dropped-out terms and its weights.
    public func logLikelihoodWithGradient(_ data: PreparedRepeatHistories) -> (value: Double, gradient: [Double]) {
        let logTimes = data.times.map { log(alpha + $0) }, inverseTimes = data.times.map { 1 / (alpha + $0) }
        let (r, a, b) = (r, a, b), xs = data.donorsPerX.indices.map(Double.init)
        let dropped = xs.map { $0 == 0 ? 0 : log(a) - log(b + $0 - 1) }, inverseDrop = xs.map { $0 == 0 ? 0 : 1 / (b + $0 - 1) }
        let rows = ParallelSum.weighted(data.count) { row in
            let x = Int(data.x[row]), power = r + Double(x), T = Int(data.TIndex[row])
            let alive = -power * logTimes[T]
            guard x > 0 else { return SIMD8(alive, -logTimes[T], -power * inverseTimes[T], 0, 0, 0, 0, 0) }
            let tx = Int(data.txIndex[row]), out = dropped[x] - power * logTimes[tx]
            let ratio = exp(-abs(alive - out)), total = max(alive, out) + log1p(ratio)
            let stay = alive >= out ? 1 / (1 + ratio) : ratio / (1 + ratio), leave = 1 - stay
            return SIMD8(total, -(stay * logTimes[T] + leave * logTimes[tx]), -power * (stay * inverseTimes[T] + leave * inverseTimes[tx]),
                         leave, leave * inverseDrop[x], 0, 0, 0)
        }
        let shared = lgamma(r) - r * log(alpha) + SpecialFunctions.logBeta(a, b)
        let digammaR = SpecialFunctions.digamma(r), digammaB = SpecialFunctions.digamma(b), digammaAB = SpecialFunctions.digamma(a + b)
        var value = rows[0], gradient = [rows[1], rows[2], rows[3] / a, -rows[4]]
        for (x, donors) in zip(xs, data.donorsPerX) where donors > 0 {
            let digammaABX = SpecialFunctions.digamma(a + b + x)
            value += donors * (lgamma(r + x) + SpecialFunctions.logBeta(a, b + x) - shared)
            gradient[0] += donors * (SpecialFunctions.digamma(r + x) - digammaR + log(alpha))
            gradient[1] += donors * r / alpha
            gradient[2] += donors * (digammaAB - digammaABX)
            gradient[3] += donors * (SpecialFunctions.digamma(b + x) - digammaABX - digammaB + digammaAB)
        }
        return (value, gradient)
    }
}

/// Grouped repeat values laid out for fast likelihood evaluation: x, m̄ and ln m̄ per row computed once.
public struct PreparedRepeatValues: Sendable {
    let x: [Int32], mean: [Double], logMean: [Double], count: [Double]
    /// The largest x.
    let maximumX: Int
    /// The number of donors.
    public let donors: Int

    /// Prepares the usable rows (x > 0, m̄ > 0).
    public init(_ data: GroupedHistories<RepeatValue>) {
        let usable = data.rows.filter { $0.row.x > 0 && $0.row.mean > 0 }
        x = usable.map { Int32($0.row.x) }
        mean = usable.map(\.row.mean)
        logMean = mean.map(log)
        count = usable.map(\.count)
        maximumX = usable.map(\.row.x).max() ?? 0
        donors = Int(count.reduce(0, +))
    }
}

extension GammaGamma {
    /// The sum of ln L over prepared values and its gradient with respect to (p, q, γ), in one pass with one logarithm
    /// per row and the x-only terms tabled.
    public func logLikelihoodWithGradient(_ data: PreparedRepeatValues) -> (value: Double, gradient: [Double]) {
        let (p, q, gamma) = (p, q, gamma), logGamma = log(gamma), digammaQ = SpecialFunctions.digamma(q)
        let perX = (0...data.maximumX).map { x -> (value: Double, p: Double, q: Double) in
            guard x > 0 else { return (0, 0, 0) }
            let x = Double(x), px = p * x, digammaSum = SpecialFunctions.digamma(px + q)
            return (lgamma(px + q) - lgamma(px) + px * log(x) - lgamma(q) + q * logGamma,
                    x * (digammaSum - SpecialFunctions.digamma(px) + log(x)), digammaSum - digammaQ + logGamma)
        }
        let sums = ParallelSum.weighted(data.count) { row in
            let x = Int(data.x[row]), px = p * Double(x), spread = gamma + data.mean[row] * Double(x), logSpread = log(spread)
            let tabled = perX[x]
            return SIMD8(tabled.value + (px - 1) * data.logMean[row] - (px + q) * logSpread,
                         tabled.p + Double(x) * (data.logMean[row] - logSpread), tabled.q - logSpread, q / gamma - (px + q) / spread, 0, 0, 0, 0)
        }
        return (sums[0], [sums[1], sums[2], sums[3]])
    }
}
