import GateCode
import GateCore

/// The values of constants a file imports from other files of the tree (`import { CHAT_URL } from "@/lib/config"`,
/// `from app.config import CHAT_URL`), or shares with the other files of its Go package (`const twilioAPI = …` in
/// `config.go`), read through the code index so a request to a paid API whose URL lives in a shared config file is
/// still a paid request. One hop: the defining file's own definitions, not what it imports.
final class ImportedConstants {
    let code: CodeIndex
    let lexed: LexedSource
    let path: String
    let catalogue: CompiledCatalogue
    private lazy var bindings = code.importBindings(in: lexed)
    private lazy var packageSiblings = lexed.language == .go ? code.goPackageSiblings(of: path) : []
    /// The package siblings asked so far, with the definitions they computed.
    private var siblingRequests: [String: HTTPRequestSites] = [:]

    init(code: CodeIndex, lexed: LexedSource, path: String, catalogue: CompiledCatalogue) {
        self.code = code
        self.lexed = lexed
        self.path = path
        self.catalogue = catalogue
    }

    /// The URL the imported name `name` is defined as where it is exported, if it builds one.
    func value(_ name: String, depth: Int) -> HTTPRequestSites.URLValue? {
        guard let binding = bindings.first(where: { $0.local == name }) else { return packageValue(name, depth: depth) }
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

    /// The URL a top-level name of another file of the Go package is defined as. Files that do not spell the name
    /// are passed over by their bytes; a name defined inside a function there is that function's.
    private func packageValue(_ name: String, depth: Int) -> HTTPRequestSites.URLValue? {
        guard !packageSiblings.isEmpty else { return nil }
        let needle = Array(name.utf8)
        for file in packageSiblings {
            guard let target = code.lexedFile(file),
                  target.bytes.withUnsafeBufferPointer({ ByteSearch.find(needle, in: $0, from: 0) }) != Int.max
            else { continue }
            let requests = siblingRequests[file] ?? HTTPRequestSites(lexed: target, catalogue: catalogue)
            siblingRequests[file] = requests
            if let value = requests.value(ofName: name, depth: depth, topLevelOnly: true) { return value }
        }
        return nil
    }
}

extension ImportedConstants {
    /// The integer the imported name `name` is given where it is exported (`export const AI_MAX_RETRIES = 8` in the
    /// config module `import { AI_MAX_RETRIES } from "../config"` names), as `constantInteger` reads a file's own.
    func integer(_ name: String) -> Int? {
        guard let binding = bindings.first(where: { $0.local == name }) else { return nil }
        let exported = binding.member.flatMap { $0 == "default" ? nil : $0 } ?? name
        let needle = Array(exported.utf8)
        for file in code.moduleFiles(binding.module, importedBy: path, language: lexed.language) where file != path {
            guard let target = code.lexedFile(file) else { continue }
            for index in target.tokens.indices where target.tokens[index].kind == .identifier
                && target.bytes[target.tokens[index].start..<target.tokens[index].end].elementsEqual(needle)
            {
                if let value = target.assignedInteger(after: index + 1) { return value }
            }
        }
        return nil
    }
}
