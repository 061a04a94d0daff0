import Foundation
import GateGit
import GatePolicy
import GateRules

/// The fixed set-up of every `gate check`, begun on other cores while the command line is still being parsed.
///
/// libgit2's start-up (it loads the system's TLS certificates), the built-in policy (parsed from YAML) and the
/// credential catalogue's tables are each built once, on first use: together some 25 ms of the one thread everything
/// else waited on (the built-in policy is built even when the repository has its own: it is the cheapest of the
/// three). Whatever needs one of them later waits only for what is not done yet.
public enum CheckStartup {
    public static func begin() {
        // In the order they are needed: the repository is opened first, the policy is read next, and the
        // credential tables only once the first changed file reaches a worker.
        DispatchQueue.global(qos: .userInitiated).async {
            Repository.prepareLibrary()
        }
        DispatchQueue.global(qos: .userInitiated).async {
            _ = PolicyLoader.builtin
            Scanner.prepareSharedTables()
        }
    }
}
