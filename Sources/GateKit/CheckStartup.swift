import Foundation
import GateGit
import GatePolicy
import GateRules

/// The fixed set-up of every `gate check`, begun on other cores while the command line is still being parsed.
///
/// libgit2's start-up, the built-in policy (parsed from YAML) and the credential catalogue's tables are each built
/// once, on first use: together some 15 ms of the one thread everything else waited on (the built-in policy is built
/// even when the repository has its own: it is the cheapest of the three). Whatever needs one of them later waits
/// only for what is not done yet.
public enum CheckStartup {
    public static func begin() {
        // Each on its own thread: the command line's parse, the built-in policy and the tables together take
        // longer than the repository's opening, and the check waits for the policy and then for the tables (the
        // scanner is made before the diff starts), so neither should wait for the other to be built first.
        DispatchQueue.global(qos: .userInitiated).async {
            Repository.prepareLibrary()
        }
        DispatchQueue.global(qos: .userInitiated).async {
            _ = PolicyLoader.builtin
        }
        DispatchQueue.global(qos: .userInitiated).async {
            Scanner.prepareSharedTables()
        }
    }
}
