/// `POST /cpro/factures/v1/deposer/flux`.
struct DepositRequest: Decodable, Sendable {
    /// The file, base64.
    let fichierFlux: String?
    /// Its name, with its extension.
    let nomFichier: String?
    /// Its syntax code.
    let syntaxeFlux: String?
    /// Whether it is signed.
    let avecSignature: Bool?

    enum CodingKeys: String, CodingKey { case fichierFlux, nomFichier, syntaxeFlux, avecSignature }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // The file is not trimmed: its base64 is checked as it is.
        fichierFlux = try container.decodeIfPresent(String.self, forKey: .fichierFlux)
        nomFichier = try container.text(.nomFichier)
        syntaxeFlux = try container.text(.syntaxeFlux)
        avecSignature = try container.flag(.avecSignature)
    }
}

/// `POST /cpro/transverses/v1/consulterCRDetaille`.
struct FlowReportRequest: Decodable, Sendable {
    let numeroFluxDepot: String?

    enum CodingKeys: String, CodingKey { case numeroFluxDepot }

    init(from decoder: any Decoder) throws {
        numeroFluxDepot = try decoder.container(keyedBy: CodingKeys.self).text(.numeroFluxDepot)
    }
}

/// `POST /cpro/factures/v1/rechercher/fournisseur`: by flow and/or number, a page at a time.
struct InvoiceSearchRequest: Decodable, Sendable {
    let numeroFluxDepot: String?
    let numeroFacture: String?
    /// 1-based; 1 when absent.
    let page: Int
    /// 10 when absent, as the real portal.
    let perPage: Int

    enum CodingKeys: String, CodingKey { case numeroFluxDepot, numeroFacture, rechercheFactureParFournisseur }
    enum PageKeys: String, CodingKey { case pageResultatDemandee, nbResultatsParPage }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        numeroFluxDepot = try container.text(.numeroFluxDepot)
        numeroFacture = try container.text(.numeroFacture)
        var page: Int64?
        var perPage: Int64?
        if container.contains(.rechercheFactureParFournisseur), try !container.decodeNil(forKey: .rechercheFactureParFournisseur) {
            let pagination = try container.nestedContainer(keyedBy: PageKeys.self, forKey: .rechercheFactureParFournisseur)
            page = try pagination.positiveInteger(.pageResultatDemandee)
            perPage = try pagination.positiveInteger(.nbResultatsParPage)
        }
        self.page = Int(min(page ?? 1, 1_000_000))
        self.perPage = Int(min(perPage ?? 10, 10_000))
    }
}

/// `POST /cpro/factures/v1/consulter/historique`.
struct HistoryRequest: Decodable, Sendable {
    let idFacture: Int64?
    let page: Int
    let perPage: Int
    /// Newest first unless `Ascendant` is asked, as the real portal sorts.
    let ascending: Bool

    enum CodingKeys: String, CodingKey { case idFacture, paramRechercheHistoStatuts }
    enum PageKeys: String, CodingKey {
        case nbResultatsParPageListeHistoStatut, pageResultatDemandeeListeHistoStatut, triSensListeHistoStatut
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        idFacture = try container.positiveInteger(.idFacture)
        var page: Int64?
        var perPage: Int64?
        var ascending = false
        if container.contains(.paramRechercheHistoStatuts), try !container.decodeNil(forKey: .paramRechercheHistoStatuts) {
            let pagination = try container.nestedContainer(keyedBy: PageKeys.self, forKey: .paramRechercheHistoStatuts)
            page = try pagination.positiveInteger(.pageResultatDemandeeListeHistoStatut)
            perPage = try pagination.positiveInteger(.nbResultatsParPageListeHistoStatut)
            ascending = try pagination.text(.triSensListeHistoStatut) == "Ascendant"
        }
        self.page = Int(min(page ?? 1, 1_000_000))
        self.perPage = Int(min(perPage ?? 10, 10_000))
        self.ascending = ascending
    }
}
