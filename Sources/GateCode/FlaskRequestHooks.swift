import GateCore

/// Flask's request hooks (`@bp.before_request`, `@app.before_request`, `before_app_request`) run before every route of
/// their blueprint or app, and guard those routes only when they turn a caller away: a hook that loads the signed-in
/// user into `g.user` or only logs who called lets everyone through.
extension LexedSource {
    /// Whether the Flask request hook whose function is `span` turns a caller away: it aborts (`abort(401)`), raises,
    /// redirects, answers 401, 403 or 429 (`return jsonify(…), 401`), or calls a check as a statement of its own
    /// (`verify_jwt_in_request()`, `return require_login()`). `isGuard` says which tokens are guards (the file's
    /// guard tokens), of which the hook must hold one: a hook aborting for another reason (`abort(413)`) checks nobody.
    public func flaskHookTurnsAway(_ span: ClosedRange<Int>, isGuard: (Int) -> Bool) -> Bool {
        var guards = false
        var refuses = false
        for index in span where index < tokens.count {
            let token = tokens[index]
            if isGuard(index) {
                guards = true
                // A check called for what it does, not read: `verify_jwt_in_request()`, `return require_login()`.
                if token.kind == .identifier, self.token(index + 1, isPunctuation: Byte.openParen),
                   token.firstOnLine || self.token(index - 1, is: "return")
                {
                    refuses = true
                }
            }
            if token.kind == .number {
                let digits = bytes[token.start..<token.end]
                if digits.elementsEqual("401".utf8) || digits.elementsEqual("403".utf8) || digits.elementsEqual("429".utf8) { refuses = true }
            } else if self.token(index, is: "raise")
                || ((self.token(index, is: "abort") || self.token(index, is: "redirect")) && self.token(index + 1, isPunctuation: Byte.openParen))
            {
                refuses = true
            }
            if guards && refuses { return true }
        }
        return false
    }

    /// The function blocks of the file decorated as Flask request hooks of `receiver` (`@bp.before_request`), or of
    /// any receiver when it is nil, with the hook's decorator token.
    public func flaskRequestHooks(of receiver: String? = nil) -> [(hook: Int, function: ClosedRange<Int>)] {
        var result: [(Int, ClosedRange<Int>)] = []
        for (block, info) in blocks.enumerated() where info.kind == .function && info.headerStart < info.openToken {
            let header = statementSpan(of: block).lowerBound..<info.openToken
            guard let hook = header.first(where: { token($0, is: "before_request") || token($0, is: "before_app_request") }),
                  token(hook - 1, isPunctuation: Byte.dot), hook >= 2
            else { continue }
            if let receiver, text(hook - 2) != receiver { continue }
            result.append((hook, info.openToken...statementSpan(of: block).upperBound))
        }
        return result
    }
}

extension CodeIndex {
    /// A request hook that turns callers away, declared in another module on the blueprint this file's routes are
    /// registered on (`from . import bp` in app/chat/routes.py, with `@bp.before_request def require_login(): …
    /// abort(401)` in app/chat/__init__.py beside `bp = Blueprint(…)`). The hook and where it is, or nil.
    public func flaskImportedBlueprintHook(in facts: FileFacts, lexed: LexedSource) -> String? {
        guard facts.language.family == .python else { return nil }
        for binding in facts.imports where binding.member != nil {
            // Routes registered on it here: `@bp.route(…)`, `@bp.post(…)`.
            let routes = lexed.tokens.indices.contains { index in
                lexed.token(index - 1, isPunctuation: Byte.at) && lexed.tokens[index].kind == .identifier
                    && lexed.text(index) == binding.local && lexed.token(index + 1, isPunctuation: Byte.dot)
            }
            guard routes, let member = binding.member else { continue }
            for path in modules(binding.module, of: facts) + (facts.language.resolver.submodule(binding.module, member: member)
                .map { modules($0, of: facts) } ?? []) where path != facts.path
            {
                guard let declaring = self.facts(of: path), let declared = lexedFile(path) else { continue }
                let guards = declaring.guardTokens
                for hook in declared.flaskRequestHooks(of: member)
                where declared.flaskHookTurnsAway(hook.function, isGuard: { token in
                    let position = guards.partitionPoint { $0 < token }
                    return position < guards.count && guards[position] == token
                }) {
                    return "\(member).\(declared.text(hook.hook)) (\(path):\(declared.tokens[hook.hook].line))"
                }
            }
        }
        return nil
    }
}
