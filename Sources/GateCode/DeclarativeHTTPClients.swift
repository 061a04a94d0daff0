import Foundation
import GateCore

/// Declarative HTTP clients on the JVM: an interface the framework implements with one request per method, to the
/// base URL its annotation names and the path the method's annotation adds. Spring Cloud OpenFeign's
/// `@FeignClient(name = "openai", url = "https://api.openai.com/v1")` with Spring MVC mappings
/// (`@PostMapping("/chat/completions")`), Spring 6's `@HttpExchange(url = "https://api.anthropic.com")` with
/// `@PostExchange("/v1/messages")`, Micronaut's `@Client("https://api.cohere.com")` with `@Post("/v1/chat")`. The
/// interface has no body to follow: a call of one of its methods is the request, paid when its URL is a paid API's.
/// A base written as a placeholder (`"${openai.base-url}"`) is what the application's configuration sets; a Feign
/// client without a `url` is looked up by its name (`spring.cloud.openfeign.client.config.openai.url`), a Micronaut
/// client given a service id by its id (`micronaut.http.services.cohere.url`); one with neither is a service of the
/// company's own, found by discovery.
extension CodeIndex {
    /// What a Java or Kotlin call on an interface the framework implements reaches: a declarative HTTP client's
    /// request, or a LangChain4j AI service's model call (DeclarativeAIServices.swift).
    func declarativeReach(of call: CallFact, in facts: FileFacts) -> PaidReach? {
        guard facts.language == .java || facts.language == .kotlin else { return nil }
        return declarativeHTTPClientReach(of: call, in: facts) ?? declarativeAIServiceReach(of: call, in: facts)
    }

    /// What a Java or Kotlin call on a declarative HTTP client reaches: the paid request the framework sends for it.
    /// Nil for any other call, and for a client of a free or unknown host.
    func declarativeHTTPClientReach(of call: CallFact, in facts: FileFacts) -> PaidReach? {
        guard facts.language == .java || facts.language == .kotlin,
              let name = Self.receiver(of: call).names.last, let type = facts.typedNames[name]
        else { return nil }
        let resolver = facts.language.resolver
        let bare = resolver.lastSegment(of: type)
        // Where the type is declared, as a call on it is resolved: its import, else the caller's package.
        let files = facts.imports.first(where: { $0.local == bare || $0.local == type }).map { modules($0.module, of: facts) }
            ?? resolver.files(forType: type, from: facts.path, project: project)
        for path in files {
            guard let client = declarativeHTTPClients(in: path)[bare], let method = client.methods[call.name] else { continue }
            for base in client.bases {
                guard let (provider, evidence) = recognizer.paidProvider(ofURL: Self.joinedURL(base, method)) else { continue }
                return PaidReach(
                    provider: provider, hops: [], leaf: "\(bare).\(call.name) → \(evidence) (\(client.framework) client)",
                    background: nil, repeats: false)
            }
        }
        return nil
    }

    /// A declarative client interface: the absolute base URLs its requests may go to (several when configuration
    /// profiles set several), and each method's path below them.
    struct DeclarativeHTTPClient: Sendable {
        var framework: String
        var bases: [String]
        var methods: [String: String]
    }

    /// The client annotations on an interface, with the framework each is of.
    private static let clientAnnotations: [String: String] = [
        "FeignClient": "Feign", "HttpExchange": "HTTP interface", "Client": "Micronaut HTTP",
    ]
    private static let clientWords = BytePatterns(["FeignClient", "HttpExchange", "@Client"])

    /// The request annotations of a client's methods: Spring MVC's (which Feign reads), Spring's HTTP interfaces',
    /// Micronaut's, and Feign's own `@RequestLine("POST /chat/completions")`.
    private static let requestAnnotations: Set<String> = [
        "RequestMapping", "GetMapping", "PostMapping", "PutMapping", "PatchMapping", "DeleteMapping",
        "HttpExchange", "GetExchange", "PostExchange", "PutExchange", "PatchExchange", "DeleteExchange",
        "Get", "Post", "Put", "Patch", "Delete", "RequestLine",
    ]

