import GateCore

/// The detector catalogue as text or JSON, generated from the detectors' own descriptions (`gate rules`).
public enum RuleCatalogue {
    /// One line per detector: id, category, default tier, the Postgres versions it applies to, and name.
    public static func list(_ detectors: [any Detector] = DetectorRegistry.all) -> String {
        let rows = detectors.map { detector -> [String] in
            let description = detector.description
            return [description.id, description.category.rawValue, description.defaultTier.rawValue,
                    postgresVersions(description), description.name]
        }
        let header = ["ID", "CATEGORY", "TIER", "POSTGRES", "NAME"]
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

    /// The Postgres major versions a detector applies to (`-` for detectors that do not read SQL).
    static func postgresVersions(_ description: DetectorDescription) -> String {
        description.postgresVersions ?? (description.category == .schemaChange ? "all" : "-")
    }

    /// The `gate.rules/v1` document: each detector with its default handling, rationale and examples.
    public static func json(_ detectors: [any Detector] = DetectorRegistry.all) throws -> String {
        try StableJSON.render(schema: "gate.rules/v1", RuleListDocument(rules: detectors.map { RuleEntry($0.description) }))
    }

    /// What a detector's findings do under the built-in policy: its own tier when it has one (advice passes,
    /// a contract still in use blocks), else its category's action.
    static func defaultAction(_ description: DetectorDescription) -> Action {
        switch description.tier {
        case .low: .pass
        case .critical: .block
        case .high, nil: description.category.defaultAction
        }
    }

    /// The detectors with `id`, or those of the category named `id`; empty when neither exists.
    public static func detectors(matching id: String, in detectors: [any Detector] = DetectorRegistry.all)
        -> [any Detector]
    {
        if let detector = detectors.first(where: { $0.id == id }) { return [detector] }
        return detectors.filter { $0.category.rawValue == id }
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
        let tier = description.defaultTier
        let action = defaultAction(description)
        var text = "\(description.id): \(description.name)\n"
        text += "category: \(category.rawValue)   default: \(tier.rawValue), "
        text += action == .requireApproval
            ? "1 approval from \(category.defaultApprovalGroup)" : action.rawValue
        if category == .schemaChange { text += "   postgres: \(postgresVersions(description))" }
        text += "\n\n"
        text += wrap(description.rationale, width: 100) + "\n"
        text += "\nTriggering examples (↓ marks where the detector fires):\n"
        for example in description.triggering { text += "\n" + render(example) }
        text += "\nNon-triggering examples:\n"
        for example in description.nonTriggering { text += "\n" + render(example) }
        return text
    }

    /// An example as a numbered listing; with a base, lines the change adds are marked `+`.
    static func render(_ example: DetectorExample) -> String {
        let origin = example.renamedFrom.map { " (renamed from \($0))" } ?? (example.base == nil ? " (new file)" : "")
        var text = "  \(example.path)\(origin)\n"
        let added = example.makeSourceFile().addedLines
        var lines = example.head.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        let width = String(lines.count).count
        for (offset, line) in lines.enumerated() {
            let number = String(offset + 1)
            let change = example.base != nil && added.contains(offset + 1) ? "+" : " "
            text += "  " + String(repeating: " ", count: width - number.count) + number + " \(change)| \(line)\n"
        }
        for file in example.alongside {
            text += "  with, unchanged at head, \(file.path):\n"
            for line in file.text.split(separator: "\n") { text += "    | \(line)\n" }
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

/// `gate rules --format json`.
struct RuleListDocument: Encodable {
    var rules: [RuleEntry]
}

/// One detector in `gate.rules/v1`; absent values are null so that every entry has the same keys.
struct RuleEntry: Encodable {
    struct Requirement: Encodable {
        var approvals: Int
        var from: [String]
    }

    struct Example: Encodable {
        var path: String
        /// Nil for an example that adds a new file.
        var base: String?
        /// The head text; in a triggering example `↓` marks where the detector fires.
        var head: String
        /// Other files at head the example is read with, by path (omitted when there are none).
        var alongside: [String: String]
        /// The path the change renames the file from, `base` being its text there (omitted when it keeps its path).
        var renamedFrom: String?

        enum CodingKeys: String, CodingKey { case path, base, head, alongside, renamedFrom }

        init(_ example: DetectorExample) {
            path = example.path
            base = example.base
            head = example.head
            alongside = Dictionary(example.alongside.map { ($0.path, $0.text) }, uniquingKeysWith: { $1 })
            renamedFrom = example.renamedFrom
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(path, forKey: .path)
            try container.encode(base, forKey: .base)
            try container.encode(head, forKey: .head)
            if !alongside.isEmpty { try container.encode(alongside, forKey: .alongside) }
            if let renamedFrom { try container.encode(renamedFrom, forKey: .renamedFrom) }
        }
    }

    var id: String
    var name: String
    var category: String
    var tier: String
    var action: String
    var require: Requirement?
    var postgres: String?
    var rationale: String
    var triggering: [Example]
    var nonTriggering: [Example]

    init(_ description: DetectorDescription) {
        id = description.id
        name = description.name
        category = description.category.rawValue
        tier = description.defaultTier.rawValue
        let action = RuleCatalogue.defaultAction(description)
        self.action = action.rawValue
        require = action == .requireApproval
            ? Requirement(approvals: 1, from: [description.category.defaultApprovalGroup]) : nil
        let versions = RuleCatalogue.postgresVersions(description)
        postgres = versions == "-" ? nil : versions
        rationale = description.rationale
        triggering = description.triggering.map(Example.init)
        nonTriggering = description.nonTriggering.map(Example.init)
    }

    enum CodingKeys: String, CodingKey {
        case id, name, category, tier, action, require, postgres, rationale, triggering, nonTriggering
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(category, forKey: .category)
        try container.encode(tier, forKey: .tier)
        try container.encode(action, forKey: .action)
        try container.encode(require, forKey: .require)
        try container.encode(postgres, forKey: .postgres)
        try container.encode(rationale, forKey: .rationale)
        try container.encode(triggering, forKey: .triggering)
        try container.encode(nonTriggering, forKey: .nonTriggering)
    }
}
