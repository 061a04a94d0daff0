import Foundation

// Everything a command writes for others to read — stdout, --report, --sarif, --summary — goes through here, so a
// write that fails is an error (exit 2) and never a silent exit 0 with nothing written.

/// Writes text as UTF-8 (see the bytes version below).
func writeOutputFile(_ text: String, to path: String) throws {
    try writeOutputFile(Array(text.utf8), to: path)
}

/// Writes an output file whole or not at all, so a failed run leaves nothing half-written: a new file beside the old
/// one, renamed over it. What is no regular file is written where it is instead (a FIFO, `/dev/stdout`, a device,
/// anything under /proc): renaming over it would replace the pipe or device with a file. A symbolic link to a regular
/// file keeps its link: its target is replaced.
func writeOutputFile(_ bytes: [UInt8], to path: String) throws {
    var target = path
    var status = stat()
    if lstat(path, &status) == 0 {
        let isLink = status.st_mode & S_IFMT == S_IFLNK
        let followed = isLink ? stat(path, &status) == 0 : true
        let kind = status.st_mode & S_IFMT
        if kind == S_IFDIR { throw CommandError(description: "cannot write \(path): it is a folder") }
        // /dev and /proc are views of descriptors and the kernel: `/dev/stdout` links to a redirected file
        // the shell holds open, which a rename would leave behind.
        if !followed || kind != S_IFREG || path.hasPrefix("/dev/") || path.hasPrefix("/proc/") {
            return try writeInPlace(bytes, to: path)
        }
        if isLink, let resolved = realpath(path, nil) {
            target = String(cString: resolved)
            free(resolved)
        }
    }
    do {
        try Data(bytes).write(to: URL(fileURLWithPath: target), options: .atomic)
    } catch {
        throw CommandError(description: "cannot write \(path): \(whyUnwritable(target) ?? error.localizedDescription)")
    }
}

/// Writes into what is already at `path` (truncating a regular file a link dangles to, creating it).
private func writeInPlace(_ bytes: [UInt8], to path: String) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
    guard descriptor >= 0 else { throw CommandError(description: "cannot write \(path): \(String(cString: strerror(errno)))") }
    defer { close(descriptor) }
    if let failure = writeAll(bytes, to: descriptor) {
        throw CommandError(description: "cannot write \(path): \(failure)")
    }
}

/// Writes bytes on stdout as they are, straight to the descriptor (after whatever `print` has buffered). A write that
/// fails — a full disk, a closed pipe — is an error: the report was not delivered.
func writeStandardOutput(_ bytes: [UInt8]) throws {
    try finishStandardOutput()
    if let failure = writeAll(bytes, to: STDOUT_FILENO) {
        throw CommandError(description: "cannot write the output to stdout: \(failure)")
    }
}

/// Text on stdout (see the bytes version).
func writeStandardOutput(_ text: String) throws {
    try writeStandardOutput(Array(text.utf8))
}

/// A progress line on stdout, flushed at once so a CI log follows it live and in order with what child processes write
/// to the same descriptor. A failed write does not stop the work it reports on: stdout's error flag stays set, and
/// `finishStandardOutput` turns it into exit 2 when the command ends.
func writeProgressLine(_ line: String) {
    print(line)
    _ = fflush(nil)
}

/// Flushes what `print` buffered on stdout; an error when it, or an earlier buffered write, failed. Called once more
/// as every command ends (`Gate.main`), so no command's output can be lost without exit 2.
func finishStandardOutput() throws {
    errno = 0
    if !flushStandardOutputStream() {
        let reason = errno != 0 ? String(cString: strerror(errno)) : "write error"
        throw CommandError(description: "cannot write the output to stdout: \(reason)")
    }
}

/// Writes every byte, retrying interrupted and partial writes; the reason when a write fails.
private func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> String? {
    bytes.withUnsafeBytes { buffer -> String? in
        guard let start = buffer.baseAddress else { return nil }
        var offset = 0
        while offset < buffer.count {
            let written = write(descriptor, start + offset, buffer.count - offset)
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return written < 0 ? String(cString: strerror(errno)) : "nothing was written" }
            offset += written
        }
        return nil
    }
}

/// Why a file cannot be written at `path`, in the words a person acts on (Foundation's "The file doesn't exist"
/// names neither the file nor the folder), or nil when the folder looks writable.
private func whyUnwritable(_ path: String) -> String? {
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
    var isDirectory: ObjCBool = false
    if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
        return "the folder \(folder) does not exist"
    }
    if !isDirectory.boolValue { return "\(folder) is not a folder" }
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
        return "it is a folder"
    }
    if !FileManager.default.isWritableFile(atPath: folder) { return "the folder \(folder) is not writable" }
    if FileManager.default.fileExists(atPath: path), !FileManager.default.isWritableFile(atPath: path) {
        return "the file is not writable"
    }
    return nil
}
