/// What of gate's environment a rollout sees when the policy sets `deploy.rollout.env` (SPEC §3, §5 step 7).
public enum RolloutEnvironment {
    /// Always passed when set, so a rollout finds its programs and writes its files as gate's user would.
    public static let essentials = ["PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "TZ", "TMPDIR", "TERM"]

    /// The variables `entries` let through from `environment`: names, `PREFIX_*` patterns, and `NAME=value`
    /// settings (which win over inherited values).
    public static func select(_ entries: [String], from environment: [String: String]) -> [String: String] {
        var selected: [String: String] = [:]
        for name in essentials { if let value = environment[name] { selected[name] = value } }
        var settings: [String: String] = [:]
        for entry in entries {
            if let equals = entry.firstIndex(of: "=") {
                settings[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
            } else if entry.hasSuffix("*") {
                let prefix = entry.dropLast()
                for (name, value) in environment where name.hasPrefix(prefix) { selected[name] = value }
            } else if let value = environment[entry] {
                selected[entry] = value
            }
        }
        selected.merge(settings) { $1 }
        return selected
    }
}
