import Foundation
import HTTPTypes
import Hummingbird
import MultipartKit
import NIOCore

/// Reads the invoice out of a deposit request: the raw body (UBL, CII, PDF) or the file part of a
/// `multipart/form-data` upload, within the size limit.
///
/// The declared `Content-Length` is checked before anything is read, so an oversized upload is refused
/// at once; a body without a length is read only up to the limit. Memory stays bounded by the limit.
struct DepositBody {
    /// The media types a deposit may declare (no declaration: the bytes are sniffed).
    static let rawTypes: Set<String> = [
        "application/xml", "text/xml", "application/pdf", "application/octet-stream",
    ]

    /// The largest body accepted.
    let limit: Int

    /// The invoice bytes of the request.
    func read(_ request: Request) async throws(APIError) -> Data {
        if let declared = request.headers[.contentLength] {
            guard let length = Int(declared), length >= 0 else {
                throw .badRequest(.badContentLength, "Content-Length is not a number of bytes: \(declared)")
            }
            guard length <= limit else { throw tooLarge(length) }
        }
        let mediaType = MediaTypeHeader(request.headers[.contentType])
        let isMultipart = mediaType?.type == "multipart/form-data"
        if let mediaType, !isMultipart, !Self.rawTypes.contains(mediaType.type) {
            throw APIError(
                .unsupportedMediaType, code: .unsupportedMediaType,
                message:
                    "a deposit is UBL or CII XML (application/xml), a Factur-X PDF (application/pdf) or a multipart/form-data upload, not \(mediaType.type)"
            )
        }
        let body = try await collect(request.body)
        let bytes = isMultipart ? try filePart(of: body, boundary: mediaType?.parameters["boundary"]) : body
        if let mediaType, !isMultipart { try checkAgreement(of: bytes, with: mediaType.type) }
        return bytes
    }

    private func tooLarge(_ size: Int?) -> APIError {
        let what = size.map { "\($0) bytes" } ?? "more than \(limit) bytes"
        return APIError(
            .contentTooLarge, code: .tooLarge, message: "the body has \(what); the limit is \(limit) bytes",
            details: ["limit": String(limit)], headers: [.connection: "close"])
    }

    func collect(_ body: RequestBody) async throws(APIError) -> Data {
        var data = Data()
        do {
            for try await buffer in body {
                guard data.count + buffer.readableBytes <= limit else { throw tooLarge(nil) }
                buffer.withUnsafeReadableBytes { data.append(contentsOf: $0) }
            }
        } catch let error as APIError {
            throw error
        } catch {
            throw .badRequest(.unreadableBody, "the request body could not be read: \(error)")
        }
        return data
    }

    /// The first part that carries a file (or, failing that, the part named `invoice` or `file`).
    private func filePart(of body: Data, boundary: String?) throws(APIError) -> Data {
        let parts = try Self.parts(of: body, boundary: boundary)
        if let part = parts.first(where: { $0.disposition.filename != nil }) { return part.body }
        if let part = parts.first(where: { $0.disposition.name == "invoice" || $0.disposition.name == "file" }) { return part.body }
        throw .badRequest(
            .missingFile, "the multipart/form-data body has no file part (a part with a filename, or named invoice or file)")
    }

    /// One part of a `multipart/form-data` body.
    struct Part {
        /// Its `Content-Disposition`: the field's name, the file's name.
        let disposition: ContentDisposition
        /// Its content.
        let body: Data
    }

