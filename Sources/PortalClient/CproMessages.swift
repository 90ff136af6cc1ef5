import Foundation

/// What every answer carries: `codeRetour` (0 on success) and `libelle`.
struct CproEnvelope: Decodable {
    let codeRetour: Int64
    let libelle: String?

    enum CodingKeys: String, CodingKey { case codeRetour, libelle }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        codeRetour = try container.number(.codeRetour)
        libelle = try container.decodeIfPresent(String.self, forKey: .libelle)
    }
}

/// `deposer/flux`'s request.
struct DepositBody: Encodable {
    let fichierFlux: String
    let nomFichier: String
    let syntaxeFlux: String
    let avecSignature: Bool
}

/// `deposer/flux`'s answer.
struct DepositAnswer: Decodable {
    let numeroFluxDepot: String
    let dateDepot: String?
}

/// `consulterCRDetaille`'s request.
struct FlowReportBody: Encodable {
    let numeroFluxDepot: String
}

/// `consulterCRDetaille`'s answer.
struct FlowReportAnswer: Decodable {
    struct InvoiceError: Decodable {
        let numeroDP: String?
        let libelleErreurDP: String?
    }

    struct TechnicalError: Decodable {
        let codeErreur: String?
        let libelleErreur: String?
    }

    let etatCourantDepotFlux: String
    let listeErreurDP: [InvoiceError]?
    let listeErreurTechnique: [TechnicalError]?
}

/// `rechercher/fournisseur`'s request.
struct SearchBody: Encodable {
    struct Page: Encodable {
        let pageResultatDemandee: Int
        let nbResultatsParPage: Int
    }

    let numeroFluxDepot: String?
    let numeroFacture: String?
    let rechercheFactureParFournisseur: Page
}

/// `rechercher/fournisseur`'s answer.
struct SearchAnswer: Decodable {
    struct Item: Decodable {
        let identifiantFactureCPP: String
        let numeroFacture: String
        let statut: String
        let numeroFluxDepot: String?
        let codeDestinataire: String?
        let codeFournisseur: String?
        let dateFacture: String?

        enum CodingKeys: String, CodingKey {
            case identifiantFactureCPP, numeroFacture, statut, numeroFluxDepot, codeDestinataire, codeFournisseur, dateFacture
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            identifiantFactureCPP = try container.identifier(.identifiantFactureCPP)
            numeroFacture = try container.decode(String.self, forKey: .numeroFacture)
            statut = try container.decode(String.self, forKey: .statut)
            numeroFluxDepot = try container.decodeIfPresent(String.self, forKey: .numeroFluxDepot)
            codeDestinataire = try container.decodeIfPresent(String.self, forKey: .codeDestinataire)
            codeFournisseur = try container.decodeIfPresent(String.self, forKey: .codeFournisseur)
            dateFacture = try container.decodeIfPresent(String.self, forKey: .dateFacture)
        }
    }

    struct Pagination: Decodable {
        let pages: Int?
    }

    let listeFactures: [Item]?
    let parametresRetour: Pagination?
}

/// `consulter/historique`'s request.
struct HistoryBody: Encodable {
    struct Page: Encodable {
        let nbResultatsParPageListeHistoStatut: Int
        let pageResultatDemandeeListeHistoStatut: Int
        let triColonneListeHistoStatut: String
        let triSensListeHistoStatut: String
    }

    let idFacture: Int64
    let paramRechercheHistoStatuts: Page
}

/// `consulter/historique`'s answer.
struct HistoryAnswer: Decodable {
    struct Status: Decodable {
        let histoStatutId: Int64?
        let histoStatutCode: String
        let histoStatutDatePassage: String?
        let histoStatutCommentaire: String?
    }

    struct Statuses: Decodable {
        let histoStatut: [Status]?
        let pagesHistoStatut: Int?
    }

    let statutCourantCode: String
    let historiquesDesStatuts: Statuses?
}

extension KeyedDecodingContainer {
    /// A whole number written as a number or a string of digits.
    func number(_ key: Key) throws -> Int64 {
        if let value = try? decode(Int64.self, forKey: key) { return value }
        let text = try decode(String.self, forKey: key)
        guard let value = Int64(text.trimmingCharacters(in: .whitespaces)) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\"\(text)\" is not a whole number")
        }
        return value
    }

    /// An identifier written as a number or a string.
    func identifier(_ key: Key) throws -> String {
        if let value = try? decode(Int64.self, forKey: key) { return String(value) }
        let text = try decode(String.self, forKey: key)
        guard !text.isEmpty else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "the identifier is empty")
        }
        return text
    }
}
