import GateCore

/// The detector catalogue as text, generated from the detectors' own descriptions (`gate rules`).
public enum RuleCatalogue {
    /// One line per detector: id, category, default tier and name.
    public static func list(_ detectors: [any Detector] = DetectorRegistry.all) -> String {
        let rows = detectors.map { detector -> [String] in
            let description = detector.description
            return [description.id, description.category.rawValue, description.defaultTier.rawValue,
                    description.name]
        }
        let header = ["ID", "CATEGORY", "TIER", "NAME"]
        var widths = header.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        func format(_ row: [String]) -> String {
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ")
        }
        return ([format(header)] + rows.map(format)).joined(separator: "\n") + "\n"
    }

    /// The detectors with `id`, or those of the category named `id`; empty when neither exists.
    public static func detectors(matching id: String, in detectors: [any Detector] = DetectorRegistry.all)
        -> [any Detector]
    {
        if let detector = detectors.first(where: { $0.description.id == id }) { return [detector] }
        return detectors.filter { $0.description.category.rawValue == id }
    }

    /// The known id or category closest to `id`, for "did you mean" suggestions.
    public static func suggestion(for id: String, in detectors: [any Detector] = DetectorRegistry.all) -> String? {
        let candidates = detectors.map(\.description.id) + Category.allCases.map(\.rawValue)
        let scored = candidates.map { ($0, editDistance(Array(id.lowercased().utf8), Array($0.utf8))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, id.count / 3) else { return nil }
        return best.0
    }

    /// A detector's documentation: name, category, default handling, rationale and examples (marker shown).
    public static func describe(_ detector: any Detector) -> String {
        let description = detector.description
        let category = description.category
        var text = "\(description.id): \(description.name)\n"
        text += "category: \(category.rawValue)   default: \(description.defaultTier.rawValue), "
        text += description.tier == .critical ? "block\n\n" : category.defaultAction == .requireApproval
            ? "1 approval from \(category.defaultApprovalGroup)\n\n" : "\(category.defaultAction.rawValue)\n\n"
        text += wrap(description.rationale, width: 100) + "\n"
        text += "\nTriggering examples (↓ marks where the detector fires):\n"
        for example in description.triggering { text += "\n" + render(example) }
        text += "\nNon-triggering examples:\n"
        for example in description.nonTriggering { text += "\n" + render(example) }
        return text
    }

    /// An example as a numbered listing; with a base, lines the change adds are marked `+`.
    static func render(_ example: DetectorExample) -> String {
        var text = "  \(example.path)\(example.base == nil ? " (new file)" : "")\n"
        let added = example.makeSourceFile().addedLines
        var lines = example.head.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        let width = String(lines.count).count
        for (offset, line) in lines.enumerated() {
            let number = String(offset + 1)
            let change = example.base != nil && added.contains(offset + 1) ? "+" : " "
            text += "  " + String(repeating: " ", count: width - number.count) + number + " \(change)| \(line)\n"
        }
        return text
    }

    private static func wrap(_ text: String, width: Int) -> String {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if current.count + word.count + 1 > width, !current.isEmpty {
                lines.append(current)
                current = ""
            }
            current += current.isEmpty ? String(word) : " " + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines.joined(separator: "\n")
    }

    private static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
