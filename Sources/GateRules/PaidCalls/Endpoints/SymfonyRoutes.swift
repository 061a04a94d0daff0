import Foundation
import GateCore

/// Symfony controllers: methods routed by an attribute, `#[Route('/api/chat', name: 'chat', methods: ['POST'])]`, or
/// by a docblock annotation, `@Route("/api/chat", methods={"POST"})`, under the class's own route as a prefix (an
/// invokable controller's `__invoke` is routed by the class's).
///
/// Guards: `#[IsGranted(…)]`, `#[Security(…)]` and their docblock forms on the method or the class (not
/// `PUBLIC_ACCESS`), a non-nullable `#[CurrentUser]` argument (the resolver refuses a request with no user), and in
/// the body `denyAccessUnlessGranted(…)`, `isGranted(…)`, an access-denied exception, or `getUser()` checked in a
/// condition; besides the words every handler is judged by (a rate limiter's `$this->chatLimiter->create(…)->consume()`).
/// The `access_control` rules of `config/packages/security.yaml` are read by the index for the route's path.
extension HandlerFinder {
    func symfonyRoutes() -> [HTTPHandler] {
        // Most PHP files (Laravel's `route('home')` helpers among them) hold no route attribute or annotation.
        guard Self.routeMarkers.contains(where: { ByteSearch.containsFolded(lexed.bytes, $0) }) else { return [] }
        var result: [HTTPHandler] = []
        for (index, block) in lexed.blocks.enumerated()
        where block.kind == .function && block.parent >= 0 && lexed.blocks[block.parent].kind == .container {
            let container = block.parent
            let header = lexed.statementSpan(of: index).lowerBound...max(lexed.statementSpan(of: index).lowerBound, block.openToken - 1)
            let classStart = lexed.statementSpan(of: container).lowerBound
            let classHeader = classStart...max(classStart, lexed.blocks[container].openToken)
            let name = block.nameRange.map { lexed.text($0) } ?? "action"
            let own = symfonyRoute(in: header)
            let classRoute = symfonyRoute(in: classHeader)
            guard own != nil || (name == "__invoke" && classRoute != nil) else { continue }
            let route = own ?? classRoute!
            let path = own == nil ? route.path ?? "/" : HandlerFinder.joinedRoutePath([classRoute?.path, route.path].compactMap { $0 })
            let statement = lexed.statementSpan(of: index)
            // `#[CurrentUser]` names a user without requiring one (`?User $user` may be null): the method's tokens are
            // judged around it, and `symfonyGuard` decides whether the argument requires a user.
            let currentUser = header.filter { lexed.token($0, is: "CurrentUser") && isPHPAttributeName($0) }
            var ranges: [ClosedRange<Int>] = []
            var start = statement.lowerBound
            for token in currentUser {
                if token > start { ranges.append(start...(token - 1)) }
                start = token + 1
            }
            ranges.append(start...statement.upperBound)
            var handler = HTTPHandler(
                name: "\(route.methods.isEmpty ? "ANY" : route.methods.joined(separator: ",")) \(path)",
                statement: statement, body: statement, guardRanges: ranges + [classHeader], path: path)
            handler.declaredGuard = symfonyGuard(method: statement, header: header, classHeader: classHeader)
            result.append(handler)
        }
        return result
    }

    /// The route an attribute (`#[Route('/chat', methods: ['POST'])]`) or docblock annotation in a header declares.
    private func symfonyRoute(in header: ClosedRange<Int>) -> (path: String?, methods: [String])? {
        for index in header where lexed.token(index, is: "Route") && isPHPAttributeName(index) {
            guard lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index + 1 else { return (nil, []) }
            var path: String?
            var methods: [String] = []
            for item in lexed.callArgumentItems((index + 1)...lexed.partner[index + 1]) {
                let named = lexed.tokens[item.lowerBound].kind == .identifier && lexed.token(item.lowerBound + 1, isPunctuation: Byte.colon)
                if named, lexed.token(item.lowerBound, is: "methods") {
                    methods = routeStringLiterals(in: item).map { $0.uppercased() }
                } else if (named && lexed.token(item.lowerBound, is: "path")) || (!named && path == nil && lexed.tokens[item.lowerBound].kind == .string) {
                    path = routeStringLiterals(in: item).first
                }
            }
            return (path, methods)
        }
        let docblock = docblockText(before: header)
        guard let arguments = annotationArguments("@Route(", in: docblock) else { return nil }
        var methods = annotationStrings(after: "methods=", in: arguments)
        if methods.isEmpty, let method = annotationArguments("@Method(", in: docblock) { methods = annotationStrings(after: "", in: method) }
        let path = annotationStrings(after: "path=", in: arguments).first
            ?? (arguments.drop { $0 == " " }.first.map { $0 == "\"" || $0 == "'" } == true ? annotationStrings(after: "", in: arguments).first : nil)
        return (path, methods.map { $0.uppercased() })
    }

