import Foundation

/// The success code and message every Chorus Pro answer carries.
enum CproReturn {
    static let success = 0
    static let successMessage = "TRA_MSG_00.000"
}

/// An answer that is only a return code and a message (errors; the shape of PISTE's 400 bodies).
struct CproStatusAnswer: Encodable, Sendable {
    let codeRetour: Int
    let libelle: String
}

/// `deposer/flux`'s answer.
struct DepositAnswer: Encodable, Sendable {
    let codeRetour: Int
    let libelle: String
    let numeroFluxDepot: String
    /// `2026-12-04`.
    let dateDepot: String
    let syntaxeFlux: String
}

/// `consulterCRDetaille`'s answer.
struct FlowReportAnswer: Encodable, Sendable {
    /// One finding on the flow's invoice.
    struct InvoiceError: Encodable, Sendable {
        let numeroDP: String?
        let identifiantFournisseur: String?
        let identifiantDestinataire: String?
        let libelleErreurDP: String
    }

    /// A problem with the file itself.
    struct TechnicalError: Encodable, Sendable {
        let codeErreur: String?
        let libelleErreur: String
        let natureErreur: String?
    }

    let codeRetour: Int
    let libelle: String
    let numeroFluxDepot: String
    let nomFichier: String
    let syntaxeFlux: String
    /// RFC 3339.
    let dateDepotFlux: String
    let etatCourantDepotFlux: String
    /// RFC 3339.
    let dateHeureEtatCourantFlux: String
    let listeErreurDP: [InvoiceError]
    let listeErreurTechnique: [TechnicalError]

    init(_ flow: FlowRecord) {
        codeRetour = CproReturn.success
        libelle = CproReturn.successMessage
        numeroFluxDepot = flow.number
        nomFichier = flow.fileName
        syntaxeFlux = flow.syntax
        dateDepotFlux = PortalTime.instant(flow.depositedAt)
        etatCourantDepotFlux = flow.state.rawValue
        dateHeureEtatCourantFlux = PortalTime.instant(flow.stateAt)
        listeErreurDP = flow.errors.filter { $0.kind == .invoice }.map {
            InvoiceError(
                numeroDP: $0.invoiceNumber, identifiantFournisseur: $0.supplier, identifiantDestinataire: $0.buyer,
                libelleErreurDP: $0.message)
        }
        listeErreurTechnique = flow.errors.filter { $0.kind == .technical }.map {
            TechnicalError(codeErreur: $0.code, libelleErreur: $0.message, natureErreur: $0.nature)
        }
    }
}

/// `rechercher/fournisseur`'s answer.
struct InvoiceSearchAnswer: Encodable, Sendable {
    /// One invoice.
    struct Item: Encodable, Sendable {
        let identifiantFactureCPP: Int64
        let numeroFacture: String
        let typeFacture: String
        let statut: String
        let numeroFluxDepot: String
        /// `2026-12-04`.
        let dateDepot: String
        let dateFacture: String?
        /// RFC 3339.
        let dateHeureEtatCourant: String
        let codeFournisseur: String
        let designationFournisseur: String?
        let codeDestinataire: String?
        let designationDestinataire: String?
        let codeServiceExecutant: String?
        let numeroBonCommande: String?
        let numeroMarche: String?
        let devise: String?
        let montantHT: Decimal?
        let montantTTC: Decimal?
        let montantAPayer: Decimal?

        init(_ record: InvoiceRecord) {
            let invoice = record.invoice
            identifiantFactureCPP = record.id
            numeroFacture = invoice.number
            typeFacture = invoice.type.rawValue
            statut = record.status.rawValue
            numeroFluxDepot = record.flowNumber
            dateDepot = PortalTime.date(record.depositedAt)
            dateFacture = invoice.issueDate
            dateHeureEtatCourant = PortalTime.instant(record.statusAt)
            codeFournisseur = invoice.supplier
            designationFournisseur = invoice.supplierName
            codeDestinataire = invoice.buyer
            designationDestinataire = invoice.buyerName
            codeServiceExecutant = invoice.serviceCode
            numeroBonCommande = invoice.purchaseOrder
            numeroMarche = invoice.contract
            devise = invoice.currency
            montantHT = invoice.amountHT.flatMap { Decimal(string: $0) }
            montantTTC = invoice.amountTTC.flatMap { Decimal(string: $0) }
            montantAPayer = invoice.amountDue.flatMap { Decimal(string: $0) }
        }
    }

    /// Where the page stands.
    struct Pagination: Encodable, Sendable {
        let pageCourante: Int
        let pages: Int
        let nbResultatsParPage: Int
        let total: Int
    }

    let codeRetour: Int
    let libelle: String
    let listeFactures: [Item]
    let parametresRetour: Pagination
}

/// `consulter/historique`'s answer.
struct HistoryAnswer: Encodable, Sendable {
    /// One status passed.
    struct Status: Encodable, Sendable {
        let histoStatutId: Int64
        let histoStatutCode: String
        /// `2026-12-04 10:15`.
        let histoStatutDatePassage: String
        let histoStatutCommentaire: String?
    }

    /// A page of statuses.
    struct Statuses: Encodable, Sendable {
        let histoStatut: [Status]
        let nbResultatsParPageHistoStatut: Int
        let pageCouranteHistoStatut: Int
        let pagesHistoStatut: Int
        let totalHistoStatut: Int
    }

    let codeRetour: Int
    let libelle: String
    let idFacture: Int64
    let numeroFacture: String
    let statutCourantCode: String
    let historiquesDesStatuts: Statuses
}

/// The token endpoint's answer (RFC 6749 §5.1, as PISTE writes it).
struct TokenAnswer: Encodable, Sendable {
    let access_token: String
    let token_type: String
    let expires_in: Int
    let scope: String
}

/// The token endpoint's error (RFC 6749 §5.2).
struct TokenError: Encodable, Sendable {
    let error: String
    let error_description: String
}
