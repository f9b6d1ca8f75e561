import CZlib

/// zlib-backed content codings (RFC 9110 §8.4.1): request bodies arrive gzip'ed from tracking
/// SDKs, and large JSON responses are worth compressing. Decoding is bounded by the *decoded*
/// size, so a small compressed body cannot expand into gigabytes (a zip bomb).
enum BodyCoding {
    enum Failure: Error, Equatable {
        case tooLarge
        case corrupt
    }

    enum Format {
        case gzip
        /// "deflate" is the zlib format (RFC 1950); raw deflate is accepted too, as browsers do.
        case deflate
    }

    /// Decompresses `input`, refusing output beyond `limit` bytes as soon as it is exceeded.
    static func decode(_ input: [UInt8], format: Format, limit: Int) throws(Failure) -> [UInt8] {
        if input.isEmpty { return [] }
        switch format {
        case .gzip:
            return try inflate(input, windowBits: 15 + 16, limit: limit)
        case .deflate:
            do {
                return try inflate(input, windowBits: 15, limit: limit)
            } catch .corrupt {
                return try inflate(input, windowBits: -15, limit: limit)
            }
        }
    }

    private static func inflate(_ input: [UInt8], windowBits: Int32, limit: Int) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corrupt
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, max(input.count * 4, 1024)))
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let outcome: Failure? = input.withUnsafeBufferPointer { inputBuffer -> Failure? in
            stream.next_in = UnsafeMutablePointer(mutating: inputBuffer.baseAddress)
            stream.avail_in = uInt(inputBuffer.count)
            while true {
                let (status, produced) = chunk.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return (status, out.count - Int(stream.avail_out))
                }
                if produced > limit - output.count { return .tooLarge }
                output.append(contentsOf: chunk[0..<produced])
                switch status {
                case Z_STREAM_END:
                    // RFC 1952 §2.2: a gzip file may hold several members back to back.
                    if stream.avail_in > 0 && windowBits > 15 {
                        if inflateReset(&stream) != Z_OK { return .corrupt }
                        continue
                    }
                    return stream.avail_in == 0 ? nil : .corrupt
                case Z_OK:
                    continue
                case Z_BUF_ERROR:
                    // No progress possible: the input ended before the stream did.
                    if stream.avail_in == 0 { return .corrupt }
                    continue
                default:
                    return .corrupt
                }
            }
        }
        if let outcome { throw outcome }
        return output
    }

    /// gzip-compresses `input` in one pass; nil if zlib fails (the caller then sends it plain).
    static func gzip(_ input: [UInt8], level: Int32 = 5) -> [UInt8]? {
        var stream = z_stream()
        guard deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { return nil }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(input.count)))
        var output = [UInt8](repeating: 0, count: bound)
        let status = input.withUnsafeBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { out -> Int32 in
                stream.next_in = UnsafeMutablePointer(mutating: inputBuffer.baseAddress)
                stream.avail_in = uInt(inputBuffer.count)
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { return nil }
        output.removeLast(Int(stream.avail_out))
        return output
    }
}
