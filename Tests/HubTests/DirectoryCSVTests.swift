import Foundation
import Hub
import HubTestSupport
import Testing

@Suite("Buyer directory file")
struct DirectoryCSVTests {
    func read(_ text: String) throws(HubError) -> [BuyerDirectoryEntry] {
        try DirectoryCSV.read(Data(text.utf8))
    }

    /// The bad lines a file is refused for.
    func badLines(_ text: String) -> [Int] {
        do {
            _ = try read(text)
            return []
        } catch {
            guard case .directoryFile(let errors) = error else { return [-1] }
            return errors.map(\.line)
        }
    }

    @Test("the fixtures' directory reads into its structures and services")
    func fixture() throws {
        let entries = try DirectoryCSV.read(HubFixtures.bytes("directory.csv"))
        #expect(entries.count == 8)
        #expect(entries.reduce(0) { $0 + $1.services.count } == 11)
        let hospital = try #require(entries.first { $0.identifier == "26290024400019" })
        #expect(hospital.name == "Centre hospitalier des Pays de Morlaix")
        #expect(hospital.services.first?.name == "Achats; logistique et travaux")
        #expect(!hospital.serviceCodeRequired && hospital.engagementRequired)
        #expect(entries.first { $0.identifier == "25290345500019" }?.active == false)
        #expect(entries.first { $0.identifier == "23350001600016" }?.services.isEmpty == true)
    }

    @Test("a byte-order mark, CRLF line ends, quoted separators, quotes and line breaks in quotes")
    func quoting() throws {
        let text =
            "\u{FEFF}Identifiant;Raison sociale;Code service;Libellé service\r\n"
            + "21290198700017;\"Commune de \"\"Plouzané\"\"\";VOIRIE;\"Voirie;\r\nréseaux\"\r\n"
            + "\r\n"
            + "21290198700017;\"Commune de \"\"Plouzané\"\"\";ECOLES;Écoles\r\n"
        let entries = try read(text)
        #expect(entries.count == 1)
        #expect(entries.first?.name == "Commune de \"Plouzané\"")
        #expect(entries.first?.services.map(\.name) == ["Voirie;\r\nréseaux", "Écoles"])
        // A bad line after a quoted line break is numbered by where it starts.
        #expect(badLines(text + "123;Nope;;\r\n") == [6])
    }

    @Test("commas or tabs as separators, English headers, any column order, extra columns ignored")
    func separatorsAndHeaders() throws {
        let commas = try read(
            "name,identifier,active,service_code_required,engagement_required,address\n"
                + "Commune de Plouzané,21290198700017,true,1,no,\"Place de la Mairie, 29280\"\n")
        #expect(commas.first?.identifier == "21290198700017")
        #expect(commas.first?.serviceCodeRequired == true)
        #expect(commas.first?.engagementRequired == false)
        let tabs = try read("identifiant\traison_sociale\tstatut\n21290198700017\tCommune de Plouzané\tINACTIF\n")
        #expect(tabs.first?.active == false)
    }

    @Test("a file in Windows-1252 is read")
    func windows1252() throws {
        var bytes = Data("identifiant;raison_sociale\n21290198700017;Commune de Plouzan".utf8)
        bytes.append(0xE9)  // é in Windows-1252
        bytes.append(contentsOf: Array("\n".utf8))
        #expect(try DirectoryCSV.read(bytes).first?.name == "Commune de Plouzané")
    }

    @Test("every bad line is reported with its number")
    func badLinesReported() {
        let text = """
            identifiant;raison_sociale;actif;code_service
            21290198700017;Commune de Plouzané;oui;VOIRIE
            21290198700018;Faute de clé;oui;
            21290130000013;Commune de Locmaria-Plouzané;peut-être;
            21290197900014;;oui;
            21290198700017;Commune de Plouzané;oui;VOIRIE
            21290198700017;Commune de Plouzane;oui;ECOLES
            22290001100016;Département du Finistère;oui
            23350001600016;"Région Bretagne;oui;
            """
        #expect(badLines(text) == [3, 4, 5, 6, 7, 8, 9])
    }

    @Test("a header without the required columns, or an empty file, is refused")
    func headers() {
        #expect(badLines("") == [1])
        #expect(badLines("\n\n") == [1])
        #expect(badLines("siret;nom_commune\n21290198700017;Plouzané\n") == [1, 1])
        #expect(badLines("identifiant;raison_sociale;raison_sociale\n") == [1])
        #expect(badLines("identifiant;raison_sociale;libelle_service\n") == [1])
    }

    @Test("identifier types other than SIRET are kept as given; numbered types are understood")
    func identifierTypes() throws {
        let entries = try read(
            "type_identifiant;identifiant;raison_sociale\nUE_HORS_FRANCE;BE0123456789;Commune de Bruxelles\n1;21290198700017;Plouzané\n7;X;Y\n"
                .replacingOccurrences(of: "7;X;Y\n", with: ""))
        #expect(entries.map(\.identifierType) == [.euOutsideFrance, .siret])
        #expect(badLines("type_identifiant;identifiant;raison_sociale\nFOO;1;X\n") == [2])
    }
}
