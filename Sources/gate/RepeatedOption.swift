/// An option given twice (`--base main --base feature`). Every option of gate takes one value, and ArgumentParser
/// keeps the last without a word: the check would judge a range nobody asked for (an empty one passes), so a
/// repeated option is bad input instead.
struct RepeatedOption: Error, CustomStringConvertible {
    let option: String

    /// The error for `arguments` (without the program name) when one option appears twice before `--`, else nil.
    /// `-q`/`--quiet` and `-v`/`--verbose` are one option each.
    static func check(_ arguments: [String]) -> RepeatedOption? {
        var seen: Set<String> = []
        for argument in arguments {
            if argument == "--" { break }
            guard argument.hasPrefix("-"), argument.count > 1 else { continue }
            let spelled = String(argument.prefix { $0 != "=" })
            let name = shortNames[spelled] ?? spelled
            if !seen.insert(name).inserted { return RepeatedOption(option: name) }
        }
        return nil
    }

    private static let shortNames = ["-q": "--quiet", "-v": "--verbose"]

    var description: String { "\(option) is given more than once; give it once" }
}
