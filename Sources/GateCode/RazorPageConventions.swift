import GateCore

/// ASP.NET Core Razor Pages' authorization conventions: `builder.Services.AddRazorPages(o => {
/// o.Conventions.AuthorizeFolder("/Admin"); o.Conventions.AuthorizePage("/Ask"); })` in Program.cs or Startup.cs
/// require an authenticated caller for the pages under the folder, or the page; and a view's own page model
/// (`Pages/Ask.cshtml.cs`) marked `[Authorize]` guards the view's code.
extension CodeIndex {
    /// The guard of the Razor Page at `route` (`/Admin/Ask`) whose view or model is `path`: the convention covering it
    /// ("Program.cs (AuthorizeFolder /Admin)"), or the `[Authorize]` of a view's page model; nil when none does.
    public func razorPageConventionGuard(route: String?, path: String) -> String? {
        if path.hasSuffix(".cshtml"), let model = project.contents(of: path + ".cs"),
           ByteSearch.containsFolded(model, Self.authorizeAttribute)
        {
            return "\(path).cs ([Authorize])"
        }
        guard let route else { return nil }
        let page = route.lowercased()
        for convention in razorPageConventions() {
            let target = convention.target.lowercased()
            let covers = convention.folder
                ? target == "/" || target.isEmpty || page == target || page.hasPrefix(target.hasSuffix("/") ? target : target + "/")
                : page == target
            if covers { return "\(convention.path) (\(convention.folder ? "AuthorizeFolder" : "AuthorizePage") \(convention.target))" }
        }
        return nil
    }

    private static let authorizeAttribute = Array("[Authorize".utf8)

    private struct RazorPageConvention: Sendable {
        var path: String
        var target: String
        var folder: Bool
    }

    /// Every `AuthorizeFolder("…")` and `AuthorizePage("…")` of the project's Program.cs and Startup.cs files (not
    /// the area ones, `AuthorizeAreaFolder`), read once.
    private func razorPageConventions() -> [RazorPageConvention] {
        project.configuration("razor-page-conventions") { () -> [RazorPageConvention] in
            var result: [RazorPageConvention] = []
            for path in project.paths(named: "Program.cs") + project.paths(named: "Startup.cs") {
                guard let bytes = project.contents(of: path) else { continue }
                for (word, folder) in [(Self.authorizeFolderCall, true), (Self.authorizePageCall, false)] {
                    bytes.withUnsafeBufferPointer { buffer in
                        var found = ByteSearch.find(word, in: buffer, from: 0)
                        while found != Int.max {
                            var cursor = found + word.count
                            while cursor < buffer.count, buffer[cursor] == Byte.space { cursor += 1 }
                            if cursor < buffer.count, buffer[cursor] == Byte.quote {
                                let start = cursor + 1
                                var end = start
                                while end < buffer.count, buffer[end] != Byte.quote, buffer[end] != Byte.newline { end += 1 }
                                result.append(RazorPageConvention(
                                    path: path, target: String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self),
                                    folder: folder))
                            }
                            found = ByteSearch.find(word, in: buffer, from: found + word.count)
                        }
                    }
                }
            }
            return result
        }
    }

    private static let authorizeFolderCall = Array("AuthorizeFolder(".utf8)
    private static let authorizePageCall = Array("AuthorizePage(".utf8)
}
