/// Files whose content is media (images, audio, video, fonts, 3D models) or a trained model's weights, known by their
/// extension: bytes no deploy runs as code, no migration, no configuration, which gate reads only as bytes when
/// they are committed (and finds nothing to judge). A Git LFS pointer at such a path stands for such bytes, so it is
/// judged as they would be, not as content gate could not analyse.
///
/// Tabular data (`.csv`, `.parquet`, `.sqlite`), documents, pickles (`.pkl`, `.joblib`: loading one runs code) and
/// archives are not assets here: they may hold keys or code, and unread they stay for a person to look at.
enum AssetFiles {
    /// Whether `path`'s extension names media or model weights.
    static func isMediaOrModelWeights(_ path: String) -> Bool {
        let name = path.split(separator: "/").last ?? Substring(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
        return extensions.contains(name[name.index(after: dot)...].lowercased())
    }

    private static let extensions: Set<String> = [
        // Images and textures.
        "png", "jpg", "jpeg", "gif", "webp", "bmp", "ico", "icns", "tif", "tiff", "psd", "heic", "heif", "avif", "jxl",
        "xcf", "exr", "hdr", "tga", "dds", "ktx", "ktx2", "cr2", "nef", "dng",
        // Audio and video.
        "mp3", "wav", "flac", "ogg", "oga", "opus", "m4a", "aac", "aif", "aiff", "wma", "mp4", "m4v", "mov", "avi",
        "mkv", "webm", "wmv", "flv", "mpg", "mpeg", "3gp", "ogv",
        // Fonts.
        "ttf", "otf", "woff", "woff2", "eot", "ttc",
        // 3D models.
        "glb", "fbx", "blend",
        // Model weights and tensors (PyTorch's `.pt`, `.pth` and NumPy's `.npz` are zip files of tensors).
        "onnx", "pt", "pth", "ckpt", "safetensors", "bin", "h5", "hdf5", "pb", "tflite", "gguf", "ggml", "mlmodel",
        "npy", "npz", "keras", "caffemodel",
    ]
}
