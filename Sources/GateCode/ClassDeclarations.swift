import GateCore

extension CodeIndex {
    /// A class or module of the project that a file names (a Celery task's `base=LLMTask`, a Sidekiq worker's
    /// `include ApplicationWorker` or `< BaseWorker`), as that file sees it: declared in the file itself, imported,
    /// or found by the language's own lookup (Rails' autoloaded `application_worker.rb`). `facts` and `lexed` are the
    /// naming file's. The declaring file lexed (the caller's own when it is that one) and the container; nil when no
    /// project file declares it.
    public func classDeclaration(named name: String, seenFrom facts: FileFacts, lexed: LexedSource) -> (
        lexed: LexedSource, container: ContainerFact
    )? {
        let resolver = facts.language.resolver
        let bare = resolver.lastSegment(of: name)
        func declared(in file: FileFacts) -> ContainerFact? {
            file.containers.first { resolver.lastSegment(of: $0.name) == bare }
        }
        if let own = declared(in: facts) { return (lexed, own) }
        for candidate in typeFiles(name, from: facts) where candidate != facts.path {
            guard let file = self.facts(of: candidate), let container = declared(in: file), let other = lexedFile(candidate)
            else { continue }
            return (other, container)
        }
        return nil
    }
}

extension CodeIndex {
    /// The provider whose paid API a class of the project calls (a .NET typed HttpClient's class posting to OpenAI), the
    /// class named as `facts`'s file sees it: declared there or in the file its name leads to. Nil when no project file
    /// declares it or it makes no paid call.
    public func paidProvider(ofClass name: String, seenFrom facts: FileFacts) -> String? {
        let resolver = facts.language.resolver
        let bare = resolver.lastSegment(of: name)
        for path in typeFiles(name, from: facts) {
            guard let file = path == facts.path ? facts : self.facts(of: path) else { continue }
            for container in file.containers where resolver.lastSegment(of: container.name) == bare {
                if let leaf = file.paidLeaves.first(where: { container.tokens.contains($0.token) }) { return leaf.provider }
            }
        }
        return nil
    }
}

extension CodeIndex {
    /// The classes of the project's Ruby files that inherit from the class `name` directly (`class SummarizeJob <
    /// ApplicationJob`), with their files' facts: what a setting made in a base class applies to. The files are
    /// read once per name, and only those whose bytes name it.
    public func rubySubclasses(of name: String) -> [(facts: FileFacts, container: ContainerFact)] {
        let bare = RubyResolver().lastSegment(of: name)
        guard !bare.isEmpty else { return [] }
        let paths = project.configuration("ruby-subclasses:" + bare) { () -> [String] in
            let needle = Array(bare.utf8)
            return project.paths.filter { path in
                path.hasSuffix(".rb") && project.contents(of: path).map { bytes in
                    bytes.withUnsafeBufferPointer { ByteSearch.find(needle, in: $0, from: 0) != Int.max }
                } == true
            }
        }
        return paths.flatMap { path -> [(facts: FileFacts, container: ContainerFact)] in
            guard let facts = facts(of: path) else { return [] }
            return facts.containers.filter { container in
                container.superclass.map { RubyResolver().lastSegment(of: $0) == bare } == true
            }.map { (facts, $0) }
        }
    }
}
