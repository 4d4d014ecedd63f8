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
}
