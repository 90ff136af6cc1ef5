import Foundation

/// Charts drawn on the server as SVG (no script, no external file): bars per day, and horizontal bars per label.
/// Every text in them is escaped here, since the page includes the SVG as markup.
enum ConsoleCharts {
    /// One bar: its label, its value, and the part of it drawn in the second colour (rejected deposits).
    struct Bar {
        let label: String
        let value: Double
        var part: Double = 0
        /// What a tooltip and a screen reader say of it.
        let description: String
    }

    /// Vertical bars, one per day, with the first and last day written under the axis.
    static func columns(_ bars: [Bar], title: String, width: Int = 720, height: Int = 220) -> String {
        let top = 10.0, bottom = 28.0, left = 44.0, right = 8.0
        let plotWidth = Double(width) - left - right, plotHeight = Double(height) - top - bottom
        let maximum = max(bars.map(\.value).max() ?? 0, 1)
        let scale = niceCeiling(maximum)
        let step = plotWidth / Double(max(bars.count, 1))
        var svg = header(width: width, height: height, title: title)
        for tick in 0...4 {
            let value = scale * Double(tick) / 4
            let y = top + plotHeight - plotHeight * value / scale
            svg += #"<line x1="\#(f(left))" y1="\#(f(y))" x2="\#(f(Double(width) - right))" y2="\#(f(y))" class="grid"/>"#
            svg += #"<text x="\#(f(left - 6))" y="\#(f(y + 4))" text-anchor="end">\#(escape(short(value)))</text>"#
        }
        for (index, bar) in bars.enumerated() {
            let x = left + Double(index) * step + step * 0.15
            let barWidth = step * 0.7
            let total = plotHeight * bar.value / scale
            let part = plotHeight * min(bar.part, bar.value) / scale
            svg += #"<g><title>\#(escape(bar.description))</title>"#
            svg += #"<rect x="\#(f(x))" y="\#(f(top + plotHeight - total))" width="\#(f(barWidth))" height="\#(f(total - part))" class="bar"/>"#
            if part > 0 {
                svg += #"<rect x="\#(f(x))" y="\#(f(top + plotHeight - part))" width="\#(f(barWidth))" height="\#(f(part))" class="bar second"/>"#
            }
            svg += "</g>"
        }
        if let first = bars.first, let last = bars.last {
            svg += #"<text x="\#(f(left))" y="\#(height - 8)">\#(escape(first.label))</text>"#
            svg += #"<text x="\#(f(Double(width) - right))" y="\#(height - 8)" text-anchor="end">\#(escape(last.label))</text>"#
        }
        return svg + "</svg>"
    }

    /// Horizontal bars, one per label (rule ids), longest first as given.
    static func rows(_ bars: [Bar], title: String, width: Int = 720) -> String {
        let rowHeight = 24.0, labelWidth = 150.0, valueWidth = 60.0
        let height = Int(Double(max(bars.count, 1)) * rowHeight + 8)
        let maximum = max(bars.map(\.value).max() ?? 0, 1)
        let plotWidth = Double(width) - labelWidth - valueWidth
        var svg = header(width: width, height: height, title: title)
        for (index, bar) in bars.enumerated() {
            let y = 4 + Double(index) * rowHeight
            let length = plotWidth * bar.value / maximum
            svg += #"<g><title>\#(escape(bar.description))</title>"#
            svg += #"<text x="\#(f(labelWidth - 8))" y="\#(f(y + 16))" text-anchor="end">\#(escape(bar.label))</text>"#
            svg += #"<rect x="\#(f(labelWidth))" y="\#(f(y + 3))" width="\#(f(max(length, 1)))" height="\#(f(rowHeight - 8))" class="bar second"/>"#
            svg += #"<text x="\#(f(labelWidth + max(length, 1) + 6))" y="\#(f(y + 16))">\#(escape(short(bar.value)))</text></g>"#
        }
        return svg + "</svg>"
    }

    private static func header(width: Int, height: Int, title: String) -> String {
        #"<svg viewBox="0 0 \#(width) \#(height)" role="img" aria-label="\#(escape(title))" class="chart" preserveAspectRatio="xMinYMin meet"><title>\#(escape(title))</title>"#
    }

    /// A round upper bound for the axis (1, 2 or 5 times a power of ten).
    static func niceCeiling(_ value: Double) -> Double {
        let power = pow(10, floor(log10(value)))
        for factor in [1.0, 2.0, 5.0, 10.0] where factor * power >= value { return factor * power }
        return 10 * power
    }

    /// `1.2k`, `350`, `0.5`.
    static func short(_ value: Double) -> String {
        if value >= 10_000 { return String(format: "%.0fk", value / 1000) }
        if value >= 1000 { return String(format: "%.1fk", value / 1000) }
        return value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    private static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    /// Text for SVG markup: `&`, `<`, `>`, `"` and `'` escaped.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
