import GateCore

extension CodeIndex {
    /// The guard every ActionCable channel's actions are behind: the project's `ApplicationCable::Connection` whose
    /// `connect` refuses the socket of a caller it cannot identify, by `reject_unauthorized_connection` in `connect`
    /// or in a method of the connection it calls (`self.current_user = find_verified_user`). A connection that
    /// identifies nobody, or only names a user without refusing (`identified_by :current_user` alone), guards
    /// nothing. `reject_unauthorized_connection (path:line)`, or nil. Read once.
    public func actionCableConnectionGuard() -> String? {
        project.configuration("actioncable-connection-guard") { () -> String? in
            for path in project.paths where path.hasSuffix(".rb") && path.contains("channels/") {
                guard let bytes = project.contents(of: path), ByteSearch.containsFolded(bytes, Self.rejectWord),
                      ByteSearch.containsFolded(bytes, Self.connectionBaseWord) || path.hasSuffix("application_cable/connection.rb"),
                      let lexed = lexedFile(path)
                else { continue }
                let methods = lexed.blocks.indices.filter { lexed.blocks[$0].kind == .function }
                var byName: [String: Int] = [:]
                for method in methods {
                    if let name = lexed.blocks[method].nameRange.map({ lexed.text($0) }), byName[name] == nil { byName[name] = method }
                }
                guard let connect = byName["connect"] else { continue }
                // `connect` and the connection's methods it calls, a few deep.
                var seen: Set<Int> = [connect]
                var queue = [connect]
                while let method = queue.popLast() {
                    for index in lexed.span(of: method) where lexed.tokens[index].kind == .identifier {
                        if lexed.token(index, is: "reject_unauthorized_connection") {
                            return "reject_unauthorized_connection (\(path):\(lexed.tokens[index].line))"
                        }
                        if let callee = byName[lexed.text(index)], !seen.contains(callee), seen.count < 8 {
                            seen.insert(callee)
                            queue.append(callee)
                        }
                    }
                }
            }
            return nil
        }
    }

    private static let rejectWord = Array("reject_unauthorized_connection".utf8)
    private static let connectionBaseWord = Array("ActionCable::Connection::Base".utf8)
}