    /// The declarative client interfaces a file declares, by name; read once per file, and lexed only when its
    /// bytes name a client annotation.
    func declarativeHTTPClients(in path: String) -> [String: DeclarativeHTTPClient] {
        project.configuration("declarative-http-clients:" + path) { () -> [String: DeclarativeHTTPClient] in
            guard let bytes = project.contents(of: path), Self.clientWords.matches(bytes), let lexed = lexedFile(path) else {
                return [:]
            }
            var clients: [String: DeclarativeHTTPClient] = [:]
            let tokens = lexed.tokens
            for index in tokens.indices where lexed.token(index, is: "interface") {
                guard lexed.isIdentifier(index + 1), let open = Self.bodyOpen(after: index + 1, in: lexed) else { continue }
                let annotations = Self.annotations(before: index, in: lexed)
                var framework: String?
                var bases: [String] = []
                var prefix = ""
                for (name, arguments) in annotations {
                    if let kind = Self.clientAnnotations[name] {
                        framework = kind
                        bases = clientBases(name, arguments, in: lexed)
                        if let path = Self.argument(["path"], of: arguments, in: lexed, positional: false) { prefix = path }
                    } else if name == "RequestMapping", let path = Self.argument(["value", "path"], of: arguments, in: lexed) {
                        prefix = path
                    }
                }
                // `@HttpExchange("/v1")` on the interface is a prefix of its methods' paths: the base is the client's
                // the proxy is built on.
                guard let framework, !bases.isEmpty else { continue }
                var methods: [String: String] = [:]
                for token in (open + 1)..<max(open + 1, lexed.partner[open]) where lexed.token(token, isPunctuation: Byte.at) {
                    guard lexed.isIdentifier(token + 1), Self.requestAnnotations.contains(lexed.text(token + 1)),
                          let method = Self.annotatedMethod(after: token, in: lexed)
                    else { continue }
                    let arguments = Self.arguments(ofAnnotationAt: token, in: lexed)
                    var path = Self.argument(["value", "path", "url", "uri"], of: arguments, in: lexed) ?? ""
                    if lexed.token(token + 1, is: "RequestLine") {
                        // `POST /chat/completions HTTP/1.1`: the second word.
                        let words = path.split(separator: " ")
                        path = words.count >= 2 ? String(words[1]) : ""
                    }
                    methods[lexed.text(method)] = Self.joinedURL(prefix, path)
                }
                clients[lexed.text(index + 1)] = DeclarativeHTTPClient(framework: framework, bases: bases, methods: methods)
            }
            return clients
        }
    }

    /// The absolute base URLs a client annotation gives: its `url` (Feign's, an HTTP interface's) or its value
    /// (Micronaut's, an HTTP interface's), literal or resolved from the configuration; else, for a Feign client or a
    /// Micronaut service id, the URL the configuration sets for that name.
    private func clientBases(_ annotation: String, _ arguments: [ClosedRange<Int>], in lexed: LexedSource) -> [String] {
        let written: String?
        switch annotation {
        case "FeignClient": written = Self.argument(["url"], of: arguments, in: lexed, positional: false)
        case "HttpExchange": written = Self.argument(["url", "value"], of: arguments, in: lexed)
        default: written = Self.argument(["value", "url"], of: arguments, in: lexed)
        }
        if let written, Self.isAbsolute(written) { return [written] }
        if let written, written.hasPrefix("${") { return configuredURLs(placeholder: written) }
        if let written, !written.isEmpty, annotation == "Client" {
            return springSettingValues("micronaut.http.services.\(written).url").filter(Self.isAbsolute)
        }
        if written == nil, annotation == "FeignClient",
           let name = Self.argument(["name", "value"], of: arguments, in: lexed), !name.isEmpty
        {
            let name = name.hasPrefix("${") ? configuredURLs(placeholder: name).first ?? name : name
            return (springSettingValues("spring.cloud.openfeign.client.config.\(name).url")
                + springSettingValues("feign.client.config.\(name).url")).filter(Self.isAbsolute)
        }
        if annotation == "Client", let id = Self.argument(["id"], of: arguments, in: lexed, positional: false) {
            return springSettingValues("micronaut.http.services.\(id).url").filter(Self.isAbsolute)
        }
        return []
    }

    /// The values the configuration gives a `${key}` or `${key:default}` placeholder, then its default.
    private func configuredURLs(placeholder: String) -> [String] {
        var inner = placeholder.dropFirst(2)
        if inner.hasSuffix("}") { inner = inner.dropLast() }
        var fallback: [String] = []
        if let colon = inner.firstIndex(of: ":") {
            fallback = [String(inner[inner.index(after: colon)...])]
            inner = inner[..<colon]
        }
        return (springSettingValues(String(inner)) + fallback).filter(Self.isAbsolute)
    }

    private static func isAbsolute(_ url: String) -> Bool { url.hasPrefix("https://") || url.hasPrefix("http://") }

    /// A base and a path joined by one slash.
    static func joinedURL(_ base: String, _ path: String) -> String {
        guard !path.isEmpty else { return base }
        switch (base.hasSuffix("/"), path.hasPrefix("/")) {
        case (true, true): return base + path.dropFirst()
        case (false, false): return base.isEmpty ? path : base + "/" + path
        default: return base + path
        }
    }

