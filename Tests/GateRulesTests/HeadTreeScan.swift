import GateCore
import GateRules

/// The findings on `path` of a head tree (`files`, path → text), read through the code index as `gate check` reads
/// a change: the file is new, every other file is the tree's.
func headTreeFindings(_ path: String, head files: [String: String]) -> [Finding] {
    var context = DetectionContext()
    context.code = CodeIndex(tree: InMemorySourceTree(files), recognizer: CatalogueLeafRecognizer())
    let file = DetectorExample(files[path] ?? "", path: path).makeSourceFile()
    return Scanner(context: context).scan(file)
}