    /// A guard in Symfony's own terms on a routed method, or nil.
    private func symfonyGuard(method: ClosedRange<Int>, header: ClosedRange<Int>, classHeader: ClosedRange<Int>) -> String? {
        let publicRoles: Set<String> = ["PUBLIC_ACCESS", "IS_AUTHENTICATED_ANONYMOUSLY"]
        for range in [header, classHeader] {
            for index in range where (lexed.token(index, is: "IsGranted") || lexed.token(index, is: "Security")) && isPHPAttributeName(index) {
                let arguments = lexed.token(index + 1, isPunctuation: Byte.openParen) && lexed.partner[index + 1] > index
                    ? routeStringLiterals(in: (index + 1)...lexed.partner[index + 1]) : []
                if arguments.first.map(publicRoles.contains) != true { return "#[\(lexed.text(index))] on line \(lexed.tokens[index].line)" }
            }
            let docblock = docblockText(before: range)
            for annotation in ["@IsGranted(", "@Security("] {
                if let arguments = annotationArguments(annotation, in: docblock),
                   annotationStrings(after: "", in: arguments).first.map(publicRoles.contains) != true
                {
                    return "\(annotation)…) annotation"
                }
            }
        }
        // The argument resolver refuses a request with no user for `#[CurrentUser] User $user` (not `?User`).
        for index in header where lexed.token(index, is: "CurrentUser") && lexed.token(index + 1, isPunctuation: Byte.closeBracket) {
            if !lexed.token(index + 2, isPunctuation: Byte.question) { return "#[CurrentUser] argument" }
        }
        var userVariables = Set<String>()
        for index in method where lexed.tokens[index].kind == .identifier {
            if HandlerFinder.symfonyAccessChecks.contains(lexed.bytes[lexed.tokens[index].start..<lexed.tokens[index].end]) {
                return "\(lexed.text(index)) on line \(lexed.tokens[index].line)"
            }
            // `$user = $this->getUser();` then `if (!$user)`: the variable is checked below.
            if lexed.token(index, is: "getUser"), lexed.token(index - 1, is: "->"), lexed.token(index - 3, isPunctuation: Byte.equals),
               index >= 4, lexed.tokens[index - 4].kind == .identifier
            {
                userVariables.insert(lexed.text(index - 4))
            }
            // `if (!$this->getUser())`, `if (null === $user = $this->getUser())`, `if (!$user)`.
            guard lexed.token(index, is: "if") || lexed.token(index, is: "elseif"), lexed.token(index + 1, isPunctuation: Byte.openParen),
                  lexed.partner[index + 1] > index + 1
            else { continue }
            let condition = (index + 1)...lexed.partner[index + 1]
            if condition.contains(where: { lexed.token($0, is: "getUser") })
                || condition.contains(where: { lexed.tokens[$0].kind == .identifier && userVariables.contains(lexed.text($0)) })
            {
                return "getUser() checked on line \(lexed.tokens[index].line)"
            }
        }
        return nil
    }

    /// Whether token `index` names a PHP attribute: `#[Route(…)]`, `#[Route(…), IsGranted(…)]`,
    /// `#[Attribute\Route(…)]`.
    private func isPHPAttributeName(_ index: Int) -> Bool {
        guard lexed.token(index - 1, isPunctuation: Byte.openBracket) || lexed.token(index - 1, isPunctuation: Byte.comma)
            || lexed.token(index - 1, isPunctuation: Byte.backslash)
        else { return false }
        // Inside `#[ … ]`: the innermost bracket around it opens after a `#`.
        var block = lexed.tokens[index].block
        while block >= 0 {
            let open = lexed.blocks[block].openToken
            if lexed.token(open, isPunctuation: Byte.openBracket) { return lexed.token(open - 1, isPunctuation: Byte.hash) }
            block = lexed.blocks[block].parent
        }
        return false
    }

    /// The comments before a header's first token and between its tokens up to the declaration (a docblock sits
    /// before or after the attributes), as text.
    private func docblockText(before header: ClosedRange<Int>) -> Substring {
        let start = header.lowerBound > 0 ? lexed.tokens[header.lowerBound - 1].end : 0
        let end = lexed.tokens[header.upperBound].start
        guard end > start else { return "" }
        let text = String(decoding: lexed.bytes[start..<end], as: UTF8.self)
        // Only what lies in `/** … */` comments: the attributes' own strings are no annotations.
        guard let open = text.range(of: "/**", options: .backwards), let close = text.range(of: "*/", range: open.upperBound..<text.endIndex)
        else { return "" }
        return text[open.lowerBound..<close.upperBound]
    }

    /// The text inside `@Name(…)` in a docblock, its parentheses balanced.
    private func annotationArguments(_ annotation: String, in docblock: Substring) -> Substring? {
        guard let found = docblock.range(of: annotation) else { return nil }
        var depth = 1
        var quote: Character?
        var cursor = found.upperBound
        while cursor < docblock.endIndex {
            let character = docblock[cursor]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "(" {
                depth += 1
            } else if character == ")" {
                depth -= 1
                if depth == 0 { return docblock[found.upperBound..<cursor] }
            }
            cursor = docblock.index(after: cursor)
        }
        return nil
    }

    /// The quoted strings of an annotation's arguments after `key` (`methods=` → `{"POST", "PUT"}`'s), or all of
    /// them for an empty key, up to the next `=` argument.
    private func annotationStrings(after key: String, in arguments: Substring) -> [String] {
        var text = arguments
        if !key.isEmpty {
            guard let found = arguments.range(of: key) else { return [] }
            text = arguments[found.upperBound...]
            if text.first == "{", let close = text.firstIndex(of: "}") { text = text[...close] } else if let comma = text.firstIndex(of: ",") { text = text[..<comma] }
        }
        var result: [String] = []
        var quote: Character?
        var current = ""
        for character in text {
            if let open = quote {
                if character == open {
                    result.append(current)
                    current = ""
                    quote = nil
                } else {
                    current.append(character)
                }
            } else if character == "\"" || character == "'" {
                quote = character
            }
        }
        return result
    }

    private static let routeMarkers = ["#[route", "@route(", "\\route("].map { Array($0.utf8) }
    private static let symfonyAccessChecks = WordSet([
        "denyAccessUnlessGranted", "isGranted", "createAccessDeniedException", "AccessDeniedException",
        "AccessDeniedHttpException",
    ])
}