    /// The `{` of the interface declared at `name`, past its type parameters and the interfaces it extends.
    private static func bodyOpen(after name: Int, in lexed: LexedSource) -> Int? {
        var cursor = name + 1
        while cursor < min(lexed.tokens.count, name + 40) {
            if lexed.token(cursor, isPunctuation: Byte.openBrace) { return lexed.partner[cursor] > cursor ? cursor : nil }
            if lexed.token(cursor, isPunctuation: Byte.semicolon) || lexed.token(cursor, isPunctuation: Byte.closeBrace) { return nil }
            cursor += 1
        }
        return nil
    }

    /// The annotations before the declaration keyword at `keyword` (`interface`), nearest last, with their
    /// arguments: the names and modifiers between them are passed over (`public`, Kotlin's `fun` and `sealed`).
    private static func annotations(before keyword: Int, in lexed: LexedSource) -> [(String, [ClosedRange<Int>])] {
        var found: [(String, [ClosedRange<Int>])] = []
        var cursor = keyword - 1
        while cursor >= 1 {
            if lexed.token(cursor, isPunctuation: Byte.closeParen) {
                let open = lexed.partner[cursor]
                guard open >= 2, open < cursor, lexed.isIdentifier(open - 1), lexed.token(open - 2, isPunctuation: Byte.at) else { break }
                found.append((lexed.text(open - 1), arguments(ofAnnotationAt: open - 2, in: lexed)))
                cursor = open - 3
            } else if lexed.isIdentifier(cursor) {
                if lexed.token(cursor - 1, isPunctuation: Byte.at) {
                    found.append((lexed.text(cursor), []))
                    cursor -= 2
                } else if lexed.token(cursor - 1, isPunctuation: Byte.dot) {
                    // `@org.springframework.cloud.openfeign.FeignClient(…)`: the last name is the annotation's.
                    cursor -= 2
                } else if modifiers.contains(lexed.text(cursor)) {
                    cursor -= 1
                } else {
                    break
                }
            } else {
                break
            }
        }
        return found.reversed()
    }

    private static let modifiers: Set<String> = [
        "public", "private", "protected", "internal", "abstract", "sealed", "fun", "static", "strictfp", "open",
    ]

    /// The name of the method the annotation at `at` (`@`) is on: the first name called after it, past other
    /// annotations and the return type (`ChatResponse chat(`, Kotlin's `suspend fun chat(`). Nil when a field or
    /// another declaration comes first.
    private static func annotatedMethod(after at: Int, in lexed: LexedSource) -> Int? {
        var cursor = at + 2
        var limit = min(lexed.tokens.count - 1, at + 48)
        while cursor < limit {
            if lexed.token(cursor, isPunctuation: Byte.openParen) {
                guard lexed.partner[cursor] > cursor else { return nil }
                // An annotation's arguments: passed over.
                if lexed.isIdentifier(cursor - 1), lexed.token(cursor - 2, isPunctuation: Byte.at) {
                    limit = min(lexed.tokens.count - 1, lexed.partner[cursor] + 48)
                    cursor = lexed.partner[cursor] + 1
                    continue
                }
                return lexed.isIdentifier(cursor - 1) ? cursor - 1 : nil
            }
            if lexed.token(cursor, isPunctuation: Byte.semicolon) || lexed.token(cursor, isPunctuation: Byte.openBrace)
                || lexed.token(cursor, isPunctuation: Byte.closeBrace) || lexed.token(cursor, isPunctuation: Byte.equals)
            {
                return nil
            }
            cursor += 1
        }
        return nil
    }

    /// The arguments of the annotation at `at` (`@`), each a token range; none without parentheses.
    private static func arguments(ofAnnotationAt at: Int, in lexed: LexedSource) -> [ClosedRange<Int>] {
        let open = at + 2
        guard lexed.token(open, isPunctuation: Byte.openParen), lexed.partner[open] > open + 1 else { return [] }
        return lexed.callArgumentItems(open...lexed.partner[open])
    }

    /// The string an annotation's argument labelled one of `labels` holds (`url = "https://…"`), else, with
    /// `positional`, its unlabelled first argument's (`@PostMapping("/chat")`); the first of an array
    /// (`value = {"/chat"}`, Kotlin's `["/chat"]`). Kotlin's escaped `\$` is read as `$`.
    private static func argument(
        _ labels: [String], of arguments: [ClosedRange<Int>], in lexed: LexedSource, positional: Bool = true
    ) -> String? {
        func string(in range: ClosedRange<Int>) -> String? {
            range.first(where: { lexed.tokens[$0].kind == .string }).map { lexed.text($0).replacingOccurrences(of: "\\$", with: "$") }
        }
        for argument in arguments {
            let first = argument.lowerBound
            if lexed.isIdentifier(first), lexed.token(first + 1, isPunctuation: Byte.equals), first + 2 <= argument.upperBound {
                if labels.contains(lexed.text(first)) { return string(in: (first + 2)...argument.upperBound) }
            } else if positional, argument == arguments.first {
                return string(in: argument)
            }
        }
        return nil
    }
}
