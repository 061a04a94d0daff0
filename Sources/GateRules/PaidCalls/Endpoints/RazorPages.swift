import GateCode
import GateCore

/// ASP.NET Core Razor Pages and Blazor routable components: endpoints by the `@page` directive and the page model,
/// not by a route registration.
///
/// - A page model (`public class AskModel : PageModel` in `Pages/Ask.cshtml.cs`): each handler method (`OnGet`,
///   `OnPostAsync`, `OnPostSummarizeAsync`, …) serves the page's route, taken from the path under `Pages/`. Razor Pages
///   ignore `[Authorize]` on a handler method: the model class's attributes guard it, and what its body checks.
/// - A view with `@page` (`.cshtml`): its `@{ }` and `@functions` code runs for every request of the page.
/// - A Blazor component with `@page` (`.razor`): a routable component, whose event handlers run on the server for an
///   interactive server component: anyone who can open the page can run them, so it is an endpoint guarded by
///   `@attribute [Authorize]` (`<AuthorizeView>` only hides markup, and is not read). A component with no `@page` is
///   part of the page rendering it, and no endpoint of its own.
///
/// The conventions of `AddRazorPages(o => o.Conventions.AuthorizeFolder("/Admin"))`, `AuthorizePage("/Ask")` and their
/// area forms, and a view's own page model's `[Authorize]`, are asked of the project
/// (`CodeIndex.razorPageConventionGuard`); the fallback policy is the project guard of every ASP.NET handler, unless
/// `AllowAnonymousToPage`/`AllowAnonymousToFolder` (or an area form) opens the page (`razorPageAnonymousConvention`).
extension HandlerFinder {
    func razorPageHandlers() -> [HTTPHandler] {
        guard lexed.language == .csharp, !lexed.tokens.isEmpty else { return [] }
        if let directive = razorPageDirective {
            // The view's whole code: what it runs on every request, its `@attribute [Authorize]` included.
            let all = 0...(lexed.tokens.count - 1)
            let route = directive.isEmpty ? HandlerFinder.razorPageRoute(path) : directive
            let kind = path.hasSuffix(".razor") ? "Blazor page" : "Razor Page"
            var handler = HTTPHandler(name: "\(kind) \(route ?? path)", statement: all, body: all, guardRanges: [all])
            handler.razorPage = route
            return [handler]
        }
        guard ByteSearch.containsFolded(lexed.bytes, Self.pageModelWord) else { return [] }
        var result: [HTTPHandler] = []
        let route = HandlerFinder.razorPageRoute(path)
        for (modelBlock, model) in lexed.blocks.enumerated() where model.kind == .container {
            let header = lexed.statementSpan(of: modelBlock).lowerBound...model.openToken
            // `class AskModel : PageModel`, `class AskModel(ISummaryService summaries) : AppPageModel`.
            guard let colon = header.last(where: { lexed.token($0, isPunctuation: Byte.colon) }),
                  colon + 1 < model.openToken, lexed.tokens[colon + 1].kind == .identifier,
                  lexed.text(colon + 1).hasSuffix("PageModel"),
                  let modelName = header.first(where: { lexed.token($0, is: "class") }).flatMap({ lexed.tokens[$0 + 1].kind == .identifier ? lexed.text($0 + 1) : nil })
            else { continue }
            let anonymous = header.contains { lexed.token($0, is: "AllowAnonymous") }
            for (index, block) in lexed.blocks.enumerated() where block.parent == modelBlock && block.kind == .function {
                guard let name = block.nameRange.map({ lexed.bytes[$0] }), Self.isRazorHandlerName(name) else { continue }
                let body = lexed.span(of: index)
                var handler = HTTPHandler(
                    name: "\(String(decoding: name, as: UTF8.self)) (Razor Page \(route ?? modelName))",
                    statement: lexed.statementSpan(of: index), body: body,
                    guardRanges: anonymous ? [body] : [body, header], allowsAnonymous: anonymous)
                handler.razorPage = route
                result.append(handler)
            }
        }
        return result
    }

    private static let pageModelWord = Array("PageModel".utf8)

    /// `OnGet`, `OnPostAsync`, `OnPostSummarize`: `On` and an HTTP method, then the handler's name, if any.
    static func isRazorHandlerName(_ name: ArraySlice<UInt8>) -> Bool {
        razorHandlerPrefixes.contains { prefix in
            name.count >= prefix.count && name.prefix(prefix.count).elementsEqual(prefix)
                && (name.count == prefix.count || (name[name.startIndex + prefix.count] >= UInt8(ascii: "A") && name[name.startIndex + prefix.count] <= UInt8(ascii: "Z")))
        }
    }

    private static let razorHandlerPrefixes = ["OnGet", "OnPost", "OnPut", "OnDelete", "OnPatch"].map { Array($0.utf8) }

    /// The route of a Razor Page by its path under `Pages/` (`Pages/Admin/Ask.cshtml.cs` → `/Admin/Ask`, an `Index`
    /// page its folder's; an area's under the area's name: `Areas/Support/Pages/Reply.cshtml.cs` → `/Support/Reply`);
    /// nil outside a `Pages` folder.
    static func razorPageRoute(_ path: String) -> String? {
        var segments = path.split(separator: "/").map(String.init)
        guard let pages = segments.lastIndex(of: "Pages"), pages + 1 < segments.count else { return nil }
        let area = pages >= 2 && segments[pages - 2] == "Areas" ? [segments[pages - 1]] : []
        segments = area + Array(segments[(pages + 1)...])
        var file = segments.removeLast()
        for suffix in [".cshtml.cs", ".cshtml", ".razor.cs", ".razor"] where file.hasSuffix(suffix) {
            file.removeLast(suffix.count)
            break
        }
        if file != "Index" { segments.append(file) }
        return "/" + segments.joined(separator: "/")
    }

    /// The route a view's `@page` directive names (`@page "/explain"`), "" for a bare `@page`, nil without one: the
    /// directive on a line of its own, before the view's markup (as Razor requires of `.cshtml`).
    static func pageDirective(in bytes: [UInt8]) -> String? {
        let needle = Array("@page".utf8)
        var index = 0
        let count = bytes.count
        while index < count {
            // At a line's first non-blank byte.
            while index < count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
            if index + needle.count <= count, bytes[index..<(index + needle.count)].elementsEqual(needle) {
                var cursor = index + needle.count
                guard cursor == count || !Self.isWordByte(bytes[cursor]) else { return nil }
                while cursor < count, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\t") { cursor += 1 }
                guard cursor < count, bytes[cursor] == UInt8(ascii: "\"") else { return "" }
                let start = cursor + 1
                var end = start
                while end < count, bytes[end] != UInt8(ascii: "\""), bytes[end] != Byte.newline { end += 1 }
                return String(decoding: bytes[start..<end], as: UTF8.self)
            }
            // Directives and blank lines may come before it; markup may not.
            guard index >= count || bytes[index] == UInt8(ascii: "@") || bytes[index] == Byte.newline || bytes[index] == UInt8(ascii: "\r") else { return nil }
            while index < count, bytes[index] != Byte.newline { index += 1 }
            index += 1
        }
        return nil
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
    }
}
