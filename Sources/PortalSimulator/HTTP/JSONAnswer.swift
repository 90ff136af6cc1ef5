import HTTPTypes
import Hummingbird
import NIOCore
import StableJSON

/// JSON answers written by `StableJSONEncoder`: keys in declared order, the same bytes in every process.
enum JSONAnswer {
    static let contentType = "application/json;charset=utf-8"

    /// `value` as JSON.
    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = contentType
        do {
            let data = try StableJSONEncoder().encode(value)
            return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        } catch {
            let fallback = #"{"codeRetour":500,"libelle":"the answer could not be written"}"#
            return Response(
                status: .internalServerError, headers: [.contentType: contentType],
                body: ResponseBody(byteBuffer: ByteBuffer(string: fallback)))
        }
    }

    /// A refusal in Chorus Pro's shape.
    static func failure(_ failure: CproFailure) -> Response {
        make(CproStatusAnswer(codeRetour: failure.code, libelle: failure.message), status: failure.status, headers: failure.headers)
    }
}
