import Foundation
import HTTPTypes
import Hummingbird

/// Reads request bodies, every failure a `CproFailure`.
enum RequestBody {
    /// The body's bytes, at most `limit`.
    static func bytes(_ request: Request, limit: Int) async throws -> Data {
        do {
            return Data(try await request.body.collect(upTo: limit).readableBytesView)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw CproFailure.tooLarge(limit)
        }
    }

    /// The body read as JSON into `T`.
    static func json<T: Decodable>(_ type: T.Type, _ request: Request, limit: Int = 1 << 20) async throws -> T {
        let data = try await bytes(request, limit: limit)
        do { return try JSONDecoder().decode(T.self, from: data) } catch let error as DecodingError {
            throw CproFailure.unreadableBody(describe(error))
        } catch {
            throw CproFailure.unreadableBody("not JSON")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context), .keyNotFound(_, let context), .typeMismatch(_, let context),
            .valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "not the JSON object expected" : "\(path): \(context.debugDescription)"
        @unknown default:
            return "not the JSON object expected"
        }
    }
}