    /// The complete parts of a `multipart/form-data` body, in order.
    static func parts(of body: Data, boundary: String?) throws(APIError) -> [Part] {
        guard let boundary, !boundary.isEmpty, boundary.utf8.count <= 70 else {
            throw .badRequest(.malformedMultipart, "a multipart/form-data body needs a boundary parameter (1 to 70 characters)")
        }
        guard Self.headerNamesAreASCII(body, boundary: boundary) else {
            throw .badRequest(.malformedMultipart, "a part's header name in the multipart/form-data body is not ASCII")
        }
        var parts: [(headers: [String: String], body: Data)] = []
        var headers: [String: String] = [:]
        var current = Data()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { buffer in
            buffer.withUnsafeReadableBytes { current.append(contentsOf: $0) }
            buffer.moveReaderIndex(to: buffer.writerIndex)
        }
        parser.onPartComplete = {
            parts.append((headers, current))
            headers = [:]
            current = Data()
        }
        do {
            try parser.execute(ByteBuffer(bytes: body))
        } catch {
            throw .badRequest(.malformedMultipart, "the multipart/form-data body is malformed")
        }
        guard !parts.isEmpty else {
            throw .badRequest(.malformedMultipart, "the multipart/form-data body has no complete part (boundary \(boundary))")
        }
        return parts.map { Part(disposition: ContentDisposition($0.headers["content-disposition"]), body: $0.body) }
    }

    /// Whether every header line of every part has only ASCII bytes before its colon (or in the whole line when it
    /// has none). multipart-kit 4.7.1 looks each header-name byte up in a table of 128 entries, so a byte of 128 or
    /// more there would stop the process: such a body is refused before the parser sees it. A part's header lines
    /// are those after a `--boundary` line, up to the first empty line.
    static func headerNamesAreASCII(_ body: Data, boundary: String) -> Bool {
        let delimiter = Data("--\(boundary)".utf8)
        let newline = UInt8(ascii: "\n")
        /// Where the line that starts at `index` ends: its newline, or the end of the body.
        func lineEnd(from index: Data.Index) -> Data.Index {
            body[index...].firstIndex(of: newline) ?? body.endIndex
        }
        var searchFrom = body.startIndex
        while let found = body.range(of: delimiter, in: searchFrom..<body.endIndex) {
            // The rest of the delimiter line, then header lines until an empty one.
            var cursor = min(lineEnd(from: found.upperBound) + 1, body.endIndex)
            while cursor < body.endIndex {
                let end = lineEnd(from: cursor)
                let line = body[cursor..<end]
                if line.isEmpty || line.elementsEqual([UInt8(ascii: "\r")]) { break }
                if line.prefix(while: { $0 != UInt8(ascii: ":") }).contains(where: { $0 >= 0x80 }) { return false }
                cursor = min(end + 1, body.endIndex)
            }
            searchFrom = found.upperBound
        }
        return true
    }

    /// A declared PDF must be a PDF and declared XML must not be one.
    private func checkAgreement(of bytes: Data, with type: String) throws(APIError) {
        guard !bytes.isEmpty else { return }
        let isPDF = bytes.starts(with: Array("%PDF-".utf8))
        if type == "application/pdf", !isPDF {
            throw APIError(
                .unsupportedMediaType, code: .contentTypeMismatch,
                message: "the body is declared application/pdf but does not start with %PDF-")
        }
        if type.hasSuffix("/xml"), isPDF {
            throw APIError(
                .unsupportedMediaType, code: .contentTypeMismatch,
                message: "the body is declared \(type) but is a PDF; declare application/pdf")
        }
    }
}

/// A `Content-Type` header: its type (lowercased) and parameters.
struct MediaTypeHeader {
    let type: String
    let parameters: [String: String]

    init?(_ header: String?) {
        guard let header else { return nil }
        let pieces = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = pieces.first, !first.isEmpty else { return nil }
        type = first.lowercased()
        var parameters: [String: String] = [:]
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let name = piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            parameters[name] = value
        }
        self.parameters = parameters
    }
}

/// The `name` and `filename` of a part's `Content-Disposition`.
struct ContentDisposition {
    let name: String?
    let filename: String?

    init(_ header: String?) {
        let parsed = MediaTypeHeader(header.map { "x;" + $0.split(separator: ";", maxSplits: 1).dropFirst().joined() })
        name = parsed?.parameters["name"]
        filename = parsed?.parameters["filename"]
    }
}
