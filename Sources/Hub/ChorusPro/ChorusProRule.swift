import Foundation
public import InvoiceRules

/// The Chorus Pro rules, with their ids and messages (`%1`, `%2` … stand for the values of each finding).
public enum ChorusProRule: String, Sendable, CaseIterable {
    case buyerWithoutSIRET = "CPP-01"
    case buyerSIRETInvalid = "CPP-02"
    case buyerUnknown = "CPP-03"
    case buyerInactive = "CPP-04"
    case serviceMissing = "CPP-05"
    case serviceUnknown = "CPP-06"
    case serviceInactive = "CPP-07"
    case engagementMissing = "CPP-08"
    case engagementTooLong = "CPP-09"
    case identifierInvalid = "CPP-10"
    case attachmentTooLarge = "CPP-11"
    case totalTooLarge = "CPP-12"
    case attachmentNameInvalid = "CPP-13"
    case attachmentTypeRefused = "CPP-14"

    /// The rule id.
    public var id: String { rawValue }

    /// Every Chorus Pro rule stops the invoice: the portal would reject it.
    public var severity: Severity { .fatal }

    /// The message, with `%1`… placeholders.
    public var template: Message {
        switch self {
        case .buyerWithoutSIRET:
            Message(
                fr: "L'acheteur public doit être identifié par son SIRET : un identifiant de schéma 0009 (BT-46 ou BT-47).",
                en: "The public buyer must be identified by its SIRET: an identifier with scheme 0009 (BT-46 or BT-47).")
        case .buyerSIRETInvalid:
            Message(
                fr: "Le SIRET de l'acheteur « %1 » n'est pas valide : 14 chiffres dont la clé de Luhn est juste.",
                en: "The buyer SIRET \"%1\" is not valid: 14 digits with a correct Luhn check digit are expected.")
        case .buyerUnknown:
            Message(
                fr: "L'acheteur de SIRET %1 n'est pas une structure publique de l'annuaire Chorus Pro.",
                en: "The buyer with SIRET %1 is not a public structure of the Chorus Pro directory.")
        case .buyerInactive:
            Message(
                fr: "La structure publique %2 (SIRET %1) est inactive dans l'annuaire : elle ne reçoit pas de factures.",
                en: "The public structure %2 (SIRET %1) is inactive in the directory: it does not receive invoices.")
        case .serviceMissing:
            Message(
                fr: "%1 exige un code service : indiquez-le dans la référence acheteur (BT-10).",
                en: "%1 requires a service code: give it as the buyer reference (BT-10).")
        case .serviceUnknown:
            Message(
                fr: "Le code service « %1 » (BT-10) n'est pas un service de %2.",
                en: "The service code \"%1\" (BT-10) is not a service of %2.")
        case .serviceInactive:
            Message(
                fr: "Le service « %1 » de %2 est inactif : il ne reçoit pas de factures.",
                en: "The service \"%1\" of %2 is inactive: it does not receive invoices.")
        case .engagementMissing:
            Message(
                fr: "%1 exige un numéro d'engagement : indiquez-le dans la référence de commande (BT-13).",
                en: "%1 requires an engagement number: give it as the purchase order reference (BT-13).")
        case .engagementTooLong:
            Message(
                fr: "Le numéro d'engagement (BT-13) a %1 caractères ; Chorus Pro en accepte au plus 50.",
                en: "The engagement number (BT-13) has %1 characters; Chorus Pro accepts at most 50.")
        case .identifierInvalid:
            Message(
                fr: "L'identifiant « %1 » (%2) n'est pas un SIRET ou SIREN valide : sa clé de Luhn est fausse ou sa longueur incorrecte.",
                en: "The identifier \"%1\" (%2) is not a valid SIRET or SIREN: wrong Luhn check digit or wrong length.")
        case .attachmentTooLarge:
            Message(
                fr: "La pièce jointe « %1 » pèse %2 Mo ; Chorus Pro n'accepte que les fichiers de moins de 10 Mo.",
                en: "The attachment \"%1\" is %2 MB; Chorus Pro accepts only files under 10 MB.")
        case .totalTooLarge:
            Message(
                fr: "La facture et ses pièces jointes pèsent %1 Mo ; Chorus Pro en accepte au plus 120.",
                en: "The invoice with its attachments is %1 MB; Chorus Pro accepts at most 120 MB.")
        case .attachmentNameInvalid:
            Message(
                fr: "Le nom de fichier « %1 » doit avoir au plus 50 caractères et une extension.",
                en: "The file name \"%1\" must have at most 50 characters and an extension.")
        case .attachmentTypeRefused:
            Message(
                fr: "Le fichier « %1 » a l'extension « %2 », que Chorus Pro n'accepte pas.",
                en: "The file \"%1\" has the extension \"%2\", which Chorus Pro does not accept.")
        }
    }

    /// A finding of this rule at a location, the placeholders filled with `values`.
    public func finding(at path: String, _ values: [String]) -> Finding {
        func fill(_ text: String) -> String {
            var out = text
            for (index, value) in values.enumerated().reversed() {
                out = out.replacingOccurrences(of: "%\(index + 1)", with: value)
            }
            return out
        }
        return Finding(
            rule: id, severity: severity, message: Message(fr: fill(template.fr), en: fill(template.en)),
            location: Location(path: path, line: 0))
    }
}
