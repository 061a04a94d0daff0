import GateCore

/// ASP.NET Core Razor Pages' authorization conventions: `builder.Services.AddRazorPages(o => {
/// o.Conventions.AuthorizeFolder("/Admin"); o.Conventions.AuthorizePage("/Ask"); })` in Program.cs or Startup.cs
/// require an authenticated caller for the pages under the folder, or the page, and `AuthorizeAreaFolder("Admin",
/// "/")`, `AuthorizeAreaPage("Admin", "/Reports")` for those of an area (`Areas/Admin/Pages/…`); a view's own page
/// model (`Pages/Ask.cshtml.cs`) marked `[Authorize]` guards the view's code. `AllowAnonymousToPage("/Chat")`,
/// `AllowAnonymousToFolder("/Public")` and their area forms open a page to anyone, whatever else requires
/// authentication of it (the fallback policy, `AuthorizeFolder`, the model's `[Authorize]`): ASP.NET Core skips
/// authorization for an endpoint that allows anonymous callers.
extension CodeIndex {
    /// The guard of the Razor Page at `route` (`/Admin/Ask`) whose view or model is `path`: the convention covering it
    /// ("Program.cs (AuthorizeFolder /Admin)"), or the `[Authorize]` of a view's page model; nil when none does.
    public func razorPageConventionGuard(route: String?, path: String) -> String? {
        if path.hasSuffix(".cshtml"), let model = project.contents(of: path + ".cs"),
           ByteSearch.containsFolded(model, Self.authorizeAttribute)
        {
            return "\(path).cs ([Authorize])"
        }
        return razorPageConvention(route: route, path: path, opening: false).map { convention in
            "\(convention.path) (\(convention.call) \(convention.area.map { $0 + " " } ?? "")\(convention.target))"
        }
    }

    /// The convention opening the Razor Page at `route` whose view or model is `path` to anonymous callers
    /// ("Program.cs (AllowAnonymousToPage /Chat)"); nil when none does.
    public func razorPageAnonymousConvention(route: String?, path: String) -> String? {
        razorPageConvention(route: route, path: path, opening: true).map { convention in
            "\(convention.path) (\(convention.call) \(convention.area.map { $0 + " " } ?? "")\(convention.target))"
        }
    }

    /// The first convention of the kind asked covering the page: its area (`Areas/Admin/Pages/…`) and its name under
    /// its `Pages` folder (`/Admin/Ask`, `/Index`), or, for a page outside one, the route given.
    private func razorPageConvention(route: String?, path: String, opening: Bool) -> RazorPageConvention? {
        let conventions = razorPageConventions()
        guard conventions.contains(where: { $0.opens == opening }) else { return nil }
        let located = Self.razorPageLocation(path)
        guard let page = (located?.page ?? route)?.lowercased() else { return nil }
        let area = located?.area?.lowercased()
        for convention in conventions where convention.opens == opening && convention.area?.lowercased() == area {
            let target = convention.target.lowercased()
            let covers = convention.folder
                ? target == "/" || target.isEmpty || page == target || page.hasPrefix(target.hasSuffix("/") ? target : target + "/")
                : page == target
            if covers { return convention }
        }
        return nil
    }

    /// The area and page name of a Razor Page by its path: `Areas/Admin/Pages/Reports/Index.cshtml` is area `Admin`'s
    /// `/Reports/Index`, `Pages/Ask.cshtml.cs` no area's `/Ask`; nil outside a `Pages` folder.
    static func razorPageLocation(_ path: String) -> (area: String?, page: String)? {
        var segments = path.split(separator: "/")
        guard let pages = segments.lastIndex(of: "Pages"), pages + 1 < segments.count else { return nil }
        let area = pages >= 2 && segments[pages - 2] == "Areas" ? String(segments[pages - 1]) : nil
        segments = Array(segments[(pages + 1)...])
        var file = segments.removeLast()
        for suffix in [".cshtml.cs", ".cshtml", ".razor.cs", ".razor"] where file.hasSuffix(suffix) {
            file = file.dropLast(suffix.count)
            break
        }
        segments.append(file)
        return (area, "/" + segments.joined(separator: "/"))
    }

    private static let authorizeAttribute = Array("[Authorize".utf8)

    private struct RazorPageConvention: Sendable {
        var path: String
        /// As written: `AuthorizeFolder`, `AllowAnonymousToAreaPage`.
        var call: String
        var area: String?
        var target: String
        var folder: Bool
        /// `AllowAnonymousTo…`: opens what it names.
        var opens: Bool
    }

    /// Every authorization convention of the project's Program.cs and Startup.cs files, read once.
    private func razorPageConventions() -> [RazorPageConvention] {
        project.configuration("razor-page-conventions") { () -> [RazorPageConvention] in
            var result: [RazorPageConvention] = []
            for path in project.paths(named: "Program.cs") + project.paths(named: "Startup.cs") {
                guard let bytes = project.contents(of: path), ByteSearch.containsFolded(bytes, Self.conventionsWord) else { continue }
                for call in Self.conventionCalls {
                    let word = Array((call.name + "(").utf8)
                    bytes.withUnsafeBufferPointer { buffer in
                        var found = ByteSearch.find(word, in: buffer, from: 0)
                        while found != Int.max {
                            // `AuthorizeFolder(` and not `XAuthorizeFolder(`.
                            let bare = found == 0 || !Byte.isIdentifierPart(buffer[found - 1])
                            if bare, let first = Self.quoted(in: buffer, at: found + word.count) {
                                var area: String?
                                var target: String? = first.value
                                if call.area {
                                    area = first.value
                                    var cursor = first.end
                                    while cursor < buffer.count, buffer[cursor] == Byte.space { cursor += 1 }
                                    target = cursor < buffer.count && buffer[cursor] == Byte.comma
                                        ? Self.quoted(in: buffer, at: cursor + 1)?.value : nil
                                }
                                if let target {
                                    result.append(RazorPageConvention(
                                        path: path, call: call.name, area: area, target: target, folder: call.folder, opens: call.opens))
                                }
                            }
                            found = ByteSearch.find(word, in: buffer, from: found + word.count)
                        }
                    }
                }
            }
            return result
        }
    }

    /// The string literal at `index` (spaces before it skipped): its value, and the index after its closing quote.
    private static func quoted(in buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> (value: String, end: Int)? {
        var cursor = index
        while cursor < buffer.count, buffer[cursor] == Byte.space || buffer[cursor] == Byte.newline { cursor += 1 }
        guard cursor < buffer.count, buffer[cursor] == Byte.quote else { return nil }
        let start = cursor + 1
        var end = start
        while end < buffer.count, buffer[end] != Byte.quote, buffer[end] != Byte.newline { end += 1 }
        guard end < buffer.count, buffer[end] == Byte.quote else { return nil }
        return (String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self), end + 1)
    }

    private static let conventionsWord = Array("conventions".utf8)
    private static let conventionCalls: [(name: String, area: Bool, folder: Bool, opens: Bool)] = [
        ("AuthorizeFolder", false, true, false), ("AuthorizePage", false, false, false),
        ("AuthorizeAreaFolder", true, true, false), ("AuthorizeAreaPage", true, false, false),
        ("AllowAnonymousToFolder", false, true, true), ("AllowAnonymousToPage", false, false, true),
        ("AllowAnonymousToAreaFolder", true, true, true), ("AllowAnonymousToAreaPage", true, false, true),
    ]
}
