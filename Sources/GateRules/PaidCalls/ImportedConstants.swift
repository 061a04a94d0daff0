import GateCode

/// The values of constants a file imports from other files of the tree (`import { CHAT_URL } from "@/lib/config"`,
/// `from app.config import CHAT_URL`), read through the code index so a request to a paid API whose URL lives in a
/// shared config file is still a paid request. One hop: the exporting file's own definitions, not what it imports.
final class ImportedConstants {
    let code: CodeIndex
    let lexed: LexedSource
    let path: String
    let catalogue: CompiledCatalogue
    private lazy var bindings = code.importBindings(in: lexed)

    init(code: CodeIndex, lexed: LexedSource, path: String, catalogue: CompiledCatalogue) {
        self.code = code
        self.lexed = lexed
        self.path = path
        self.catalogue = catalogue
    }

    /// The URL the imported name `name` is defined as where it is exported, if it builds one.
    func value(_ name: String, depth: Int) -> HTTPRequestSites.URLValue? {
        guard let binding = bindings.first(where: { $0.local == name }) else { return nil }
        // `import config from "./config"` binds a module or its default export, not a constant by name.
        let exported = binding.member.flatMap { $0 == "default" ? nil : $0 } ?? name
        for file in code.moduleFiles(binding.module, importedBy: path, language: lexed.language) where file != path {
            guard let target = code.lexedFile(file) else { continue }
            if let value = HTTPRequestSites(lexed: target, catalogue: catalogue).value(ofName: exported, depth: depth) {
                return value
            }
        }
        return nil
    }
}
