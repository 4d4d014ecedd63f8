import Foundation

/// Weighted sums over many rows split over the cores: Σ countᵢ · term(i), several sums at once in the lanes of a vector.
enum ParallelSum {
    /// Rows below this are summed on one core.
    static let threshold = 20_000

    /// Σ count[i] · term(i) over every row.
    static func weighted(_ count: [Double], _ term: (Int) -> SIMD16<Double>) -> SIMD16<Double> {
        let rows = count.count, parts = rows < threshold ? 1 : ProcessInfo.processInfo.activeProcessorCount
        guard parts > 1 else { return (0..<rows).reduce(.zero) { $0 + count[$1] * term($1) } }
        var partial = [SIMD16<Double>](repeating: .zero, count: parts)
        withoutActuallyEscaping(term) { term in
            partial.withUnsafeMutableBufferPointer { sums in
                let sums = UnsafeSendableBuffer(sums), term = UnsafeSendableTerm(term)
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    var total = SIMD16<Double>.zero
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
    let buffer: UnsafeMutableBufferPointer<SIMD16<Double>>
    init(_ buffer: UnsafeMutableBufferPointer<SIMD16<Double>>) { self.buffer = buffer }
}

/// A row term the concurrent parts only read through.
struct UnsafeSendableTerm: @unchecked Sendable {
    let term: (Int) -> SIMD16<Double>
    init(_ term: @escaping (Int) -> SIMD16<Double>) { self.term = term }
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
        var distinct = DistinctValues(atMost: 2 * data.rows.count)
        x = data.rows.map { Int32($0.row.x) }
        txIndex = data.rows.map { distinct.index(of: $0.row.tx) }
        TIndex = data.rows.map { distinct.index(of: $0.row.T) }
        count = data.rows.map(\.count)
        times = distinct.values
        var perX = [Double](repeating: 0, count: (data.rows.map(\.row.x).max() ?? 0) + 1)
        for row in data.rows { perX[row.row.x] += row.count }
        donorsPerX = perX
        donors = data.donors
    }
}

/// The distinct values among many and each one's position, by open addressing on the value's bits (a Dictionary's
/// seeded hashing costs several times more over hundreds of thousands of look-ups).
struct DistinctValues {
    /// The distinct values in the order first seen.
    private(set) var values: [Double] = []
    private var slots: [Int32]
    private let shift: UInt64

    /// A table for at most `count` distinct values.
    init(atMost count: Int) {
        let bits = max(4, (2 * max(count, 1) - 1).bitWidth - (2 * max(count, 1) - 1).leadingZeroBitCount)
        slots = [Int32](repeating: -1, count: 1 << bits)
        shift = UInt64(64 - bits)
    }

    /// The position of `value` among the distinct values, added if new (0 and −0 are one value).
    mutating func index(of value: Double) -> Int32 {
        let value = value + 0, mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: (value.bitPattern &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let known = slots[slot]
            if known < 0 {
                values.append(value)
                slots[slot] = Int32(values.count - 1)
                return slots[slot]
            }
            if values[Int(known)].bitPattern == value.bitPattern { return known }
            slot = (slot + 1) & mask
        }
    }
}

extension BGNBD {
    /// The sum of ln L over prepared histories with its gradient and Hessian with respect to (r, α, a, b), in one pass:
    /// tables of ln(α + t) and 1/(α + t) per distinct time and of the x-only terms per distinct x; per row the mix of
    /// the still-alive (A) and dropped-out (B) terms, ln(eᴬ + eᴮ), whose derivatives are the weighted mean of A's and B's,
    /// s ∂A + (1 − s) ∂B, and s ∂²A + (1 − s) ∂²B + s(1 − s)(∂A − ∂B)(∂A − ∂B)ᵀ with s the still-alive share.
    public func logLikelihoodDerivatives(_ data: PreparedRepeatHistories) -> ValueWithDerivatives {
        let logTimes = data.times.map { log(alpha + $0) }, inverseTimes = data.times.map { 1 / (alpha + $0) }
        let (r, a, b) = (r, a, b), xs = data.donorsPerX.indices.map(Double.init)
        let dropped = xs.map { $0 == 0 ? 0 : log(a) - log(b + $0 - 1) }, inverseDrop = xs.map { $0 == 0 ? 0 : 1 / (b + $0 - 1) }
        // Lanes: value; ∂r, ∂α; (1 − s), (1 − s)k with k = 1/(b + x − 1); ∂²rr, ∂²rα, ∂²αα; w Δr, w Δr k, w Δα, w Δα k, w, w k,
        // (1 − s + w)k², with w = s(1 − s) and Δ = ∂A − ∂B; the a and b entries scale by 1/a and k afterwards.
        let rows = ParallelSum.weighted(data.count) { row in
            let x = Int(data.x[row]), power = r + Double(x), T = Int(data.TIndex[row])
            let alive = -power * logTimes[T], inverseT = inverseTimes[T]
            guard x > 0 else {
                return SIMD16(alive, -logTimes[T], -power * inverseT, 0, 0, 0, -inverseT, power * inverseT * inverseT, 0, 0, 0, 0, 0, 0, 0, 0)
            }
            let tx = Int(data.txIndex[row]), out = dropped[x] - power * logTimes[tx], inverseTx = inverseTimes[tx], k = inverseDrop[x]
            let ratio = exp(-abs(alive - out)), total = max(alive, out) + log1p(ratio)
            let stay = alive >= out ? 1 / (1 + ratio) : ratio / (1 + ratio), leave = 1 - stay, w = stay * leave
            let deltaR = logTimes[tx] - logTimes[T], deltaAlpha = power * (inverseTx - inverseT)
            return SIMD16(total, -(stay * logTimes[T] + leave * logTimes[tx]), -power * (stay * inverseT + leave * inverseTx), leave, leave * k,
                          w * deltaR * deltaR, w * deltaR * deltaAlpha - (stay * inverseT + leave * inverseTx),
                          power * (stay * inverseT * inverseT + leave * inverseTx * inverseTx) + w * deltaAlpha * deltaAlpha,
                          w * deltaR, w * deltaR * k, w * deltaAlpha, w * deltaAlpha * k, w, w * k, (leave + w) * k * k, 0)
        }
        let shared = lgamma(r) - r * log(alpha) + SpecialFunctions.logBeta(a, b)
        let digammaR = SpecialFunctions.digamma(r), digammaB = SpecialFunctions.digamma(b), digammaAB = SpecialFunctions.digamma(a + b)
        let trigammaR = SpecialFunctions.trigamma(r), trigammaB = SpecialFunctions.trigamma(b), trigammaAB = SpecialFunctions.trigamma(a + b)
        var value = rows[0], gradient = [rows[1], rows[2], rows[3] / a, -rows[4]]
        var hessian = [[rows[5], rows[6], -rows[8] / a, rows[9]],
                       [rows[6], rows[7], -rows[10] / a, rows[11]],
                       [-rows[8] / a, -rows[10] / a, (rows[12] - rows[3]) / (a * a), -rows[13] / a],
                       [rows[9], rows[11], -rows[13] / a, rows[14]]]
        for (x, donors) in zip(xs, data.donorsPerX) where donors > 0 {
            let digammaABX = SpecialFunctions.digamma(a + b + x), trigammaABX = SpecialFunctions.trigamma(a + b + x)
            value += donors * (lgamma(r + x) + SpecialFunctions.logBeta(a, b + x) - shared)
            gradient[0] += donors * (SpecialFunctions.digamma(r + x) - digammaR + log(alpha))
            gradient[1] += donors * r / alpha
            gradient[2] += donors * (digammaAB - digammaABX)
            gradient[3] += donors * (SpecialFunctions.digamma(b + x) - digammaABX - digammaB + digammaAB)
            hessian[0][0] += donors * (SpecialFunctions.trigamma(r + x) - trigammaR)
            hessian[0][1] += donors / alpha
            hessian[1][1] -= donors * r / (alpha * alpha)
            hessian[2][2] += donors * (trigammaAB - trigammaABX)
            hessian[2][3] += donors * (trigammaAB - trigammaABX)
            hessian[3][3] += donors * (SpecialFunctions.trigamma(b + x) - trigammaABX - trigammaB + trigammaAB)
        }
        (hessian[1][0], hessian[3][2]) = (hessian[0][1], hessian[2][3])
        return ValueWithDerivatives(value: value, gradient: gradient, hessian: hessian)
    }
}
