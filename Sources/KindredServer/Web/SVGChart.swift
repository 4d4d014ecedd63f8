import Foundation

/// One bar of a chart: its label, value and the value as the reader sees it.
struct ChartBar: Sendable {
    let label: String
    let value: Double
    let display: String
}

/// Charts drawn on the server as accessible SVG: a title and description for screen readers, every bar labelled,
/// and the same figures as a table behind the chart. All text is escaped here (labels can come from stored data).
enum SVGChart {
    /// A horizontal bar chart followed by its data table; `valueHeading` heads the table's value column.
    static func bars(id: String, title: String, labelHeading: String, valueHeading: String, bars: [ChartBar], empty: String) -> String {
        let e = WebFormat.escape
        guard !bars.isEmpty else {
            return "<figure class=\"chart\" id=\"\(e(id))\"><figcaption>\(e(title))</figcaption><p class=\"empty\">\(e(empty))</p></figure>"
        }
        let rowHeight = 24, labelWidth = 110, barWidth = 170, width = labelWidth + barWidth + 80
        let largest = max(bars.map(\.value).max() ?? 0, 1)
        var svg = "<svg role=\"img\" aria-labelledby=\"\(e(id))-title \(e(id))-desc\" viewBox=\"0 0 \(width) \(bars.count * rowHeight + 8)\" "
            + "width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title id=\"\(e(id))-title\">\(e(title))</title>"
        svg += "<desc id=\"\(e(id))-desc\">\(bars.map { "\(e($0.label)): \(e($0.display))" }.joined(separator: "; "))</desc>"
        for (index, bar) in bars.enumerated() {
            let y = index * rowHeight + 4, length = max(0, Int((bar.value / largest * Double(barWidth)).rounded()))
            let label = bar.label.count > 16 ? String(bar.label.prefix(15)) + "…" : bar.label
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 17)\" text-anchor=\"end\" class=\"chart-label\">\(e(label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(length)\" height=\"\(rowHeight - 8)\" rx=\"3\" class=\"chart-bar\"></rect>"
            svg += "<text x=\"\(labelWidth + length + 6)\" y=\"\(y + 17)\" class=\"chart-value\">\(e(bar.display))</text>"
        }
        svg += "</svg>"
        let rows = bars.map { "<tr><th scope=\"row\">\(e($0.label))</th><td>\(e($0.display))</td></tr>" }.joined()
        let table = "<details class=\"chart-data\"><summary>\(e(title))</summary><table><thead><tr><th scope=\"col\">\(e(labelHeading))</th>"
            + "<th scope=\"col\">\(e(valueHeading))</th></tr></thead><tbody>\(rows)</tbody></table></details>"
        return "<figure class=\"chart\" id=\"\(e(id))\"><figcaption>\(e(title))</figcaption>\(svg)\(table)</figure>"
    }

    /// A week heat map: one row per day, one cell per hour, each cell as dark as its share of the busiest hour, with
    /// the figures as a table behind it. `days` names the seven rows (Monday first); `values` holds 168 counts.
    static func heatMap(id: String, title: String, days: [String], hourHeading: String, values: [Int], empty: String) -> String {
        let e = WebFormat.escape
        let largest = values.max() ?? 0
        guard largest > 0, days.count == 7, values.count == 168 else {
            return "<figure class=\"chart\" id=\"\(e(id))\"><figcaption>\(e(title))</figcaption><p class=\"empty\">\(e(empty))</p></figure>"
        }
        let cell = 12, labelWidth = 40, width = labelWidth + 24 * cell + 4
        var svg = "<svg role=\"img\" aria-labelledby=\"\(e(id))-title\" viewBox=\"0 0 \(width) \(7 * cell + 20)\" width=\"100%\" "
            + "preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"\(e(id))-title\">\(e(title))</title>"
        for (day, name) in days.enumerated() {
            svg += "<text x=\"\(labelWidth - 4)\" y=\"\(day * cell + 10)\" text-anchor=\"end\" class=\"chart-label\">\(e(String(name.prefix(3))))</text>"
            for hour in 0..<24 {
                let share = Double(values[day * 24 + hour]) / Double(largest)
                svg += "<rect x=\"\(labelWidth + hour * cell)\" y=\"\(day * cell)\" width=\"\(cell - 1)\" height=\"\(cell - 1)\" class=\"chart-bar\" "
                    + "fill-opacity=\"\(String(format: "%.2f", 0.08 + 0.92 * share))\"><title>\(e(name)) \(hour):00 · \(values[day * 24 + hour])</title></rect>"
            }
        }
        for hour in stride(from: 0, to: 24, by: 6) {
            svg += "<text x=\"\(labelWidth + hour * cell)\" y=\"\(7 * cell + 14)\" class=\"chart-label\">\(hour):00</text>"
        }
        svg += "</svg>"
        let header = "<tr><th scope=\"col\">\(e(hourHeading))</th>" + days.map { "<th scope=\"col\">\(e($0))</th>" }.joined() + "</tr>"
        let rows = (0..<24).map { hour in "<tr><th scope=\"row\">\(hour):00</th>" + (0..<7).map { "<td>\(values[$0 * 24 + hour])</td>" }.joined() + "</tr>" }.joined()
        let table = "<details class=\"chart-data\"><summary>\(e(title))</summary><table><thead>\(header)</thead><tbody>\(rows)</tbody></table></details>"
        return "<figure class=\"chart\" id=\"\(e(id))\"><figcaption>\(e(title))</figcaption>\(svg)\(table)</figure>"
    }
}
