import HTTPTypes

/// A refusal in Chorus Pro's shape: an HTTP status and a body of `codeRetour` and `libelle`
/// (`CproErrorMiddleware` writes it).
///
/// Return codes: 20001 a mandatory field is missing, 20002 a field's value is not acceptable, 20003 the file
/// is too large, 20004 no flow or invoice has this number, 20005 the body is not the JSON expected; gateway
/// refusals (401, 403, 404, 429, 500, 503) carry their HTTP status as their code.
struct CproFailure: Error, Sendable {
    let status: HTTPResponse.Status
    let code: Int
    let message: String
    var headers: HTTPFields = [:]

    static func missing(_ field: String) -> CproFailure {
        CproFailure(status: .badRequest, code: 20001, message: "Le paramètre \(field) est obligatoire (\(field) is required).")
    }

    static func invalid(_ field: String, _ reason: String) -> CproFailure {
        CproFailure(status: .badRequest, code: 20002, message: "Le paramètre \(field) est invalide (\(reason)).")
    }

    static func tooLarge(_ limit: Int) -> CproFailure {
        CproFailure(
            status: .contentTooLarge, code: 20003,
            message: "Le fichier dépasse la taille maximale autorisée (over \(limit) bytes).")
    }

    static func unknown(_ what: String, _ value: String) -> CproFailure {
        CproFailure(status: .badRequest, code: 20004, message: "Aucun \(what) ne correspond à \(value) (no such \(what)).")
    }

    static func unreadableBody(_ reason: String) -> CproFailure {
        CproFailure(status: .badRequest, code: 20005, message: "Le corps de la requête est invalide (\(reason)).")
    }
}
