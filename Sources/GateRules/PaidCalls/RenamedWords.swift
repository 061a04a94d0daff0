import GateCode
import GateCore

/// A line the change rewrites with one identifier renamed and nothing else changed: `export async function
/// summarize(text)` made `export async function summarizeNote(text)`, `def summarize(text):` made `def
/// summarize_note(text):`. On a function's definition line it is the function renamed, its body kept.
struct RenamedWord: Sendable {
    /// The head line that now spells `new`.
    var line: Int
    var old: String
    var new: String

    /// The lines of `hunks` that rename one identifier: in each run of changed lines, the deleted lines are paired,
    /// in order, with the added ones (git puts a run's deleted lines first; other diffs may not). Compared in place,
    /// byte by byte; only a rename is copied out.
    static func found(in hunks: [Hunk]) -> [RenamedWord] {
        var found: [RenamedWord] = []
        for hunk in hunks where hunk.oldCount > 0 && hunk.newCount > 0 {
            let lines = hunk.lines
            var index = lines.startIndex
            var deleted: [Int] = []
            var added: [Int] = []
            while index < lines.endIndex {
                deleted.removeAll(keepingCapacity: true)
                added.removeAll(keepingCapacity: true)
                while index < lines.endIndex, lines[index].kind != .context {
                    if lines[index].kind == .deleted { deleted.append(index) } else { added.append(index) }
                    index += 1
                }
                for (old, new) in zip(deleted, added) {
                    let before = lines[old]
                    let after = lines[new]
                    guard let line = after.newNumber else { continue }
                    let renamed: (old: String, new: String)? = before.withUTF8 { old in
                        after.withUTF8 { new in renamedIdentifier(old, new) }
                    }
                    if let renamed { found.append(RenamedWord(line: line, old: renamed.old, new: renamed.new)) }
                }
                index += 1
            }
        }
        return found
    }

    /// The identifier `old` spells where `new` spells another, when that is the lines' only difference.
    static func renamedIdentifier(_ old: UnsafeBufferPointer<UInt8>, _ new: UnsafeBufferPointer<UInt8>) -> (old: String, new: String)? {
        let shorter = min(old.count, new.count)
        var prefix = 0
        while prefix < shorter, old[prefix] == new[prefix] { prefix += 1 }
        guard prefix < max(old.count, new.count) else { return nil }  // the same line
        var suffix = 0
        while suffix < shorter - prefix, old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        // Widened to whole identifiers: `summarize(` and `summarizeNote(` differ by `Note`, but rename the word.
        while prefix > 0, Byte.isIdentifierPart(old[prefix - 1]) { prefix -= 1 }
        while suffix > 0, Byte.isIdentifierPart(old[old.count - suffix]) { suffix -= 1 }
        let oldWord = UnsafeBufferPointer(rebasing: old[prefix..<(old.count - suffix)])
        let newWord = UnsafeBufferPointer(rebasing: new[prefix..<(new.count - suffix)])
        guard isIdentifier(oldWord), isIdentifier(newWord) else { return nil }
        return (String(decoding: oldWord, as: UTF8.self), String(decoding: newWord, as: UTF8.self))
    }

    private static func isIdentifier(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = word.first, Byte.isIdentifierStart(first) else { return false }
        return word.allSatisfy(Byte.isIdentifierPart)
    }
}
